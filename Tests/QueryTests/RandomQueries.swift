import Foundation
import Query
import QueryRecordTables
import Testing

/// Random queries over the grammar, checked against SQLite like the corpus: filters combining
/// comparisons, IN, BETWEEN, LIKE, IS NULL with AND/OR/NOT; group keys of every type;
/// aggregates with FILTER; HAVING; ORDER BY every key with explicit NULLS placement (the one
/// default SQLite and DuckDB disagree on). Seeded: the same queries every run.
@Suite struct RandomQueryTests {
    struct Column {
        let name: String
        let kind: Kind
        enum Kind { case integer, double, string, date, boolean }
    }

    static let columns: [Column] = [
        Column(name: "id", kind: .integer), Column(name: "cand", kind: .integer), Column(name: "certifier", kind: .string),
        Column(name: "code", kind: .string), Column(name: "level", kind: .integer), Column(name: "dept", kind: .string),
        Column(name: "sex", kind: .string), Column(name: "birth_year", kind: .integer), Column(name: "amount", kind: .double),
        Column(name: "app_date", kind: .date), Column(name: "adm_date", kind: .date), Column(name: "jury_date", kind: .date),
        Column(name: "admissible", kind: .boolean), Column(name: "outcome", kind: .string), Column(name: "note", kind: .string),
    ]

    struct QueryGenerator {
        var random: SeededGenerator

        mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &random)! }
        mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }

        mutating func constant(for column: Column) -> String {
            switch column.kind {
            case .integer:
                switch column.name {
                case "level": return String(Int.random(in: 2...9, using: &random))
                case "birth_year": return String(Int.random(in: 1948...2004, using: &random))
                default: return String(Int.random(in: 0...20_000, using: &random))
                }
            case .double: return pick(["0", "100.5", "-10", "2500", "4999.99", "1000"])
            case .string:
                switch column.name {
                case "certifier": return pick(TestTables.certifiers + ["ZZZ", "A"]).quoted
                case "dept": return pick(TestTables.departments + ["99"]).quoted
                case "sex": return pick(["F", "M"]).quoted
                case "outcome": return pick(["TOTAL", "PARTIAL", "NONE"]).quoted
                case "code": return "RNCP\(Int.random(in: 995...1305, using: &random))".quoted
                default: return pick(["", "plain", "n1", "école", "O'Brien"]).quoted
                }
            case .date:
                let year = Int.random(in: 2014...2026, using: &random), month = Int.random(in: 1...12, using: &random)
                return "DATE '\(year)-\(month < 10 ? "0" : "")\(month)-15'"
            case .boolean: return pick(["TRUE", "FALSE"])
            }
        }

        mutating func predicate(depth: Int = 0) -> String {
            if depth < 2, chance(0.35) {
                let a = predicate(depth: depth + 1), b = predicate(depth: depth + 1)
                let combined = "(\(a) \(pick(["AND", "OR"])) \(b))"
                return chance(0.2) ? "NOT \(combined)" : combined
            }
            let column = pick(RandomQueryTests.columns)
            switch Int.random(in: 0..<10, using: &random) {
            case 0: return "\(column.name) IS \(chance(0.5) ? "NOT " : "")NULL"
            case 1 where column.kind != .boolean:
                let values = (0..<Int.random(in: 1...4, using: &random)).map { _ in constant(for: column) }
                return "\(column.name) \(chance(0.3) ? "NOT " : "")IN (\(values.joined(separator: ", ")))"
            case 2 where column.kind != .boolean && column.kind != .string:
                let a = constant(for: column), b = constant(for: column)
                return "\(column.name) \(chance(0.3) ? "NOT " : "")BETWEEN \(a) AND \(b)"
            case 3 where column.kind == .string:
                return "\(column.name) \(chance(0.3) ? "NOT " : "")LIKE \(pick(["'%A%'", "'S%'", "'%1'", "'_C%'", "'n%'", "'%é%'", "'RNCP10%'"]))"
            case 4 where column.kind == .date:
                let other = pick(["app_date", "adm_date", "jury_date"])
                return "\(column.name) - \(other) \(pick(["<", ">=", "="])) \(Int.random(in: -10...400, using: &random))"
            case 5 where column.kind == .integer || column.kind == .double:
                return "\(column.name) \(pick(["+", "-", "*"])) \(Int.random(in: 1...5, using: &random)) \(pick(["<", ">", "<>"])) \(constant(for: column))"
            default:
                return "\(column.name) \(pick(["=", "<>", "<", "<=", ">", ">="])) \(constant(for: column))"
            }
        }

        mutating func aggregate() -> String {
            let numeric = pick(["level", "amount", "birth_year", "jury_date - app_date", "jury_date - adm_date", "level * 2 + 1"])
            let any = pick(RandomQueryTests.columns.map(\.name))
            var call: String
            switch Int.random(in: 0..<11, using: &random) {
            case 0: call = "count(*)"
            case 1: call = "count(\(any))"
            case 2: call = "count(DISTINCT \(pick(["cand", "dept", "level", "code", "certifier"])))"
            case 3: call = "sum(\(pick(["level", "birth_year", "jury_date - app_date", "amount"])))"
            case 4: call = "avg(\(numeric))"
            case 5: call = "min(\(any))"
            case 6: call = "max(\(any))"
            case 7: call = "median(\(numeric))"
            case 8: call = "quantile_cont(\(numeric), \(pick(["0.1", "0.25", "0.75", "0.9"])))"
            case 9: call = "quantile_disc(\(pick(["level", "birth_year", "jury_date - adm_date", "amount"])), \(pick(["0.1", "0.5", "0.9"])))"
            default: call = "count(*)"
            }
            if chance(0.3) { call += " FILTER (WHERE \(predicate(depth: 1)))" }
            return call
        }

        mutating func groupKey() -> String {
            pick(["certifier", "level", "dept", "sex", "outcome", "admissible", "year(app_date)", "month(jury_date)",
                  "date_trunc('year', adm_date)", "birth_year - birth_year % 10", "level > 5", "CASE WHEN amount > 1000 THEN 'big' ELSE 'small' END",
                  "coalesce(dept, 'none')", "code"])
        }

        mutating func query() -> String {
            var sql: String
            let whereClause = chance(0.8) ? " WHERE \(predicate())" : ""
            if chance(0.25) {
                let chosen = (0..<Int.random(in: 1...3, using: &random)).map { _ in pick(RandomQueryTests.columns).name }
                sql = "SELECT id, \(chosen.joined(separator: ", ")) FROM p\(whereClause) ORDER BY id LIMIT \(Int.random(in: 1...60, using: &random))"
                return sql
            }
            let keys = Array(Set((0..<Int.random(in: 0...3, using: &random)).map { _ in groupKey() })).sorted()
            let aggregates = (0..<Int.random(in: 1...4, using: &random)).map { _ in aggregate() }
            sql = "SELECT \((keys + aggregates).joined(separator: ", ")) FROM p\(whereClause)"
            if !keys.isEmpty {
                sql += " GROUP BY \(keys.joined(separator: ", "))"
                if chance(0.3) { sql += " HAVING count(*) > \(Int.random(in: 0...50, using: &random))" }
                sql += " ORDER BY " + keys.map { "\($0) \(chance(0.5) ? "DESC" : "ASC") NULLS \(chance(0.5) ? "FIRST" : "LAST")" }.joined(separator: ", ")
            }
            return sql
        }
    }

    @Test func randomQueriesAgreeWithSQLite() throws {
        var generator = QueryGenerator(random: SeededGenerator(seed: 42))
        var failures = 0, rows = 0, withRows = 0
        for _ in 0..<300 {
            let sql = generator.query()
            do {
                let (difference, count) = try Fixture.shared.compare(sql)
                rows += count
                withRows += count > 0 ? 1 : 0
                if let difference {
                    failures += 1
                    Issue.record("\(sql)\n\(difference)")
                }
            } catch {
                failures += 1
                Issue.record("\(sql)\nfailed: \(error)")
            }
            if failures >= 10 { break }
        }
        // The generator must exercise real work, not a stream of empty answers.
        #expect(withRows >= 200 && rows >= 3_000, "\(withRows) of 300 queries returned rows, \(rows) rows in all")
    }
}

private extension String {
    var quoted: String { "'" + replacingOccurrences(of: "'", with: "''") + "'" }
}
