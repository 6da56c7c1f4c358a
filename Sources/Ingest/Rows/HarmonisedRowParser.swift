import Storage

/// Turns records of a harmonised CSV (DOMAIN.md's format) into validated pathway rows, or into
/// rejected rows with their reason. It holds no state between rows.
struct HarmonisedRowParser: RowParser {
    /// Where each harmonised column sits in the file (the header may order them differently).
    let positions: [Int]
    let fieldCount: Int
    let encoding: CSVDialect.Encoding
    let windows: DateWindows
    /// Birth years a row may give (those of the birth date window).
    let birthYears: ClosedRange<Int64>
    let evidence: RejectEvidence
    let certifiers = CodeList(PathwayCodes.certifiers)
    let regions = CodeList(PathwayCodes.regions)
    let departments = CodeList(PathwayCodes.departments)
    let sexes = CodeList(PathwayCodes.sexes)
    let statuses = CodeList(PathwayCodes.employmentStatuses)
    let fundings = CodeList(PathwayCodes.fundings)
    let outcomes = CodeList(PathwayCodes.outcomes)

    /// Checks the header: every harmonised column exactly once, nothing else.
    init(header: [String], file: String, encoding: CSVDialect.Encoding, windows: DateWindows) throws(IngestError) {
        let counts = Dictionary(header.map { ($0, 1) }, uniquingKeysWith: +)
        if let repeated = header.first(where: { counts[$0, default: 0] > 1 }) {
            throw .badHeader(file: file, detail: "column '\(repeated)' appears \(counts[repeated, default: 0]) times")
        }
        var positions: [Int] = []
        for name in PathwaySchema.columnNames {
            guard let index = header.firstIndex(of: name) else {
                throw .badHeader(file: file, detail: "missing column '\(name)'; a harmonised file has: \(PathwaySchema.columnNames.joined(separator: ","))")
            }
            positions.append(index)
        }
        let extra = header.filter { !PathwaySchema.columnNames.contains($0) }
        guard extra.isEmpty else {
            throw .badHeader(file: file, detail: "unexpected column(s) \(extra.joined(separator: ", ")); raw certifier files need --mapping")
        }
        self.positions = positions
        fieldCount = header.count
        self.encoding = encoding
        self.windows = windows
        birthYears = Int64(CivilDate(daysSinceEpoch: windows.birth.lowerBound).year)...Int64(windows.extractionDate.year)
        evidence = RejectEvidence(windows: windows)
    }

    typealias Problem = RowProblem

    func makeContext() {}

    func parse(_ record: CSVRecord, _ bytes: UnsafeRawBufferPointer, _ context: inout Void) -> Result<ParsedRow, Problem> {
        if let problem = RowProblem.structural(record, fieldCount: fieldCount) { return .failure(problem) }
        do throws(Problem) {
            return .success(try build(record, bytes))
        } catch {
            return .failure(error)
        }
    }

    private func field(_ record: CSVRecord, _ column: Int, _ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        record.raw(positions[column], in: bytes)
    }

    /// Why a date field was refused (the cold path of `build`'s dates).
    @inline(never)
    private func dateProblem(_ value: UnsafeRawBufferPointer, _ column: Int) -> Problem {
        let name = PathwaySchema.columnNames[column], evidence = Problem.Evidence.field(positions[column])
        switch FieldParsing.isoDate(value) {
        case .success:
            return Problem(column: name, reason: "date outside the plausible window \(DateWindows.text(windows.stage))", evidence: evidence)
        case .failure(.impossible):
            // A real day before 1900 is as implausible as one after the window, not impossible.
            let real = FieldParsing.isoDateParts(value).map { CivilDate(year: $0.year, month: $0.month, day: $0.day).isValid } ?? false
            return Problem(column: name, reason: real ? "date outside the plausible window \(DateWindows.text(windows.stage))" : "impossible date",
                           evidence: evidence)
        case .failure(.malformed):
            return Problem(column: name, reason: "unparseable date, expected YYYY-MM-DD", evidence: evidence)
        }
    }

