import Query
import Testing

/// A bad query fails with where (line, column), what and, when it helps, a hint; it never runs.
@Suite struct BinderErrorTests {
    func error(_ sql: String) -> String {
        do {
            _ = try Fixture.shared.single.run(sql)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func misspelledNamesGetSuggestions() {
        #expect(error("SELECT levle FROM p") == "line 1, column 8: no column named levle (did you mean level?)")
        #expect(error("SELECT count(*) FROM pp") == "line 1, column 22: no table named pp (did you mean p?)")
        #expect(error("SELECT x.level FROM p AS t") .contains("did you mean t?"))
        #expect(error("SELECT medain(level) FROM p").contains("did you mean median?"))
        #expect(error("SELECT level\nFROM p\nWHERE certifer = 'SUP'") == "line 3, column 7: no column named certifer (did you mean certifier?)")
    }

    /// DuckDB keeps a grouping key written by position (or alias) apart from the same expression
    /// written out (`CUBE (3, g)` with item 3 being `g` gives two keys); the engine merges equal
    /// keys, which would answer differently, so it refuses the mix (found by the fuzzer, seed 99).
    @Test func aGroupingKeyWrittenTwoWaysIsRefused() {
        #expect(error("SELECT 3, certifier, certifier, count(*) FROM p GROUP BY CUBE (3, certifier)")
            .contains("a grouping key is written twice, once by position or alias (3 and certifier)"))
        #expect(error("SELECT app_date, 3, app_date, count(*) FROM p GROUP BY ROLLUP (app_date, 3, app_date)")
            .contains("written twice"))
        #expect(error("SELECT level AS l, count(*) FROM p GROUP BY GROUPING SETS ((l), (level))").contains("written twice"))
        #expect(error("SELECT level, sex, count(*) FROM p GROUP BY GROUPING SETS ((1, 2), (1), ())") == "no error")
        #expect(error("SELECT level, count(*) FROM p GROUP BY ROLLUP (level, level)") == "no error")
    }

    @Test func groupingAndAggregatesAreChecked() {
        #expect(error("SELECT certifier, level, count(*) FROM p GROUP BY certifier")
            .contains("column level must appear in GROUP BY or be used in an aggregate function"))
        #expect(error("SELECT count(*) FROM p WHERE count(*) > 1").contains("aggregate count() is not allowed in WHERE (filter groups with HAVING)"))
        #expect(error("SELECT sum(count(*)) FROM p").contains("not allowed in the arguments of sum()"))
        #expect(error("SELECT quantile_cont(level, 2) FROM p").contains("constant fraction between 0 and 1"))
    }

    @Test func typesAreChecked() {
        #expect(error("SELECT count(*) FROM p WHERE certifier = 3").contains("could not convert string") == false)
        #expect(error("SELECT count(*) FROM p WHERE certifier > app_date").contains("cannot compare VARCHAR with DATE"))
        #expect(error("SELECT certifier + 1 FROM p").contains("cannot apply '+' to VARCHAR and BIGINT"))
        #expect(error("SELECT count(*) FROM p WHERE level").contains("WHERE needs a condition (BOOLEAN), not a BIGINT"))
        #expect(error("SELECT count(*) FROM p WHERE app_date > '2020-13-45'").contains("could not convert string '2020-13-45' to DATE"))
        #expect(error("SELECT DATE '2021-02-30'").contains("is not a valid date"))
    }

    @Test func joinsAndNamesAreChecked() {
        #expect(error("SELECT certifier FROM p JOIN r ON p.certifier = r.certifier").contains("column name certifier is ambiguous"))
        #expect(error("SELECT count(*) FROM p JOIN r ON p.level > r.weight").contains("needs at least one equality"))
        #expect(error("SELECT id FROM p UNION ALL SELECT id, level FROM p").contains("UNION ALL branches have 1 and 2 columns"))
        #expect(error("SELECT id FROM p ORDER BY 3").contains("ORDER BY position 3 is not between 1 and 1"))
    }

    @Test func explainShowsPruningAndMeasures() throws {
        guard case .plan(let plan) = try Fixture.shared.single.run("EXPLAIN SELECT count(*) FROM p WHERE id > 19500") else {
            Issue.record("EXPLAIN returned rows")
            return
        }
        #expect(plan.contains("SCAN p [id]"))
        #expect(plan.contains("filter: (id > 19500)"))
        // Row groups of 1,000 rows in id order: only the last one can hold ids above 19,500.
        #expect(plan.contains("segments: 1 of 20 (19 pruned by zone maps)"))
        guard case .plan(let analyzed) = try Fixture.shared.single.run(
            "EXPLAIN ANALYZE SELECT certifier, count(*) FROM p WHERE jury_date IS NOT NULL GROUP BY certifier") else { return }
        #expect(analyzed.contains("jury_date (nulls only)"))
        // count(x), and count(*) FILTER (WHERE x IS NOT NULL) which is the same, read x's nulls only.
        guard case .plan(let counts) = try Fixture.shared.single.run(
            "EXPLAIN SELECT count(level), count(*) FILTER (WHERE adm_date IS NOT NULL) FROM p") else { return }
        #expect(counts.contains("SCAN p [level (nulls only), adm_date (nulls only)]"), "\(counts)")
        #expect(analyzed.contains("AGGREGATE by certifier: count(*)  (rows: 8, time:"))
    }
}
