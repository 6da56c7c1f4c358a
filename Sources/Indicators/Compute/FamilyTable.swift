import Query

/// What one family's query returned for a year: one row per breakdown value (and split value),
/// its counts and its statistics by column name.
///
/// Invariants: every count is ≥ 0; every column an indicator or relation of the family names is
/// present in every row (checked by `FamilyTable.init`, which fails with the family's name).
public struct FamilyTable: Sendable {
    /// One breakdown value's row: its counts by column (all ≥ 0) and its statistics.
    public struct Row: Sendable {
        public let breakdown: Breakdown
        public let value: String
        /// The split value (`with`, `without`) in a split family; nil otherwise.
        public let split: String?
        public let counts: [String: Int]
        /// Quantiles: nil when the population is empty.
        public let statistics: [String: Double?]

        public init(breakdown: Breakdown, value: String, split: String? = nil, counts: [String: Int], statistics: [String: Double?] = [:]) {
            self.breakdown = breakdown
            self.value = value
            self.split = split
            self.counts = counts
            self.statistics = statistics
        }
    }

    public let family: IndicatorFamily
    public let rows: [Row]

    init(family: IndicatorFamily, result: QueryResult) throws(IndicatorError) {
        let names = result.columns.map(\.name)
        func fail(_ message: String) -> IndicatorError { .query(family: family.name, message) }
        guard names.count >= 2, names[0] == "breakdown", names[1] == "breakdown_value" else {
            throw fail("its query must start with the columns breakdown, breakdown_value (it returns \(names.prefix(3).joined(separator: ", ")))")
        }
        let splitIndex = family.split.map { _ in 2 }
        if let split = family.split, names.count < 3 || names[2] != split.column {
            throw fail("its query must return the split column \(split.column) third")
        }
        var countIndex: [String: Int] = [:], statisticIndex: [String: Int] = [:]
        for column in family.countColumns {
            guard let index = names.firstIndex(of: column) else { throw fail("no column named \(column) in its result") }
            // count() is BIGINT; sum() of integers is HUGEINT (DuckDB's types): both are counts.
            guard result.columns[index].type == .integer || result.columns[index].type == .hugeint else {
                throw fail("the count \(column) is \(result.columns[index].type), not an integer")
            }
            countIndex[column] = index
        }
        for indicator in family.indicators {
            guard case .statistic(let column, _) = indicator.kind else { continue }
            guard let index = names.firstIndex(of: column) else { throw fail("no column named \(column) in its result") }
            statisticIndex[column] = index
        }
        var rows: [Row] = []
        for row in result.rows {
            guard case .varchar(let name) = row[0], let breakdown = Breakdown(rawValue: name), case .varchar(let value) = row[1] else {
                throw fail("unknown breakdown \(row[0]) (known: \(Breakdown.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            var split: String?
            if let splitIndex {
                guard case .varchar(let text) = row[splitIndex] else { throw fail("a NULL split value") }
                split = text
            }
            var counts: [String: Int] = [:]
            for (column, index) in countIndex {
                let count: Int? = switch row[index] {
                case .integer(let number): Int(exactly: number)
                case .hugeint(let number): Int(exactly: number)
                default: nil
                }
                guard let count, count >= 0 else { throw fail("the count \(column) is \(row[index]) for \(name) \(value)") }
                counts[column] = count
            }
            var statistics: [String: Double?] = [:]
            for (column, index) in statisticIndex {
                switch row[index] {
                case .null: statistics[column] = .some(nil)
                default:
                    // Any number: DOUBLE, BIGINT, HUGEINT or DECIMAL (published as a double).
                    guard let number = row[index].numeric else { throw fail("the statistic \(column) is \(row[index])") }
                    statistics[column] = number
                }
            }
            rows.append(Row(breakdown: breakdown, value: value, split: split, counts: counts, statistics: statistics))
        }
        self.family = family
        self.rows = rows
    }

    /// Builds a table from rows already computed (tests, other engines).
    public init(family: IndicatorFamily, rows: [Row]) {
        self.family = family
        self.rows = rows
    }
}
