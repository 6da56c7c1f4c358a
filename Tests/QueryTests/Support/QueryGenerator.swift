import QueryRecordTables
import Support

/// Random queries over the record tables for the differential fuzzer: grouping (keys of every
/// type, expressions, NULL constants, grouping sets), DISTINCT, filters (comparisons, IS NULL, IN,
/// BETWEEN, LIKE, three-valued AND/OR/NOT), joins (inner and left), CASE, dates, NULL logic,
/// DECIMAL arithmetic and HUGEINT sums.
/// Only what the engine supports; every query's rows are compared as a multiset.
struct QueryGenerator {
    var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    /// The tables of one schema (id, g, b, i, x, s, f, d, t, k); see `RecordTables.typed`.
    static let typedTables = RecordTables.nullShares.map { "nulls_\($0)" } + ["empty", "single"]

    private mutating func pick<T>(_ choices: [T]) -> T { choices[Int.random(in: 0..<choices.count, using: &random)] }
    private mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }

    enum Kind: CaseIterable { case integer, boolean, text, date, double, decimal }

    /// An expression of `kind` over a table aliased `a` (column names qualified when `qualified`).
    mutating func expression(_ kind: Kind, _ a: String = "", depth: Int = 0) -> String {
        let c = { (name: String) in a.isEmpty ? name : "\(a).\(name)" }
        let leaf = depth >= 2 || chance(0.5)
        switch kind {
        case .integer:
            if leaf { return pick([c("i"), c("s"), c("id"), "\(Int.random(in: -5...5, using: &random))", c("i"), c("s")]) }
            let x = expression(.integer, a, depth: depth + 1), y = expression(.integer, a, depth: depth + 1)
            return pick(["(\(x) + \(y))", "(\(x) - \(y))", "(\(x) % 7)", "abs(\(x))", "year(\(expression(.date, a, depth: depth + 1)))",
                         "month(\(expression(.date, a, depth: depth + 1)))", "coalesce(\(x), \(y))", "nullif(\(x), \(y))",
                         "CASE WHEN \(expression(.boolean, a, depth: depth + 1)) THEN \(x) ELSE \(y) END",
                         "CASE WHEN \(expression(.boolean, a, depth: depth + 1)) THEN \(x) END", "CAST(NULL AS BIGINT)",
                         "date_diff('day', \(c("k")), \(expression(.date, a, depth: depth + 1)))", "length(\(expression(.text, a, depth: depth + 1)))"])
        case .boolean:
            if leaf {
                return pick([c("b"), "\(c("i")) > \(c("s"))", "\(c("g")) = '\(pick(["a", "b", "", "é"]))'", "\(c("t")) IS NULL",
                             "\(c("d")) < DATE '\(pick(["2000-01-01", "0500-06-30", "9000-01-01"]))'", "\(c("i")) BETWEEN -1000 AND 300000",
                             "\(c("g")) IN ('a', 'c', 'é')", "\(c("t")) LIKE '\(pick(["%é%", "_", "%", "O%", "%e"]))'", "\(c("k")) = DATE '2020-01-03'",
                             "\(c("x")) > 0", "\(c("f")) < 0", "\(c("b")) IS NOT NULL", "NULL", "\(c("i")) * 0.5 > 100.25",
                             "CAST(\(c("f")) AS DECIMAL(12,2)) < 0.5", "\(c("s")) >= -0.5"])
            }
            let x = expression(.boolean, a, depth: depth + 1), y = expression(.boolean, a, depth: depth + 1)
            return pick(["(\(x) AND \(y))", "(\(x) OR \(y))", "(NOT \(x))", "(\(expression(.integer, a, depth: depth + 1)) <> \(expression(.integer, a, depth: depth + 1)))",
                         "(\(expression(.text, a, depth: depth + 1)) < \(expression(.text, a, depth: depth + 1)))", "(\(x) IS NULL)",
                         "coalesce(\(x), \(y))"])
        case .text:
            if leaf { return pick([c("g"), c("t"), "'\(pick(["a", "é", "", "z"]))'", c("g")]) }
            let x = expression(.text, a, depth: depth + 1), y = expression(.text, a, depth: depth + 1)
            return pick(["(\(x) || \(y))", "coalesce(\(x), \(y))", "CASE WHEN \(expression(.boolean, a, depth: depth + 1)) THEN \(x) END",
                         "nullif(\(x), \(y))", "CAST(NULL AS VARCHAR)", "CAST(\(expression(.integer, a, depth: depth + 1)) AS VARCHAR)"])
        case .date:
            if leaf { return pick([c("d"), c("k"), c("k"), "CAST(NULL AS DATE)"]) }
            return pick(["(\(c("k")) + \(Int.random(in: -40...40, using: &random)))", "coalesce(\(c("d")), \(c("k")))",
                         "CASE WHEN \(expression(.boolean, a, depth: depth + 1)) THEN \(c("k")) END", "CAST(date_trunc('month', \(c("d"))) AS DATE)"])
        case .double:
            if leaf { return pick([c("f"), c("f"), "CAST(\(c("i")) AS DOUBLE)"]) }
            return pick(["(\(c("f")) * 2)", "(\(c("i")) / 3)", "(\(c("f")) + \(c("s")))", "coalesce(\(c("f")), 0.5)", "round(\(c("f")), 1)",
                         "(\(expression(.decimal, a, depth: depth + 1)) / 4)"])
        case .decimal:
            if leaf { return pick(["CAST(\(c("f")) AS DECIMAL(12,2))", "(\(c("i")) * 0.5)", "(\(c("s")) + 0.25)", "1.5", "CAST(\(c("x")) AS DECIMAL(19,0))"]) }
            let x = expression(.decimal, a, depth: depth + 1)
            return pick(["(\(x) + \(c("s")))", "(\(x) - 0.125)", "(\(x) * 1.5)", "round(\(x), 1)", "floor(\(x))", "ceil(\(x))", "abs(\(x))",
                         "coalesce(\(x), 2)", "CASE WHEN \(expression(.boolean, a, depth: depth + 1)) THEN \(x) ELSE 0.5 END", "(\(x) % 3)",
                         "CAST(NULL AS DECIMAL(6,2))", "greatest(\(x), 0)"])
        }
    }

    mutating func aggregate(_ a: String = "") -> String {
        let kind = pick(Kind.allCases)
        let e = expression(kind, a, depth: 1)
        var calls = ["count(*)", "count(\(e))", "min(\(e))", "max(\(e))", "count(DISTINCT \(e))"]
        if kind == .integer { calls += ["sum(\(e))", "avg(\(e))"] }
        if kind == .double { calls += ["avg(\(e))", "sum(\(e))"] }
        if kind == .decimal { calls += ["sum(\(e))", "avg(\(e))", "median(\(e))", "quantile_disc(\(e), 0.25)"] }
        if chance(0.15) { return "count(*) FILTER (WHERE \(expression(.boolean, a, depth: 1)))" }
        return pick(calls)
    }

    mutating func query() -> String {
        let table = pick(QueryGenerator.typedTables)
        let filter = chance(0.6) ? " WHERE \(expression(.boolean))" : ""
        switch Int.random(in: 0..<10, using: &random) {
        case 0...3:
            let keys = (0..<Int.random(in: 1...3, using: &random)).map { _ in expression(pick(Kind.allCases)) }
            let aggregates = (0..<Int.random(in: 1...3, using: &random)).map { _ in aggregate() }
            let having = chance(0.2) ? " HAVING count(*) > \(Int.random(in: 0...3, using: &random))" : ""
            let grouping: String
            if keys.count > 1, chance(0.25) {
                grouping = pick(["ROLLUP (\(keys.joined(separator: ", ")))", "GROUPING SETS ((\(keys[0])), (\(keys[1])), ())",
                                 "CUBE (\(keys.prefix(2).joined(separator: ", ")))"])
            } else {
                grouping = keys.indices.map { "\($0 + 1)" }.joined(separator: ", ")
            }
            return "SELECT \((keys + aggregates).joined(separator: ", ")) FROM \(table)\(filter) GROUP BY \(grouping)\(having)"
        case 4...5:
            let columns = (0..<Int.random(in: 1...3, using: &random)).map { _ in expression(pick(Kind.allCases)) }
            return "SELECT DISTINCT \(columns.joined(separator: ", ")) FROM \(table)\(filter)"
        case 6:
            let columns = (0..<Int.random(in: 1...4, using: &random)).map { _ in expression(pick(Kind.allCases)) }
            return "SELECT id, \(columns.joined(separator: ", ")) FROM \(table)\(filter)"
        case 7:
            return "SELECT \((0..<Int.random(in: 1...4, using: &random)).map { _ in aggregate() }.joined(separator: ", ")) FROM \(table)\(filter)"
        default:
            let other = pick(QueryGenerator.typedTables)
            let kind = pick(["JOIN", "LEFT JOIN"])
            let on = pick(["a.g = b.g", "a.k = b.k", "a.b = b.b", "a.g = b.g AND a.k = b.k", "a.s = b.s"])
            let key = expression(pick([.text, .date, .boolean, .integer]), "a")
            let where_ = chance(0.5) ? " WHERE \(expression(.boolean, "a"))" : ""
            return "SELECT \(key), count(*), count(b.id), \(aggregate("b")) FROM \(table) a \(kind) \(other) b ON \(on)\(where_) GROUP BY 1"
        }
    }
}
