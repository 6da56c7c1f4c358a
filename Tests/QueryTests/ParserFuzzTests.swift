import Foundation
import Query
import Testing

/// The parser and the binder never crash, whatever the input: seeded random token streams, and
/// mutations (tokens dropped, duplicated, swapped, replaced) of every corpus query. Each input
/// either runs or fails with an error; the test fails only by crashing or hanging.
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
        #expect(outcomes.ran + outcomes.failed == 3_000)
    }

    @Test func mutatedCorpusQueriesNeverCrash() throws {
        var random = SeededGenerator(seed: 11)
        var outcomes = (ran: 0, failed: 0)
        let queries = try DifferentialTests.corpusFiles.flatMap { try DifferentialTests.statements($0) }
        for sql in queries {
            let code = sql.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: " ")
            for _ in 0..<5 {
                var words = code.split(separator: " ").map(String.init)
                for _ in 0..<Int.random(in: 1...2, using: &random) where !words.isEmpty {
                    let index = Int.random(in: 0..<words.count, using: &random)
                    switch Int.random(in: 0..<4, using: &random) {
                    case 0: words.remove(at: index)
                    case 1: words.insert(words[index], at: index)
                    case 2: words.swapAt(index, Int.random(in: 0..<words.count, using: &random))
                    default: words[index] = Self.vocabulary.randomElement(using: &random)!
                    }
                }
                tally(words.joined(separator: " "), &outcomes)
            }
        }
        // Mutations must not be so destructive that nothing parses any more.
        #expect(outcomes.ran >= 40 && outcomes.failed > 100, "\(outcomes)")
    }

    private func tally(_ sql: String, _ outcomes: inout (ran: Int, failed: Int)) {
        do {
            // Parse and plan only (EXPLAIN): mutated queries may be expensive (cross joins of p).
            _ = try Fixture.shared.single.run("EXPLAIN " + sql)
            outcomes.ran += 1
        } catch {
            outcomes.failed += 1
        }
    }
}
