import Bench
import Foundation
import Storage

/// 60,000 generated pathways (seed 5) in a store and in the harmonised CSV, shared by the tests
/// that need realistic volumes (suppression on real tables, reproducibility, DuckDB, the report).
final class GeneratedStore: Sendable {
    static let shared = try! GeneratedStore()

    let directory: String
    /// A connection of the test's own (a `Store` is not shared between threads).
    var store: Store { try! Store.open(at: storePath) }
    var csv: String { directory + "/files/pathways.csv" }
    var storePath: String { directory + "/store" }

    private init() throws {
        directory = TestStore.directory("generated")
        let store = try Store.create(at: directory + "/store", options: StoreOptions(rowGroupSize: 16_384))
        _ = try SampleGenerator.run(GeneratorOptions(rows: 60_000, seed: 5), directory: directory + "/files", raw: false, store: store)
    }
}
