import Storage

/// Turns a raw certifier record into a harmonised pathway row through a `Mapping`: labels to codes,
/// dates in the file's format, the identity folded and pseudonymised, the postcode generalised to
/// its department, the dossier number hashed into `pathway_id` under the key. Identity values are
/// read, used and forgotten: they are never stored, and a reject never quotes them.
struct MappedRowParser: RowParser {
    let mapping: Mapping
    let encoding: CSVDialect.Encoding
    let dateFormat: DateFormat
    let fieldCount: Int
    /// Column of each field (by `MappedField.allCases` order), -1 when the file lacks it.
    private let columns: [Int]
    /// The code tables (owned here) and their reference-count-free views (used per row).
    private let tables: [LabelTable?]
    private let lookups: [LabelTable.Lookup?]
    private let certifier: UInt8?
    private let pseudonymiser: Pseudonymiser
    private let pathwayHash: SipHash24
    private let windows: DateWindows
    private let evidence: RejectEvidence
    /// The columns a reject compares its value with (`HeaderResolution.unstoredColumns`).
    private let unstoredColumns: [Int]

    /// `resolution`: where the mapping's fields sit in this file's header (of `fieldCount` columns).
    init(mapping: Mapping, resolution: HeaderResolution, fieldCount: Int, encoding: CSVDialect.Encoding, dateFormat: DateFormat,
         key: PseudonymisationKey, windows: DateWindows) {
        self.mapping = mapping
        self.encoding = encoding
        self.dateFormat = dateFormat
        self.fieldCount = fieldCount
        self.windows = windows
        evidence = RejectEvidence(windows: windows, labels: Dictionary(uniqueKeysWithValues: mapping.codes.map { ($0.key.rawValue, Array($0.value.keys)) }))
        unstoredColumns = resolution.unstoredColumns
        columns = resolution.columns.map { $0 ?? -1 }
        tables = MappedField.allCases.map { field in
            field.codeList.map { LabelTable(labels: mapping.codes[field] ?? [:], list: $0, encoding: encoding) }
        }
        lookups = tables.map { $0?.lookup }
        certifier = mapping.certifier.flatMap(PathwayCodes.certifier)
        pseudonymiser = Pseudonymiser(key: key)
        pathwayHash = key.pathwayKeyHash
    }

    typealias Context = Pseudonymiser.Prepared

    func makeContext() -> Context { pseudonymiser.prepared() }

    func parse(_ record: CSVRecord, _ bytes: UnsafeRawBufferPointer, _ context: inout Context) -> Result<ParsedRow, RowProblem> {
        if let problem = RowProblem.structural(record, fieldCount: fieldCount) { return .failure(problem) }
        do throws(RowProblem) {
            return .success(try build(record, bytes, &context))
        } catch {
            return .failure(error)
        }
    }

    /// The reject of a refused record; a value its column's shape allows is compared with the
    /// row's own identity values first.
    func rejectedRow(_ problem: RowProblem, _ record: CSVRecord, _ bytes: UnsafeRawBufferPointer) -> RejectedRow {
        let (value, description) = evidence.judge(problem, record, bytes, encoding: encoding) { identity(record, bytes) }
        return RejectedRow(line: record.line, byteOffset: record.offset, column: problem.column, reason: problem.reason,
                           value: value, valueDescription: description)
    }

    /// The values of the row's identity and dropped columns, folded, and its birth date; nil when
    /// the record is broken, or when its identity anchors do not read as what they are (no birth
    /// date; a postcode column that holds no postcode): a broken export may then have shifted its
    /// columns while keeping their number, and any of its values may be someone's name.
    private func identity(_ record: CSVRecord, _ bytes: UnsafeRawBufferPointer) -> RejectEvidence.RowIdentity? {
        guard RowProblem.structural(record, fieldCount: fieldCount) == nil else { return nil }
        let birth = value(.birthDate, record, bytes)
        guard !birth.isEmpty, let parts = dateParts(birth),
              case .success(let birthDate) = FieldParsing.days(year: parts.year, month: parts.month, day: parts.day) else { return nil }
        let postcode = value(.postcode, record, bytes)
        guard postcode.isEmpty || Postcodes.department(postcode) != nil else { return nil }
        var identity = RejectEvidence.RowIdentity(birthDate: birthDate)
        for column in unstoredColumns where column < record.count {
            // The pseudonym's folding: the same as `Pseudonymiser.normalise`, without a String.
            var folded: [UInt8] = []
            if !IdentityFolding.fold(record.raw(column, in: bytes), encoding: encoding, into: &folded) {
                folded = Array(Pseudonymiser.normalise(record.string(column, in: bytes, encoding: encoding)).utf8)
            }
            if !folded.isEmpty { identity.values.append(folded) }
        }
        return identity
    }

