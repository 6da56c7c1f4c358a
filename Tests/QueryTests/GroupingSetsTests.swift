import Query
import QueryRecordTables
import Testing

/// `GROUP BY GROUPING SETS`: one scan, one aggregation per set. Checked against its definition —
/// the UNION ALL of one GROUP BY per set, with NULL for the keys a set does not group and
/// GROUPING() as constants — over random sets, keys and aggregates (SQLite has no grouping sets),
/// on one thread, three threads and large segments.
@Suite struct GroupingSetsTests {
    static let keys: [(expression: String, type: String)] = [
        ("certifier", "VARCHAR"), ("level", "BIGINT"), ("dept", "VARCHAR"), ("sex", "VARCHAR"), ("outcome", "VARCHAR"),
        ("year(app_date)", "BIGINT"), ("admissible", "BOOLEAN"),
    ]
    static let aggregates = [
        "count(*)", "count(amount)", "sum(amount)", "min(jury_date)", "max(code)", "median(jury_date - adm_date)",
        "quantile_cont(amount, 0.25)", "count(DISTINCT cand)", "count(*) FILTER (WHERE admissible)", "avg(level)",
        "count(*) FILTER (WHERE outcome = 'TOTAL')",
    ]

    @Test(arguments: 0..<40)
    func equalsTheUnionOfOneGroupByPerSet(seed: UInt64) throws {
        var random = SeededGenerator(seed: 500 + seed)
        let chosen = Self.keys.indices.shuffled(using: &random).prefix(1 + Int(random.next() % 3)).sorted()
        var sets: [[Int]] = (0..<(1 + Int(random.next() % 4))).map { _ in chosen.filter { _ in random.next() % 2 == 0 } }
        // A selected key must be in some set (else it is neither grouped nor aggregated: an error).
        if Set(sets.joined()) != Set(chosen) { sets.append(Array(chosen)) }
        let aggregates = Self.aggregates.shuffled(using: &random).prefix(1 + Int(random.next() % 4))
        let filter = random.next() % 2 == 0 ? " WHERE level >= 4" : ""
        let keyList = chosen.map { Self.keys[$0].expression }
        let grouping = "grouping(\(keyList.joined(separator: ", ")))"
        let setsText = sets.map { "(" + $0.map { Self.keys[$0].expression }.joined(separator: ", ") + ")" }.joined(separator: ", ")
        let query = "SELECT \(keyList.joined(separator: ", ")), \(grouping) AS g, \(aggregates.joined(separator: ", ")) FROM p\(filter) "
            + "GROUP BY GROUPING SETS (\(setsText))"
        let branches = sets.map { set -> String in
            let columns = chosen.map { set.contains($0) ? Self.keys[$0].expression : "CAST(NULL AS \(Self.keys[$0].type))" }
            let bits = chosen.reduce(0) { $0 << 1 | (set.contains($1) ? 0 : 1) }
            let groupBy = set.isEmpty ? "" : " GROUP BY " + set.map { Self.keys[$0].expression }.joined(separator: ", ")
            return "SELECT \(columns.joined(separator: ", ")), \(bits), \(aggregates.joined(separator: ", ")) FROM p\(filter)\(groupBy)"
        }
        let expected = try Fixture.shared.single.query(branches.joined(separator: " UNION ALL ")).rows
        for engine in [Fixture.shared.single, Fixture.shared.parallel, Fixture.shared.wide] {
            let rows = try engine.query(query).rows
            if let difference = ResultComparison.difference(ours: rows, reference: expected, ordered: false) {
                Issue.record("\(query)\n\(difference)")
                return
            }
        }
    }

    @Test func groupingAndHavingFollowDuckDB() throws {
        // Values checked in DuckDB 2.0.1 on the same shape: GROUPING bits, the first argument highest.
        let rows = try Fixture.shared.single.query("""
            SELECT certifier, sex, grouping(certifier, sex) AS g, grouping(sex) AS s, count(*) > 0 AS some
            FROM p GROUP BY GROUPING SETS ((certifier, sex), (certifier), (sex), ())
            HAVING certifier IS NULL OR certifier = 'SUP'
            ORDER BY g, certifier, sex
            """).rows
        let groupings = rows.map { [$0[2], $0[3]] }
        #expect(groupings.first == [.integer(0), .integer(0)] && groupings.last == [.integer(3), .integer(1)])
        #expect(rows.filter { $0[2] == .integer(1) }.allSatisfy { $0[0] == .varchar("SUP") && $0[1] == .null })
        #expect(rows.filter { $0[2] == .integer(2) }.allSatisfy { $0[0] == .null && $0[1] != .null })
        // The HAVING on certifier is not pushed below the aggregation: the () set still counts every row.
        let total = try Fixture.shared.single.query("SELECT count(*) FROM p").value(row: 0, column: 0)
        let grand = try Fixture.shared.single.query("""
            SELECT n FROM (SELECT certifier, grouping(certifier) AS g, count(*) AS n FROM p GROUP BY GROUPING SETS ((certifier), ())
            ) t WHERE g = 1
            """).value(row: 0, column: 0)
        #expect(grand == total)
    }

    @Test func errorsAndPrinting() throws {
        do {
            _ = try Fixture.shared.single.query("SELECT grouping(level) FROM p GROUP BY GROUPING SETS ((certifier), ())")
            Issue.record("no error")
        } catch {
            #expect(error.description.contains("GROUPING() takes expressions of the GROUP BY, not level"))
        }
        let statement = try Parser.parse("SELECT a, count(*) FROM t GROUP BY GROUPING SETS ((a, b), c, ())")
        #expect(statement.description.contains("GROUP BY GROUPING SETS ((a, b), (c), ())"))
        #expect(try Parser.parse(statement.description) == statement)
    }
}
