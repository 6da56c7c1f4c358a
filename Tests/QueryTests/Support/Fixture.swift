import Foundation
import Query
import QueryRecordTables
import Storage

/// The tables of the differential tests, written once per test process: a store (many small
/// segments, deleted rows) and the same live rows in SQLite.
final class Fixture: @unchecked Sendable {
    static let shared: Fixture = {
        do { return try Fixture() } catch { fatalError("cannot build the test tables: \(error)") }
    }()

    let tables: TestTables
    let directory: String
    let store: Store
    let reference: SQLiteReference
    let single: QueryEngine
    let parallel: QueryEngine
    /// The same rows in segments larger than a chunk (several chunks per segment).
    let wide: QueryEngine
    private let lock = NSLock()

    private init() throws {
        tables = TestTables.make(rows: 20_000, seed: 20_261_129)
        directory = NSTemporaryDirectory() + "parcours-query-tests-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        try? FileManager.default.removeItem(atPath: directory + "-wide")
        store = try tables.writeStore(at: directory, rowGroupSize: 1_000)
        reference = try SQLiteReference(tables)
        let snapshot = try store.snapshot()
        single = QueryEngine(snapshot: snapshot, threads: 1)
        parallel = QueryEngine(snapshot: snapshot, threads: 3)
        let wideStore = try tables.writeStore(at: directory + "-wide", rowGroupSize: 40_000)
        wide = QueryEngine(snapshot: try wideStore.snapshot(), threads: 2)
    }

    /// SQLite is one connection: one query at a time.
    func referenceRows(_ sql: String) throws -> [[Value]] {
        lock.lock()
        defer { lock.unlock() }
        return try reference.rows(sql)
    }

    /// Runs `sql` on one and on three threads (the results must be identical, order included)
    /// and in SQLite; returns a description of any difference.
    func check(_ sql: String) throws -> String? {
        try compare(sql).difference
    }

    /// The difference (if any) and the number of rows of the engine's answer.
    func compare(_ sql: String) throws -> (difference: String?, rows: Int) {
        let ours = try single.query(sql).rows
        let threaded = try parallel.query(sql).rows
        if let difference = ResultComparison.difference(ours: threaded, reference: ours, ordered: true) {
            return ("one thread and three threads differ: \(difference)", ours.count)
        }
        if let difference = ResultComparison.difference(ours: try wide.query(sql).rows, reference: ours, ordered: true) {
            return ("small and large segments differ: \(difference)", ours.count)
        }
        let ordered = !(try Parser.parse(sql).orderBy.isEmpty)
        return (ResultComparison.difference(ours: ours, reference: try referenceRows(sql), ordered: ordered), ours.count)
    }
}