    // MARK: Fields

    /// The field's bytes with surrounding spaces trimmed; empty when the file lacks the column.
    @inline(__always)
    private func value(_ field: MappedField, _ record: CSVRecord, _ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let column = columns[field.ordinal]
        // Records reach here with the header's field count; the bound is checked all the same.
        guard column >= 0, column < record.count else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        var field = record.raw(column, in: bytes)
        while let first = field.first, first == UInt8(ascii: " ") { field = UnsafeRawBufferPointer(rebasing: field.dropFirst()) }
        while let last = field.last, last == UInt8(ascii: " ") { field = UnsafeRawBufferPointer(rebasing: field.dropLast()) }
        return field
    }

    private func text(_ field: UnsafeRawBufferPointer) -> String {
        encoding == .utf8 ? String(decoding: field, as: UTF8.self) : Windows1252.decode(field)
    }

    /// The field's code (index in its sorted code list), or `PathwayCodes.null` when empty.
    private func code(_ field: MappedField, _ record: CSVRecord, _ bytes: UnsafeRawBufferPointer) throws(RowProblem) -> UInt8 {
        let raw = value(field, record, bytes)
        if raw.isEmpty { return PathwayCodes.null }
        guard let code = lookups[field.ordinal]!.code(raw, encoding: encoding, readableEnd: bytes.baseAddress! + bytes.count) else {
            throw RowProblem(column: field.rawValue, reason: "unknown \(field.rawValue) code (not in mapping \(mapping.name))",
                             evidence: .field(columns[field.ordinal]))
        }
        return code
    }

    private func date(_ field: MappedField, _ record: CSVRecord, _ bytes: UnsafeRawBufferPointer) throws(RowProblem) -> Int32 {
        let raw = value(field, record, bytes)
        if raw.isEmpty { return PathwayRow.nullDate }
        return try date(raw, field).days
    }

    /// Year, month and day of a non-empty date field in the file's format, unchecked; nil when malformed.
    @inline(__always)
    private func dateParts(_ raw: UnsafeRawBufferPointer) -> (year: Int, month: Int, day: Int)? {
        switch dateFormat {
        case .iso: FieldParsing.isoDateParts(raw)
        case .dayMonthYear, .monthDayYear:
            // ISO dates cannot be misread: accepted in any file.
            raw.count == 10 && raw[4] == UInt8(ascii: "-") ? FieldParsing.isoDateParts(raw)
                : FieldParsing.slashDateParts(raw, dayFirst: dateFormat == .dayMonthYear)
        }
    }

    /// A non-empty date field's day number and its year, month and day, checked against its window.
    @inline(__always)
    private func date(_ raw: UnsafeRawBufferPointer, _ field: MappedField) throws(RowProblem) -> (days: Int32, year: Int, month: Int, day: Int) {
        let window = field == .birthDate ? windows.birth : windows.stage
        guard let parts = dateParts(raw), case .success(let days) = FieldParsing.days(year: parts.year, month: parts.month, day: parts.day),
              window.contains(days) else { throw dateProblem(raw, field) }
        return (days, parts.year, parts.month, parts.day)
    }

    /// Why a date field was refused (the cold path of `date`).
    @inline(never)
    private func dateProblem(_ raw: UnsafeRawBufferPointer, _ field: MappedField) -> RowProblem {
        let evidence = RowProblem.Evidence.field(columns[field.ordinal])
        let window = windows.window(isBirthDate: field == .birthDate)
        guard let parts = dateParts(raw) else {
            return RowProblem(column: field.rawValue, reason: "unparseable date, expected \(dateFormat.rawValue)", evidence: evidence)
        }
        // A real day before 1900 is as implausible as one after the window, not impossible.
        let real = CivilDate(year: parts.year, month: parts.month, day: parts.day).isValid
        return RowProblem(column: field.rawValue, reason: real ? "date outside the plausible window \(DateWindows.text(window))" : "impossible date",
                          evidence: evidence)
    }

    // MARK: Row

