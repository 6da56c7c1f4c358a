import Storage

/// Accumulates pathways and hands them over as one `ColumnBatch` in `PathwaySchema` order.
///
/// Rows are kept as `PathwayRow`s — one append per row, not one per column — and turned into
/// columns once, by tight loops, in `takeBatch`. Code columns come out dictionary-coded over the
/// shared sorted code lists (`PathwayCodes`), so the store never hashes their strings again.
public struct PathwayColumnsBuilder: Sendable {
    private var rows: [PathwayRow] = []
    /// Certification codes, back to back; `codeEnds[i]` is where row i's code ends.
    private var codeBytes: [UInt8] = []
    private var codeEnds: [UInt32] = []

    public init() {}

    init(reservingCapacity rows: Int) {
        self.rows.reserveCapacity(rows)
        codeEnds.reserveCapacity(rows)
        codeBytes.reserveCapacity(rows * 10)
    }

    public var count: Int { rows.count }

    /// Adds a parsed row and its certification code's bytes.
    @inline(__always)
    mutating func append(_ row: PathwayRow, certificationCode: UnsafeRawBufferPointer) {
        rows.append(row)
        codeBytes.append(contentsOf: certificationCode)
        codeEnds.append(UInt32(codeBytes.count))
    }

    /// Adds a pathway given with `String`s (the generator, tests). Its codes must be harmonised ones.
    public mutating func append(_ p: Pathway) {
        func code(_ value: String?, _ list: [String]) -> UInt8 {
            guard let value else { return PathwayCodes.null }
            guard let index = PathwayCodes.index(value, in: list) else { preconditionFailure("'\(value)' is not a harmonised code") }
            return index
        }
        var row = PathwayRow()
        row.pathwayID = p.pathwayID
        row.candidateID = p.candidateID
        row.certifier = code(p.certifier, PathwayCodes.certifiers)
        row.level = p.level ?? 0
        row.region = code(p.region, PathwayCodes.regions)
        row.department = code(p.department, PathwayCodes.departments)
        row.sex = code(p.sex, PathwayCodes.sexes)
        row.birthYear = p.birthYear ?? 0
        row.employmentStatus = code(p.employmentStatus, PathwayCodes.employmentStatuses)
        row.funding = code(p.funding, PathwayCodes.fundings)
        row.infoDate = p.infoDate ?? PathwayRow.nullDate
        row.applicationDate = p.applicationDate
        row.admissibilityDate = p.admissibilityDate ?? PathwayRow.nullDate
        row.admissible = p.admissible.map { $0 ? PathwayCodes.yes : PathwayCodes.no } ?? PathwayCodes.null
        row.supportStartDate = p.supportStartDate ?? PathwayRow.nullDate
        row.portfolioDate = p.portfolioDate ?? PathwayRow.nullDate
        row.juryDate = p.juryDate ?? PathwayRow.nullDate
        row.outcome = code(p.outcome, PathwayCodes.outcomes)
        row.outcomeDate = p.outcomeDate ?? PathwayRow.nullDate
        var text = p.certificationCode
        text.withUTF8 { append(row, certificationCode: UnsafeRawBufferPointer($0)) }
    }

    /// The accumulated rows as a batch in `PathwaySchema` order; the builder is emptied.
    public mutating func takeBatch() -> ColumnBatch {
        defer { self = PathwayColumnsBuilder() }
        let codes = StringColumn(offsets: [0] + codeEnds, bytes: codeBytes)
        return try! ColumnBatch([
            Column(.int64(values { $0.pathwayID })), Column(.int64(values { Int64(bitPattern: $0.candidateID) })),
            coded(PathwayCodes.certifierDictionary) { $0.certifier }, Column(.string(codes)),
            Column(.int8(values { $0.level }), validity: validity { $0.level != 0 }),
            coded(PathwayCodes.regionDictionary) { $0.region }, coded(PathwayCodes.departmentDictionary) { $0.department },
            coded(PathwayCodes.sexDictionary) { $0.sex },
            Column(.int16(values { $0.birthYear }), validity: validity { $0.birthYear != 0 }),
            coded(PathwayCodes.employmentDictionary) { $0.employmentStatus }, coded(PathwayCodes.fundingDictionary) { $0.funding },
            date { $0.infoDate }, date { $0.applicationDate }, date { $0.admissibilityDate },
            Column(.bool(values { $0.admissible == PathwayCodes.yes }), validity: validity { $0.admissible != PathwayCodes.null }),
            date { $0.supportStartDate }, date { $0.portfolioDate }, date { $0.juryDate },
            coded(PathwayCodes.outcomeDictionary) { $0.outcome }, date { $0.outcomeDate },
        ])
    }

    // MARK: Transposition (one tight loop per column)

    private func values<T>(_ extract: (PathwayRow) -> T) -> [T] {
        rows.withUnsafeBufferPointer { source in
            [T](unsafeUninitializedCapacity: source.count) { output, initialised in
                for index in 0..<source.count { (output.baseAddress! + index).initialize(to: extract(source[index])) }
                initialised = source.count
            }
        }
    }

    /// The validity bitmap of a column, built a word at a time; nil when no value is null.
    private func validity(_ isValid: (PathwayRow) -> Bool) -> ValidityBitmap? {
        let count = rows.count
        var words = [UInt64](repeating: 0, count: (count + 63) / 64)
        var nulls = 0
        rows.withUnsafeBufferPointer { source in
            words.withUnsafeMutableBufferPointer { output in
                for word in 0..<output.count {
                    var bits: UInt64 = 0
                    let base = word * 64
                    for bit in 0..<min(64, count - base) {
                        bits |= UInt64(unsafeBitCast(isValid(source[base + bit]), to: UInt8.self)) << UInt64(bit)
                    }
                    nulls += min(64, count - base) - bits.nonzeroBitCount
                    output[word] = bits
                }
            }
        }
        return nulls == 0 ? nil : ValidityBitmap(words: words, count: count)
    }

    private func date(_ extract: (PathwayRow) -> Int32) -> Column {
        // Null dates keep their marker as value: values under a null are unspecified, and the
        // store fills them before encoding.
        Column(.date(values(extract)), validity: validity { extract($0) != PathwayRow.nullDate })
    }

    private func coded(_ dictionary: StringColumn, _ extract: (PathwayRow) -> UInt8) -> Column {
        let codes = values { UInt32(extract($0) == PathwayCodes.null ? 0 : extract($0)) }
        return Column(.dictionaryString(DictionaryStrings(codes: codes, dictionary: dictionary, isSortedAndDistinct: true)),
                      validity: validity { extract($0) != PathwayCodes.null })
    }
}
