import Foundation
import Query
import Testing

/// Statements that nest deeper than `Parser.maximumDepth` fail with a clear error instead of
/// overflowing the stack; statements just under it run (in this debug build too, on the caller's
/// small-stacked test thread); long flat lists are not nesting and work at any length.
@Suite struct NestingLimitTests {
    static let deep = 10_000
    /// A few rows: the test is about depth, and a debug build evaluates deep expressions slowly.
    static let few = "(SELECT * FROM p WHERE id < 50) p"
    static let shapes: [(String, @Sendable (Int) -> String)] = [
        ("parentheses", { "SELECT " + String(repeating: "(", count: $0) + "level" + String(repeating: ")", count: $0) + " FROM " + few + " LIMIT 1" }),
        ("NOTs", { "SELECT count(*) FROM " + few + " WHERE " + String(repeating: "NOT ", count: $0) + "(level > 4)" }),
        ("calls", { "SELECT sum(" + String(repeating: "abs(", count: $0) + "level" + String(repeating: ")", count: $0) + ") FROM " + few }),
        ("a sum", { "SELECT sum(" + Array(repeating: "level", count: $0).joined(separator: " + ") + ") FROM " + few }),
        ("a concatenation", { "SELECT max(" + Array(repeating: "certifier", count: $0).joined(separator: " || ") + ") IS NULL FROM " + few }),
        ("signs", { "SELECT " + String(repeating: "- ", count: $0) + "level FROM " + few + " LIMIT 1" }),
        ("CASEs", { "SELECT count(" + String(repeating: "CASE WHEN level > 3 THEN ", count: $0 / 2) + "1" + String(repeating: " END", count: $0 / 2) + ") FROM " + few }),
        ("subqueries", { "SELECT count(*) FROM " + String(repeating: "(SELECT * FROM ", count: $0 / 2) + "p" + String(repeating: ") t", count: $0 / 2) }),
        ("UNION ALLs", { Array(repeating: "SELECT 1 AS one", count: $0).joined(separator: " UNION ALL ") }),
    ]

    @Test(arguments: shapes.indices)
    func tooDeepIsAnError(shape: Int) {
        let (name, make) = Self.shapes[shape]
        do {
            _ = try Fixture.shared.parallel.query(make(Self.deep))
            Issue.record("\(name) nested \(Self.deep) deep ran")
        } catch {
            #expect("\(error)".contains("nests deeper than \(Parser.maximumDepth) levels"), "\(name): \(error)")
        }
    }

    @Test(arguments: shapes.indices)
    func justUnderTheLimitRuns(shape: Int) throws {
        let (name, make) = Self.shapes[shape]
        // Ten levels of margin for the SELECT, the call around the expression and its operands.
        let sql = make(Parser.maximumDepth - 10)
        let result = try Fixture.shared.parallel.query(sql)
        #expect(result.rowCount >= 1, "\(name)")
    }

    @Test func longFlatListsWork() throws {
        let levels = (0..<10_000).map { "level = \($0)" }.joined(separator: " OR ")
        let chained = try Fixture.shared.parallel.query("SELECT count(*) FROM p WHERE " + levels).rows
        #expect(chained == (try Fixture.shared.referenceRows("SELECT count(*) FROM p WHERE level BETWEEN 0 AND 9999")))
        let conjunction = (0..<10_000).map { "id <> \($0 * 2)" }.joined(separator: " AND ")
        let anded = try Fixture.shared.parallel.query("SELECT count(*) FROM p WHERE " + conjunction).rows
        #expect(anded == (try Fixture.shared.referenceRows("SELECT count(*) FROM p WHERE id % 2 = 1 OR id >= 20000")))
        let list = (0..<200_000).map { String($0 * 3) }.joined(separator: ", ")
        let listed = try Fixture.shared.parallel.query("SELECT count(*) FROM p WHERE id IN (\(list))").rows
        #expect(listed == (try Fixture.shared.referenceRows("SELECT count(*) FROM p WHERE id % 3 = 0 AND id < 600000")))
    }
}