    private func build(_ record: CSVRecord, _ bytes: UnsafeRawBufferPointer, _ context: inout Context) throws(RowProblem) -> ParsedRow {
        let key = value(.pathwayKey, record, bytes)
        guard !key.isEmpty else { throw RowProblem(column: MappedField.pathwayKey.rawValue, reason: "missing pathway key") }
        var row = PathwayRow()
        if let constant = certifier { row.certifier = constant } else {
            row.certifier = try code(.certifier, record, bytes)
            guard row.certifier != PathwayCodes.null else { throw RowProblem(column: "certifier", reason: "missing required value") }
        }
        row.candidateID = try pseudonym(record, bytes, &context)
        let codeBytes = value(.certificationCode, record, bytes)
        guard !codeBytes.isEmpty else { throw RowProblem(column: "certification_code", reason: "missing required value") }
        guard FieldParsing.isRNCPCode(codeBytes) else {
            throw RowProblem(column: "certification_code", reason: "unknown code, expected RNCP followed by digits",
                             evidence: .field(columns[MappedField.certificationCode.ordinal]))
        }
        row.applicationDate = try date(.applicationDate, record, bytes)
        guard row.applicationDate != PathwayRow.nullDate else {
            throw RowProblem(column: "application_date", reason: "missing required value")
        }
        row.pathwayID = pathwayID(certifier: row.certifier, key: key)
        let level = try code(.level, record, bytes)
        row.level = level == PathwayCodes.null ? 0 : Int8(Level.valid.lowerBound) + Int8(level)
        row.department = try code(.department, record, bytes)
        if row.department == PathwayCodes.null {
            let postcode = value(.postcode, record, bytes)
            if !postcode.isEmpty {
                guard let department = Postcodes.department(postcode) else {
                    throw RowProblem(column: "postcode", reason: "not a French postcode of a known department",
                                     evidence: .field(columns[MappedField.postcode.ordinal]))
                }
                row.department = department
            }
        }
        row.region = try code(.region, record, bytes)
        if row.region == PathwayCodes.null && row.department != PathwayCodes.null {
            row.region = PathwayCodes.regionOfDepartment[Int(row.department)]
        }
        row.sex = try code(.sex, record, bytes)
        row.birthYear = context.birthYear
        row.employmentStatus = try code(.employmentStatus, record, bytes)
        row.funding = try code(.funding, record, bytes)
        row.infoDate = try date(.infoDate, record, bytes)
        row.admissibilityDate = try date(.admissibilityDate, record, bytes)
        row.admissible = try code(.admissible, record, bytes)
        row.supportStartDate = try date(.supportStartDate, record, bytes)
        row.portfolioDate = try date(.portfolioDate, record, bytes)
        row.juryDate = try date(.juryDate, record, bytes)
        row.outcome = try code(.outcome, record, bytes)
        row.outcomeDate = try date(.outcomeDate, record, bytes)
        if let problem = PathwayRules.problem(row) { throw problem }
        return ParsedRow(row: row, certificationCode: codeBytes)
    }

    /// 63 bits of SipHash(certifier, 0x1F, pathway key) under a key derived from the observatory's.
    private func pathwayID(certifier code: UInt8, key: UnsafeRawBufferPointer) -> Int64 {
        let certifier = PathwayCodes.certifiers[Int(code)]
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: certifier.utf8.count + 1 + key.count) { buffer in
            var index = 0
            for byte in certifier.utf8 { buffer[index] = byte; index += 1 }
            buffer[index] = 0x1F
            index += 1
            for byte in key { buffer[index] = byte; index += 1 }
            return Int64(bitPattern: pathwayHash.hash(UnsafeRawBufferPointer(buffer)) >> 1)
        }
    }

    /// HMAC of "BIRTHNAME|FIRSTNAME|YYYY-MM-DD", folded; also leaves the birth date in the context.
    private func pseudonym(_ record: CSVRecord, _ bytes: UnsafeRawBufferPointer, _ context: inout Context) throws(RowProblem) -> UInt64 {
        let birth = value(.birthDate, record, bytes)
        guard !birth.isEmpty else { throw RowProblem(column: "birth_date", reason: "incomplete identity: missing birth date") }
        let birthDate = try date(birth, .birthDate)
        context.message.removeAll(keepingCapacity: true)
        func appendFolded(_ field: MappedField, _ label: String) throws(RowProblem) {
            let start = context.message.count
            if !IdentityFolding.fold(value(field, record, bytes), encoding: encoding, into: &context.message) {
                context.message.removeSubrange(start...)
                context.message.append(contentsOf: Pseudonymiser.normalise(text(value(field, record, bytes))).utf8)
            }
            guard context.message.count > start else {
                throw RowProblem(column: field.rawValue, reason: "incomplete identity: missing \(label)")
            }
            context.message.append(UInt8(ascii: "|"))
        }
        try appendFolded(.birthName, "birth name")
        try appendFolded(.firstName, "first name")
        Pseudonymiser.appendISODate((birthDate.year, birthDate.month, birthDate.day), to: &context.message)
        context.birthYear = Int16(birthDate.year)
        return Pseudonymiser.pseudonym(context)
    }
}
