#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The store's `catalog.sqlite`: the truth about which tables, snapshots and segments exist.
///
/// Invariants: snapshot ids increase by one per committed change; a segment row is inserted in the
/// same transaction as the snapshot that makes it live, so a segment file the catalog names is
/// always complete on disk (files are synced and renamed before the transaction).
final class Catalog {
    static let fileName = "catalog.sqlite"
    let database: SQLiteDatabase

    private init(_ database: SQLiteDatabase) {
        self.database = database
    }

    private static func configure(_ database: SQLiteDatabase, readOnly: Bool) throws(StorageError) {
        if !readOnly {
            try database.execute("PRAGMA journal_mode=WAL")
            // FULL: a commit that returned survives a power loss, not just a process kill.
            try database.execute("PRAGMA synchronous=FULL")
        }
        try database.execute("PRAGMA foreign_keys=ON")
    }

    static func create(path: String) throws(StorageError) -> Catalog {
        let database = try SQLiteDatabase(path: path, readOnly: false)
        try configure(database, readOnly: false)
        try database.transaction { () throws(StorageError) in
            for statement in CatalogSchema.statements + CatalogSchema.migrations.flatMap({ $0 }) {
                try database.execute(statement)
            }
            try database.execute("PRAGMA application_id=\(CatalogSchema.applicationID)")
            try database.execute("PRAGMA user_version=\(CatalogSchema.version)")
        }
        let catalog = Catalog(database)
        try database.transaction { () throws(StorageError) in
            _ = try catalog.addSnapshot(operation: "create store", table: nil, rowsAdded: 0, note: nil)
        }
        return catalog
    }

    static func open(path: String, storePath: String, readOnly: Bool) throws(StorageError) -> Catalog {
        let database = try SQLiteDatabase(path: path, readOnly: readOnly)
        let application = try database.query("PRAGMA application_id").first?.first?.integer ?? 0
        guard application == CatalogSchema.applicationID else {
            throw .notAStore(path: storePath, reason: "\(fileName) is not a Parcours catalog")
        }
        let version = try database.query("PRAGMA user_version").first?.first?.integer ?? 0
        guard version <= CatalogSchema.version else {
            throw .newerFormat(file: path, found: Int(version), supported: Int(CatalogSchema.version))
        }
        try configure(database, readOnly: readOnly)
        let catalog = Catalog(database)
        if !readOnly && version < CatalogSchema.version { try catalog.migrate(from: version) }
        return catalog
    }

    /// Brings a catalog written by an older Parcours up to `CatalogSchema.version`, all or nothing.
    private func migrate(from version: Int64) throws(StorageError) {
        try database.transaction { () throws(StorageError) in
            for migration in CatalogSchema.migrations[Int(version - 1)...] {
                for statement in migration { try database.execute(statement) }
            }
            try database.execute("PRAGMA user_version=\(CatalogSchema.version)")
        }
    }

    /// The catalog's format version (older stores opened read-only are not migrated).
    var version: Int64 {
        get throws(StorageError) { try database.query("PRAGMA user_version").first?.first?.integer ?? 0 }
    }

    // MARK: Reading

    func latestSnapshot() throws(StorageError) -> Int64 {
        try database.query("SELECT max(id) FROM snapshots").first?.first?.integer ?? 0
    }

    func snapshots() throws(StorageError) -> [SnapshotInfo] {
        let deleted = try version >= 3 ? "rows_deleted" : "0"
        return try database.query("SELECT id, created_at, operation, table_name, rows_added, note, \(deleted) FROM snapshots ORDER BY id").map {
            SnapshotInfo(id: $0[0].integer!, createdAt: $0[1].text ?? "", operation: $0[2].text ?? "",
                         tableName: $0[3].text, rowsAdded: Int($0[4].integer ?? 0), rowsDeleted: Int($0[6].integer ?? 0),
                         note: $0[5].text)
        }
    }

    /// Tables that exist at `snapshot`: (catalog id, name, schema), by name.
    func tables(at snapshot: Int64) throws(StorageError) -> [(id: Int64, name: String, schema: TableSchema)] {
        let rows = try database.query("SELECT id, name FROM tables WHERE created_snapshot <= ? ORDER BY name", [.integer(snapshot)])
        var result: [(Int64, String, TableSchema)] = []
        for row in rows {
            let id = row[0].integer!, name = row[1].text!
            let columns = try database.query(
                "SELECT name, type, nullable FROM columns WHERE table_id = ? ORDER BY position", [.integer(id)]
            ).map { row -> ColumnDefinition? in
                guard let type = ColumnType(name: row[1].text ?? "") else { return nil }
                return ColumnDefinition(row[0].text!, type, nullable: row[2].integer != 0)
            }
            guard columns.allSatisfy({ $0 != nil }) else {
                throw .catalog(message: "table \(name) has a column of unknown type", sql: nil)
            }
            result.append((id, name, try TableSchema(columns.map { $0! })))
        }
        return result
    }

