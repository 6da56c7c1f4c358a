import Foundation
import Query
import QueryRecordTables
import Testing

/// The parser and the binder never crash, whatever the input: seeded random token streams, and
/// mutations (tokens dropped, duplicated, swapped, replaced) of every test record's query. Each
/// input either plans or fails with a statement error that points inside the statement.
@Suite struct ParserFuzzTests {
    static let vocabulary = ["SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "OFFSET", "WITH", "AS", "JOIN",
                             "LEFT", "ON", "UNION", "ALL", "AND", "OR", "NOT", "IN", "BETWEEN", "LIKE", "IS", "NULL", "CASE", "WHEN",
                             "THEN", "ELSE", "END", "CAST", "DISTINCT", "FILTER", "DESC", "NULLS", "FIRST", "DATE", "p", "r", "level",
                             "certifier", "count", "sum", "median", "quantile_cont", "year", "date_diff", "(", ")", ",", "*", "+", "-",
                             "/", "%", "=", "<>", "<", ">=", "||", ".", ";", "::", "1", "2.5", "'x'", "'2021-01-01'", "\"q\"", "--c\n",
                             "/*", "*/", "'", "\"", "9223372036854775808", "1e999"]

    @Test func randomTokenStreamsNeverCrash() {
        var random = SeededGenerator(seed: 7)
        var outcomes = (ran: 0, failed: 0)
        for _ in 0..<3_000 {
            let length = Int.random(in: 1...25, using: &random)
            let sql = (0..<length).map { _ in Self.vocabulary.randomElement(using: &random)! }.joined(separator: " ")
            tally(sql, &outcomes)
        }
        // Each outcome was checked by `tally`; soups this random never form a whole statement.
        #expect(outcomes.failed == 3_000, "\(outcomes)")
    }

    @Test func mutatedRecordQueriesNeverCrash() throws {
        var random = SeededGenerator(seed: 11)
        var outcomes = (ran: 0, failed: 0)
        // The records on the tables p and r (the fixture's tables).
        let queries = RecordTests.records.map(\.sql).filter { $0.contains(" p") && !$0.contains("pathways") && !$0.contains("nulls_") }
        #expect(queries.count > 200)
        for sql in queries {
            for _ in 0..<5 {
                tally(StatementMutation.mutate(sql, edits: 1...2, vocabulary: Self.vocabulary, random: &random), &outcomes)
            }
        }
        // Mutations must not be so destructive that nothing parses any more.
        #expect(outcomes.ran >= 40 && outcomes.failed > 100, "\(outcomes)")
    }

    /// Plans `sql` (EXPLAIN only: mutated queries may be expensive, e.g. cross joins of p) and
    /// counts the outcome; a failure must be a statement error whose position lies in the text.
    private func tally(_ sql: String, _ outcomes: inout (ran: Int, failed: Int)) {
        let explained = "EXPLAIN " + sql
        do {
            guard case .plan(let plan) = try Fixture.shared.single.run(explained), !plan.isEmpty else {
                Issue.record("EXPLAIN gave no plan: \(sql)")
                return
            }
            outcomes.ran += 1
        } catch .sql(let error) {
            outcomes.failed += 1
            let lines = explained.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(error.position.line >= 1 && error.position.line <= lines.count && error.position.offset <= explained.count + 1,
                    "\(error) is outside the statement: \(sql)")
            #expect(!error.message.isEmpty)
        } catch {
            outcomes.failed += 1
            Issue.record("planning fails with a non-statement error \(error): \(sql)")
        }
    }
}
