import Foundation
import Query
import QueryRecordTables
import Storage
import Testing

/// Filters on run-length encoded columns are tested once per run. The fixture's rows sorted by
/// certifier and level make `level` run-length encoded (and the certifier codes too); the answers
/// must equal SQLite's over the same rows, deleted rows and nulls included.
@Suite struct RunFilterTests {
    final class Sorted: @unchecked Sendable {
        static let shared = try! Sorted()
        let engine: QueryEngine
        let reference: SQLiteReference
        let store: Store
        /// SQLite is one connection: one query at a time.
        let lock = NSLock()

        private init() throws {
            var tables = TestTables.make(rows: 8_000, seed: 77)
            func rank(_ value: Value) -> Int64 { if case .integer(let n) = value { n } else { -1 } }
            tables.p.rows.sort { a, b in
                (a[2].description, rank(a[4]), a[0].description) < (b[2].description, rank(b[4]), b[0].description)
            }
            let directory = NSTemporaryDirectory() + "parcours-run-filter-\(getpid())"
            try? FileManager.default.removeItem(atPath: directory)
            store = try tables.writeStore(at: directory, rowGroupSize: 1_000)
            reference = try SQLiteReference(tables)
            engine = QueryEngine(snapshot: try store.snapshot(), threads: 2)
        }
    }

    @Test func theSortedColumnIsRunLengthEncoded() throws {
        let table = try Sorted.shared.store.snapshot().table("p")
        let level = try table.columnIndex("level")
        #expect(table.segments.contains { $0.chunks[level].encoding == .runLength })
    }

    @Test(arguments: [
        "SELECT count(*), sum(amount) FROM p WHERE level = 4",
        "SELECT certifier, count(*) FROM p WHERE level IN (3, 5) AND amount > 100 GROUP BY certifier ORDER BY 1",
        "SELECT id FROM p WHERE level >= 6 AND dept = '69' ORDER BY id",
        "SELECT count(*), min(app_date) FROM p WHERE certifier = 'SUP' AND level < 5",
        "SELECT count(*) FROM p WHERE certifier LIKE 'S%' AND outcome = 'TOTAL'",
        "SELECT count(*), count(level) FROM p WHERE level <> 3",
        "SELECT count(*) FROM p WHERE 4 < level AND level <= 7",
        "SELECT min(app_date) FROM p WHERE level = 99",
        "SELECT level, count(*) FROM p WHERE level > 3 AND level IS NOT NULL GROUP BY level ORDER BY level",
        "SELECT id, level, note FROM p WHERE level = 8 AND note IS NULL ORDER BY id LIMIT 30",
    ])
    func answersEqualSQLite(sql: String) throws {
        let ours = try Sorted.shared.engine.query(sql).rows
        let ordered = !(try Parser.parse(sql).orderBy.isEmpty)
        let sorted = Sorted.shared
        sorted.lock.lock()
        defer { sorted.lock.unlock() }
        let difference = ResultComparison.difference(ours: ours, reference: try sorted.reference.rows(sql), ordered: ordered)
        #expect(difference == nil, "\(sql): \(difference ?? "")")
    }
}