    /// Segments of `tableID` live at `snapshot`, oldest first, each with its chunk summaries.
    func segments(tableID: Int64, columnCount: Int, at snapshot: Int64) throws(StorageError) -> [SegmentEntry] {
        let rows = try database.query("""
            SELECT s.id, s.file_name, s.row_count, s.byte_size, s.created_snapshot,
                   c.position, c.encoding, c.compression, c.stored_bytes, c.payload_bytes, c.raw_bytes,
                   c.null_count, c.distinct_count, c.min_value, c.max_value
            FROM segments s JOIN column_chunks c ON c.segment_id = s.id
            WHERE s.table_id = ?1 AND s.created_snapshot <= ?2
              AND (s.dropped_snapshot IS NULL OR s.dropped_snapshot > ?2)
            ORDER BY s.id, c.position
            """, [.integer(tableID), .integer(snapshot)])
        var entries: [SegmentEntry] = []
        var index = 0
        while index < rows.count {
            let first = rows[index]
            let segmentRows = rows[index..<min(index + columnCount, rows.count)]
            guard segmentRows.count == columnCount, segmentRows.allSatisfy({ $0[0] == first[0] }) else {
                throw .catalog(message: "segment \(first[1].text ?? "?") does not have one chunk per column", sql: nil)
            }
            var chunks: [ChunkSummary] = []
            for row in segmentRows {
                guard let encoding = row[6].text.flatMap(EncodingKind.init(name:)) else {
                    throw .catalog(message: "unknown encoding \(row[6]) in column_chunks", sql: nil)
                }
                chunks.append(ChunkSummary(
                    encoding: encoding, compression: row[7].text == "lz4" ? .lz4 : .none,
                    storedBytes: Int(row[8].integer ?? 0), payloadBytes: Int(row[9].integer ?? 0),
                    rawBytes: Int(row[10].integer ?? 0),
                    statistics: ColumnStatistics(
                        min: row[13].statistic, max: row[14].statistic, nullCount: Int(row[11].integer ?? 0),
                        distinctCount: row[12].integer.map(Int.init))))
            }
            entries.append(SegmentEntry(
                id: first[0].integer!, fileName: first[1].text!, rowCount: Int(first[2].integer!),
                byteSize: Int(first[3].integer!), createdSnapshot: first[4].integer!, chunks: chunks))
            index += columnCount
        }
        try attachDeletions(to: &entries, tableID: tableID, at: snapshot)
        return entries
    }

    /// Sets each entry's deletion vector: the union of those committed at or before `snapshot`.
    private func attachDeletions(to entries: inout [SegmentEntry], tableID: Int64, at snapshot: Int64) throws(StorageError) {
        guard try version >= 3, !entries.isEmpty else { return }
        let rows = try database.query("""
            SELECT d.segment_id, d.rows FROM deletions d JOIN segments s ON s.id = d.segment_id
            WHERE s.table_id = ?1 AND d.snapshot_id <= ?2 ORDER BY d.segment_id, d.snapshot_id
            """, [.integer(tableID), .integer(snapshot)])
        guard !rows.isEmpty else { return }
        var position: [Int64: Int] = [:]
        for (index, entry) in entries.enumerated() { position[entry.id] = index }
        for row in rows {
            // Deletions of a segment dropped by then are of no interest to this snapshot.
            guard let index = position[row[0].integer!], case .blob(let bytes) = row[1] else { continue }
            let vector = try DeletionVector(serialized: bytes, segmentRowCount: entries[index].rowCount)
            entries[index].deleted = entries[index].deleted.map { $0.union(vector) } ?? vector
        }
    }

    /// Every segment file any snapshot names (the sweep keeps exactly these).
    func allSegmentFileNames() throws(StorageError) -> Set<String> {
        Set(try database.query("SELECT file_name FROM segments").compactMap { $0[0].text })
    }

    // MARK: Writing (inside a transaction)

