import Query
import Storage

/// Runs the indicator set's queries for one year over one pinned snapshot.
public struct IndicatorComputation: Sendable {
    public let set: IndicatorSet
    public let engine: QueryEngine

    public init(set: IndicatorSet, engine: QueryEngine) {
        self.set = set
        self.engine = engine
    }

    /// Every family's table for `year` (or only those named in `families`), in the set's order,
    /// with each query's time.
    public func run(year: Int, families names: Set<String>? = nil) throws(IndicatorError) -> [(table: FamilyTable, time: Duration)] {
        try requirePathways()
        var tables: [(FamilyTable, Duration)] = []
        for family in set.families where names?.contains(family.name) ?? true {
            let start = ContinuousClock.now
            let result: QueryResult
            do {
                result = try engine.query(family.sql, parameters: ["year": .integer(Int64(year))])
            } catch {
                throw .query(family: family.name, error.description)
            }
            tables.append((try FamilyTable(family: family, result: result), ContinuousClock.now - start))
        }
        return tables
    }

    /// The latest year the snapshot covers in full: the year of its latest stage date, or the one
    /// before when that date is not 31 December (an extraction covers its last year partly).
    ///
    /// Dates after `today` are not evidence that a year is complete (a jury already scheduled, or a
    /// date typed wrong in an older store, such as 9999-12-30): they are left out.
    public func latestFullYear(today: CivilDate = CivilDate.today()) throws(IndicatorError) -> Int {
        try requirePathways()
        let dates = ["application_date", "admissibility_date", "portfolio_date", "jury_date", "outcome_date"]
        let sql = "SELECT greatest(" + dates.map { "max(\($0)) FILTER (WHERE \($0) <= DATE '\(today)')" }.joined(separator: ", ") + ") FROM pathways"
        let latest: Value
        do {
            latest = try engine.query(sql).value(row: 0, column: 0)
        } catch {
            throw .noData("cannot find the latest date of the store (\(error))")
        }
        guard case .date(let days) = latest else { throw .noData("the store holds no pathway with a date: give --year") }
        let date = CivilDate(daysSinceEpoch: days)
        return date.month == 12 && date.day == 31 ? date.year : date.year - 1
    }

    private func requirePathways() throws(IndicatorError) {
        guard engine.snapshot.tables.contains(where: { $0.name == "pathways" }) else {
            throw .noData("the store holds no pathways yet: ingest certifier files first (parcours ingest STORE FILE…)")
        }
    }
}
