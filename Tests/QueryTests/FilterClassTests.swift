@testable import Query
import Testing

/// Conditional counts whose filters test one string column are answered by classes of its
/// dictionary entries and a per-group histogram (`FilterClassPlan`). Every shape of filter that
/// qualifies, nulls, several families, and the fallback for columns that are not dictionary-coded
/// (a subquery's output) must give SQLite's answers, on one and three threads and large segments.
@Suite struct FilterClassTests {
    @Test(arguments: [
        "SELECT level, count(*), count(*) FILTER (WHERE outcome = 'TOTAL'), count(*) FILTER (WHERE outcome = 'PARTIAL'), "
            + "count(*) FILTER (WHERE outcome = 'NONE') FROM p WHERE jury_date IS NOT NULL GROUP BY level ORDER BY level NULLS FIRST",
        "SELECT certifier, count(*) FILTER (WHERE outcome IS NULL), count(*) FILTER (WHERE outcome IS NOT NULL), "
            + "count(*) FILTER (WHERE outcome IN ('TOTAL', 'NONE')), count(*) FILTER (WHERE outcome NOT IN ('TOTAL')) FROM p GROUP BY certifier ORDER BY certifier",
        "SELECT count(*) FILTER (WHERE outcome LIKE 'P%'), count(*) FILTER (WHERE outcome NOT LIKE '%AL'), "
            + "count(*) FILTER (WHERE outcome < 'P'), count(*) FILTER (WHERE outcome = 'NOPE'), "
            + "count(*) FILTER (WHERE outcome = 'TOTAL' OR outcome IS NULL), count(*) FILTER (WHERE NOT (outcome = 'TOTAL')), "
            + "count(*) FILTER (WHERE outcome <> 'NONE' AND outcome >= 'NONE'), count(*) FILTER (WHERE outcome = 'TOTAL') FROM p",
        "SELECT dept, count(*) FILTER (WHERE outcome = 'TOTAL'), count(*) FILTER (WHERE dept IN ('2A', '2B')), "
            + "count(*) FILTER (WHERE level > 5), count(*) FILTER (WHERE note LIKE 'n1%'), count(*) FILTER (WHERE outcome = 'TOTAL') "
            + "FROM p WHERE app_date >= DATE '2018-01-01' GROUP BY dept ORDER BY dept NULLS LAST",
        "SELECT level, count(*) FILTER (WHERE o = 'TOTAL'), count(*) FILTER (WHERE o IS NULL) "
            + "FROM (SELECT level, outcome AS o FROM p ORDER BY id LIMIT 5000) t GROUP BY level ORDER BY level NULLS FIRST",
        "SELECT sex, count(*) FILTER (WHERE CAST(outcome = 'TOTAL' AS INTEGER) = 1), count(*) FILTER (WHERE outcome = 'TOTAL') "
            + "FROM p GROUP BY sex ORDER BY sex",
        "SELECT code, count(*) AS juries, count(*) FILTER (WHERE outcome = 'TOTAL') AS total FROM p WHERE jury_date IS NOT NULL "
            + "GROUP BY code ORDER BY juries DESC, code LIMIT 20",
    ])
    func answersEqualSQLite(sql: String) throws {
        let difference = try Fixture.shared.check(sql)
        #expect(difference == nil, "\(sql): \(difference ?? "")")
    }

    @Test("the plan groups qualifying calls by column, shares equal filters, splits past six filters")
    func plan() throws {
        let outcome = BoundExpression.column(13, .varchar), dept = BoundExpression.column(5, .varchar)
        func equal(_ column: BoundExpression, _ text: String) -> BoundExpression { .comparison(.equal, column, .constant(.varchar(text), .varchar)) }
        func count(_ filter: BoundExpression?) -> AggregateCall {
            AggregateCall(function: .countStar, arguments: [], distinct: false, filter: filter, fraction: nil, type: .integer)
        }
        var calls = (0..<8).map { count(equal(outcome, "V\($0)")) }
        calls.append(count(equal(outcome, "V0")))
        calls.append(count(equal(dept, "69")))
        calls.append(count(nil))
        calls.append(count(.cast(outcome, .boolean)))
        let plan = FilterClassPlan(calls)
        #expect(plan.families.map(\.column) == [5, 13, 13])
        #expect(plan.families.map(\.filters.count) == [1, 6, 2])
        #expect(plan.familyOfCall[8] == plan.familyOfCall[0])
        #expect(plan.familyOfCall[10] == 0, "a plain count(*) is the sum of the first family's classes")
        #expect(plan.families[0].calls.contains { $0.call == 10 && $0.bit == FilterClassPlan.everyClass })
        #expect(plan.familyOfCall[11] == nil)
    }
}