    func addSnapshot(operation: String, table: String?, rowsAdded: Int, rowsDeleted: Int = 0, note: String?) throws(StorageError) -> Int64 {
        try database.run(
            "INSERT INTO snapshots (created_at, operation, table_name, rows_added, rows_deleted, note) VALUES (?, ?, ?, ?, ?, ?)",
            [.text(Catalog.timestamp()), .text(operation), table.map(SQLValue.text) ?? .null,
             .integer(Int64(rowsAdded)), .integer(Int64(rowsDeleted)), note.map(SQLValue.text) ?? .null])
        return database.lastInsertedRowID
    }

    /// Records the rows `snapshot` deletes from each segment (which must be live in `tableID` and
    /// must not have those rows deleted already).
    func addDeletions(_ deletions: [Int64: DeletionVector], tableID: Int64, snapshot: Int64) throws(StorageError) {
        guard !deletions.isEmpty else { return }
        let live = try segments(tableID: tableID, columnCount: try columnCount(tableID: tableID), at: snapshot - 1)
        let byID = Dictionary(uniqueKeysWithValues: live.map { ($0.id, $0) })
        let insert = try database.prepare("INSERT INTO deletions (segment_id, snapshot_id, row_count, rows) VALUES (?, ?, ?, ?)")
        for (segmentID, vector) in deletions.sorted(by: { $0.key < $1.key }) where !vector.isEmpty {
            guard let segment = byID[segmentID], segment.rowCount == vector.segmentRowCount else {
                throw .invalidBatch("segment \(segmentID) is not a live segment of this table with \(vector.segmentRowCount) rows")
            }
            if let already = segment.deleted, let row = vector.rows.first(where: { already.contains(Int($0)) }) {
                throw .invalidBatch("row \(row) of segment \(segment.fileName) is already deleted")
            }
            try insert.bind([.integer(segmentID), .integer(snapshot), .integer(Int64(vector.count)), .blob(vector.serialized)])
            _ = try insert.step()
        }
    }

    private func columnCount(tableID: Int64) throws(StorageError) -> Int {
        Int(try database.query("SELECT count(*) FROM columns WHERE table_id = ?", [.integer(tableID)]).first?.first?.integer ?? 0)
    }

    @discardableResult
    func addTable(_ name: String, schema: TableSchema, snapshot: Int64) throws(StorageError) -> Int64 {
        try database.run("INSERT INTO tables (name, created_snapshot) VALUES (?, ?)", [.text(name), .integer(snapshot)])
        let tableID = database.lastInsertedRowID
        for (position, column) in schema.columns.enumerated() {
            try database.run("INSERT INTO columns (table_id, position, name, type, nullable) VALUES (?, ?, ?, ?, ?)",
                             [.integer(tableID), .integer(Int64(position)), .text(column.name),
                              .text(column.type.name), .integer(column.nullable ? 1 : 0)])
        }
        return tableID
    }

    func addSegment(tableID: Int64, fileName: String, footer: SegmentFooter, byteSize: Int, snapshot: Int64) throws(StorageError) {
        try database.run(
            "INSERT INTO segments (table_id, file_name, row_count, byte_size, created_snapshot) VALUES (?, ?, ?, ?, ?)",
            [.integer(tableID), .text(fileName), .integer(Int64(footer.rowCount)), .integer(Int64(byteSize)), .integer(snapshot)])
        let segmentID = database.lastInsertedRowID
        let insert = try database.prepare("""
            INSERT INTO column_chunks (segment_id, position, encoding, compression, stored_bytes, payload_bytes,
                                       raw_bytes, null_count, distinct_count, min_value, max_value)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, chunk) in footer.chunks.enumerated() {
            try insert.bind([
                .integer(segmentID), .integer(Int64(position)), .text(chunk.encoding.description),
                .text(chunk.compression.description), .integer(Int64(chunk.storedLength)),
                .integer(Int64(chunk.payloadLength)), .integer(Int64(chunk.rawLength)),
                .integer(Int64(chunk.statistics.nullCount)),
                chunk.statistics.distinctCount.map { .integer(Int64($0)) } ?? .null,
                SQLValue(chunk.statistics.min), SQLValue(chunk.statistics.max),
            ])
            _ = try insert.step()
        }
    }

    /// Now, UTC, as `YYYY-MM-DDTHH:MM:SSZ`.
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [UInt8](repeating: 0, count: 32)
        let length = buffer.withUnsafeMutableBufferPointer { out in
            out.withMemoryRebound(to: CChar.self) { strftime($0.baseAddress!, $0.count, "%Y-%m-%dT%H:%M:%SZ", &parts) }
        }
        return String(decoding: buffer[0..<length], as: UTF8.self)
    }
}
