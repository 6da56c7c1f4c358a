import Foundation
import Query
import Testing

/// Every query of `Corpus/*.sql` runs on the engine (one and three threads) and in SQLite over
/// the same rows, and the answers must agree (see `Fixture.check`).
@Suite struct DifferentialTests {
    static let corpusDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    static var corpusFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpusDirectory.path)) ?? []).filter { $0.hasSuffix(".sql") }.sorted()
    }

    static func statements(_ file: String) throws -> [String] {
        try StatementSplitter.split(String(contentsOf: corpusDirectory.appendingPathComponent(file), encoding: .utf8))
    }

    @Test(arguments: corpusFiles)
    func corpusAgreesWithSQLite(file: String) throws {
        let statements = try Self.statements(file)
        #expect(statements.count >= 10, "\(file) holds \(statements.count) queries")
        for sql in statements {
            do {
                if let difference = try Fixture.shared.check(sql) {
                    Issue.record("\(file): \(sql.trimmingCharacters(in: .whitespacesAndNewlines))\n\(difference)")
                }
            } catch {
                Issue.record("\(file): \(sql.trimmingCharacters(in: .whitespacesAndNewlines))\nfailed: \(error)")
            }
        }
    }

    @Test func corpusHoldsEnoughQueries() throws {
        let total = try Self.corpusFiles.reduce(0) { $0 + (try Self.statements($1)).count }
        #expect(total >= 250, "the corpus holds \(total) queries")
    }
}
