import Foundation
import Ingest
import Storage

/// The `storage` suite: append the generated pathways, then scan columns of each type, Parcours
/// beside SQLite on the same rows. Reports bytes/row on disk for both.
public enum StorageSuite {
    /// Columns scanned one by one: one per physical type and shape that matters.
    static let scannedColumns = [
        "pathway_id", "candidate_id", "level", "birth_year", "application_date", "jury_date", "admissible",
        "certifier", "certification_code",
    ]

    public static func cases(rows: Int, seed: UInt64, workDirectory: String,
                             log: (String) -> Void = { _ in }) throws -> (cases: [BenchCase], notes: [String: [String: Double]]) {
        log("generating \(rows) pathways (seed \(seed))")
        var generator = PathwayGenerator(GeneratorOptions(rows: rows, seed: seed))
        var builder = PathwayColumnsBuilder()
        while let synthetic = generator.next() { builder.append(synthetic.pathway) }
        let batch = builder.takeBatch()
        let schema = PathwaySchema.schema
        let table = PathwaySchema.tableName
        let rawBytes = batch.columns.reduce(0) { total, column in
            switch column.values {
            case .string(let s): total + s.bytes.count + 4 * s.count
            default: total + column.count * column.type.physicalWidth
            }
        }
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)

        func freshParcours(_ name: String) throws -> Store {
            let path = workDirectory + "/" + name
            try? FileManager.default.removeItem(atPath: path)
            let store = try Store.create(at: path)
            try store.createTable(table, schema: schema)
            return store
        }
        func freshSQLite(_ name: String) throws -> SQLitePeer {
            let path = workDirectory + "/" + name
            try? FileManager.default.removeItem(atPath: path)
            let peer = try SQLitePeer(path: path)
            try peer.execute("PRAGMA journal_mode=WAL")
            try peer.execute("PRAGMA synchronous=NORMAL")
            try peer.createTable(table, schema: schema)
            return peer
        }

        // The stores the scans read, filled once.
        log("loading the scan copies")
        let scanStore = try freshParcours("parcours-scan")
        try scanStore.append(batch, to: table)
        let scanPeer = try freshSQLite("sqlite-scan.db")
        try scanPeer.insert(batch, into: table)
        let snapshot = try scanStore.snapshot().table(table)
        let parcoursBytes = snapshot.segments.reduce(0) { $0 + $1.byteSize }
        try scanPeer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let sqliteBytes = (try? FileManager.default.attributesOfItem(atPath: workDirectory + "/sqlite-scan.db")[.size] as? Int) ?? 0

        var cases: [BenchCase] = []
        var notes: [String: [String: Double]] = [:]
        let appendName = "append \(rows) rows"
        cases.append(BenchCase(appendName, rows: rows, bytes: rawBytes, parcours: {
            let store = try freshParcours("parcours-append")
            try store.append(batch, to: table)
        }, sqlite: {
            let peer = try freshSQLite("sqlite-append.db")
            try peer.insert(batch, into: table)
        }))
        notes[appendName] = ["parcours B/row": Double(parcoursBytes) / Double(rows), "sqlite B/row": Double(sqliteBytes) / Double(rows)]

        for name in scannedColumns {
            let index = schema.index(of: name)!
            let definition = schema.columns[index]
            let aggregate = definition.type == .string ? "count(\(name))" : "total(\(name))"
            cases.append(BenchCase("scan \(name) (\(definition.type.name))", rows: rows, parcours: {
                var total: Int64 = 0
                for segment in snapshot.segments {
                    total &+= ColumnChecksum.of(try snapshot.read(segment, columns: [index])[0])
                }
                blackHole(total)
            }, sqlite: {
                blackHole(try scanPeer.query("SELECT \(aggregate) FROM \(table)"))
            }))
        }
        let everything = schema.columns.map { $0.type == .string ? "count(\($0.name))" : "total(\($0.name))" }
        cases.append(BenchCase("scan all \(schema.count) columns", rows: rows, parcours: {
            var total: Int64 = 0
            for segment in snapshot.segments {
                for column in try snapshot.read(segment, columns: Array(0..<schema.count)) { total &+= ColumnChecksum.of(column) }
            }
            blackHole(total)
        }, sqlite: {
            blackHole(try scanPeer.query("SELECT \(everything.joined(separator: ", ")) FROM \(table)"))
        }))
        return (cases, notes)
    }
}

/// Keeps a result alive so the optimiser cannot drop the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
