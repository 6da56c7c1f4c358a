import Storage

/// Accumulates `Pathway` rows into the typed columns of `PathwaySchema`, then hands them over as
/// one `ColumnBatch` for `Store.append`.
///
/// Strings are appended flat (no `String` copies are kept per row beyond the append); validity is
/// tracked per nullable column and dropped when a column has no null.
public struct PathwayColumnsBuilder: Sendable {
    private var pathwayID: [Int64] = []
    private var candidateID: [Int64] = []
    private var certifier = StringColumn()
    private var certificationCode = StringColumn()
    private var level = NullableColumn<Int8>()
    private var region = NullableStrings()
    private var department = NullableStrings()
    private var sex = NullableStrings()
    private var birthYear = NullableColumn<Int16>()
    private var employmentStatus = NullableStrings()
    private var funding = NullableStrings()
    private var infoDate = NullableColumn<Int32>()
    private var applicationDate: [Int32] = []
    private var admissibilityDate = NullableColumn<Int32>()
    private var admissible = NullableColumn<Bool>()
    private var supportStartDate = NullableColumn<Int32>()
    private var portfolioDate = NullableColumn<Int32>()
    private var juryDate = NullableColumn<Int32>()
    private var outcome = NullableStrings()
    private var outcomeDate = NullableColumn<Int32>()

    public init() {}

    public var count: Int { pathwayID.count }

    public mutating func append(_ p: Pathway) {
        pathwayID.append(p.pathwayID)
        candidateID.append(Int64(bitPattern: p.candidateID))
        certifier.append(p.certifier)
        certificationCode.append(p.certificationCode)
        level.append(p.level, zero: 0)
        region.append(p.region)
        department.append(p.department)
        sex.append(p.sex)
        birthYear.append(p.birthYear, zero: 0)
        employmentStatus.append(p.employmentStatus)
        funding.append(p.funding)
        infoDate.append(p.infoDate, zero: 0)
        applicationDate.append(p.applicationDate)
        admissibilityDate.append(p.admissibilityDate, zero: 0)
        admissible.append(p.admissible, zero: false)
        supportStartDate.append(p.supportStartDate, zero: 0)
        portfolioDate.append(p.portfolioDate, zero: 0)
        juryDate.append(p.juryDate, zero: 0)
        outcome.append(p.outcome)
        outcomeDate.append(p.outcomeDate, zero: 0)
    }

    /// The accumulated rows as a batch in `PathwaySchema` order; the builder is emptied.
    public mutating func takeBatch() -> ColumnBatch {
        defer { self = PathwayColumnsBuilder() }
        return try! ColumnBatch([
            Column(.int64(pathwayID)), Column(.int64(candidateID)),
            Column(.string(certifier)), Column(.string(certificationCode)),
            level.column { .int8($0) }, region.column, department.column, sex.column,
            birthYear.column { .int16($0) }, employmentStatus.column, funding.column,
            infoDate.column { .date($0) }, Column(.date(applicationDate)),
            admissibilityDate.column { .date($0) }, admissible.column { .bool($0) },
            supportStartDate.column { .date($0) }, portfolioDate.column { .date($0) },
            juryDate.column { .date($0) }, outcome.column, outcomeDate.column { .date($0) },
        ])
    }
}

/// Values plus validity flags for one nullable fixed-width column.
struct NullableColumn<T: Sendable>: Sendable {
    var values: [T] = []
    var valid: [Bool] = []
    var nullCount = 0

    mutating func append(_ value: T?, zero: T) {
        values.append(value ?? zero)
        valid.append(value != nil)
        if value == nil { nullCount += 1 }
    }

    func column(_ wrap: ([T]) -> ColumnValues) -> Column {
        Column(wrap(values), validity: nullCount == 0 ? nil : ValidityBitmap(valid))
    }
}

/// Strings plus validity flags for one nullable string column.
struct NullableStrings: Sendable {
    var strings = StringColumn()
    var valid: [Bool] = []
    var nullCount = 0

    mutating func append(_ value: String?) {
        strings.append(value ?? "")
        valid.append(value != nil)
        if value == nil { nullCount += 1 }
    }

    var column: Column {
        Column(.string(strings), validity: nullCount == 0 ? nil : ValidityBitmap(valid))
    }
}
