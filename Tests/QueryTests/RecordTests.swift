import Foundation
import Query
import Testing

/// Every record of `Records/*.test` (expected rows recorded from DuckDB by
/// scripts/record-query-tests, never computed here) runs under each configuration of the matrix
/// (`RecordConfiguration.selected`), and must give DuckDB's types and rows, or fail as recorded.
@Suite struct RecordTests {
    static let records: [QueryRecord] = {
        do { return try RecordFile.names.flatMap(RecordFile.records) } catch { fatalError("\(error)") }
    }()

    @Test(arguments: RecordConfiguration.selected)
    func recordsMatchDuckDB(configuration: RecordConfiguration) throws {
        let engine = try RecordStores.shared.engine(configuration)
        var failures = 0
        for record in Self.records {
            if let problem = Self.check(record, engine) {
                failures += 1
                if failures <= 20 { Issue.record("\(record) [\(configuration)]\n\(record.sql)\n\(problem)") }
            }
        }
        #expect(failures == 0, "\(failures) of \(Self.records.count) records differ under \(configuration)")
    }

    static func check(_ record: QueryRecord, _ engine: QueryEngine) -> String? {
        switch record.expectation {
        case .rows(let sorted, let types, let rows):
            do {
                return RecordComparison.difference(try engine.query(record.sql), types: types, rows: rows, sorted: sorted)
            } catch {
                return "failed: \(error)"
            }
        case .error(let fragment):
            do {
                _ = try engine.query(record.sql)
                return "succeeded; expected an error with \"\(fragment)\""
            } catch {
                let message = "\(error)"
                return message.localizedCaseInsensitiveContains(fragment) ? nil : "error \"\(message)\", expected \"\(fragment)\""
            }
        }
    }

    @Test func theRecordsAreNumerous() {
        #expect(Self.records.count >= 250, "\(Self.records.count) records")
    }

    @Test func thePairwiseCoverMeetsEveryPairOfValues() {
        let cover = RecordConfiguration.pairwise
        let values: [[String]] = cover.map { [String($0.rowGroupSize), $0.encoding, String($0.vectorSize), String($0.fastPaths), String($0.threads)] }
        let choices: [[String]] = [
            RecordConfiguration.rowGroupSizes.map(String.init), RecordConfiguration.encodings,
            RecordConfiguration.vectorSizes.map(String.init), RecordConfiguration.fastPathChoices.map(String.init),
            RecordConfiguration.threadCounts.map(String.init),
        ]
        for a in choices.indices {
            for b in choices.indices where a < b {
                for x in choices[a] {
                    for y in choices[b] {
                        #expect(values.contains { $0[a] == x && $0[b] == y }, "axes \(a) and \(b): \(x) with \(y) never run")
                    }
                }
            }
        }
        #expect(cover.count < RecordConfiguration.full.count)
    }
}