    func rejectedRow(_ problem: RowProblem, _ record: CSVRecord, _ bytes: UnsafeRawBufferPointer) -> RejectedRow {
        // The harmonised format has no identity to compare with.
        let (value, description) = evidence.judge(problem, record, bytes, encoding: encoding)
        return RejectedRow(line: record.line, byteOffset: record.offset, column: problem.column, reason: problem.reason,
                           value: value, valueDescription: description)
    }

    private func build(_ record: CSVRecord, _ bytes: UnsafeRawBufferPointer) throws(Problem) -> ParsedRow {
        let names = PathwaySchema.columnNames
        func required(_ column: Int) throws(Problem) -> UnsafeRawBufferPointer {
            let value = field(record, column, bytes)
            guard !value.isEmpty else { throw Problem(column: names[column], reason: "missing required value") }
            return value
        }
        func code(_ column: Int, _ list: CodeList) throws(Problem) -> UInt8 {
            let value = field(record, column, bytes)
            if value.isEmpty { return PathwayCodes.null }
            guard let match = list.match(value, readableEnd: bytes.baseAddress! + bytes.count) else {
                throw Problem(column: names[column], reason: "unknown code", evidence: .field(positions[column]))
            }
            return match
        }
        let stage = windows.stage
        @inline(__always) func date(_ column: Int) throws(Problem) -> Int32 {
            let value = field(record, column, bytes)
            if value.isEmpty { return PathwayRow.nullDate }
            guard case .success(let days) = FieldParsing.isoDate(value), stage.contains(days) else {
                throw dateProblem(value, column)
            }
            return days
        }
        func integer(_ column: Int, _ range: ClosedRange<Int64>) throws(Problem) -> Int64? {
            let value = field(record, column, bytes)
            if value.isEmpty { return nil }
            guard let number = FieldParsing.integer(value) else {
                throw Problem(column: names[column], reason: "unparseable value, expected an integer", evidence: .field(positions[column]))
            }
            guard range.contains(number) else {
                throw Problem(column: names[column], reason: "value outside \(range.lowerBound)...\(range.upperBound)",
                              evidence: .field(positions[column]))
            }
            return number
        }

        var row = PathwayRow()
        guard let pathwayID = try integer(0, 1...Int64.max) else {
            throw Problem(column: names[0], reason: "missing required value")
        }
        row.pathwayID = pathwayID
        // The pseudonym is never echoed in a reject, even malformed.
        guard let candidate = FieldParsing.hex64(try required(1)) else {
            throw Problem(column: names[1], reason: "unparseable value, expected 16 hex digits")
        }
        row.candidateID = candidate
        row.certifier = try code(2, certifiers)
        guard row.certifier != PathwayCodes.null else { throw Problem(column: names[2], reason: "missing required value") }
        let codeBytes = try required(3)
        guard FieldParsing.isRNCPCode(codeBytes) else {
            throw Problem(column: names[3], reason: "unknown code, expected RNCP followed by digits", evidence: .field(positions[3]))
        }
        row.applicationDate = try date(12)
        guard row.applicationDate != PathwayRow.nullDate else { throw Problem(column: names[12], reason: "missing required value") }
        row.level = Int8(try integer(4, 3...8) ?? 0)
        row.region = try code(5, regions)
        row.department = try code(6, departments)
        row.sex = try code(7, sexes)
        row.birthYear = Int16(try integer(8, birthYears) ?? 0)
        row.employmentStatus = try code(9, statuses)
        row.funding = try code(10, fundings)
        row.infoDate = try date(11)
        row.admissibilityDate = try date(13)
        let admissible = field(record, 14, bytes)
        if !admissible.isEmpty {
            guard admissible.count == 1, admissible[0] == UInt8(ascii: "Y") || admissible[0] == UInt8(ascii: "N") else {
                throw Problem(column: names[14], reason: "unknown code, expected Y or N", evidence: .field(positions[14]))
            }
            row.admissible = admissible[0] == UInt8(ascii: "Y") ? PathwayCodes.yes : PathwayCodes.no
        }
        row.supportStartDate = try date(15)
        row.portfolioDate = try date(16)
        row.juryDate = try date(17)
        row.outcome = try code(18, outcomes)
        row.outcomeDate = try date(19)
        if let problem = PathwayRules.problem(row) { throw problem }
        return ParsedRow(row: row, certificationCode: codeBytes)
    }
}
