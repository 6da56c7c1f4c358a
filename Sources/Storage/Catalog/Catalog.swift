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
            // Deleted catalog content (a rewritten reject, say) is overwritten with zeros, not left
            // in a free page for someone to read back.
            try database.execute("PRAGMA secure_delete=ON")
        }
        // Checked on writes only (a reader writes nothing, and an immutable connection may refuse the pragma).
        if !readOnly { try database.execute("PRAGMA foreign_keys=ON") }
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
        guard readOnly else { return try open(SQLiteDatabase(path: path, mode: .readWrite), storePath: storePath, readOnly: false) }
        // A reader's connection: read-only with SQLite's locks and log when the folder allows it
        // (SQLite creates the log's index beside the catalog); otherwise — a read-only mount, a
        // store owned by another user — without locks (`SQLiteDatabase.Mode.immutable`), which is
        // only safe when no commit waits in the write-ahead log: then the reader is refused.
        do {
            return try open(SQLiteDatabase(path: path, mode: .readOnly), storePath: storePath, readOnly: true)
        } catch let error where error.isCatalogAccessError {
            var log = stat()
            if stat(path + "-wal", &log) == 0 && log.st_size > 0 {
                throw .catalog(message: "\(path) cannot be read here: its folder cannot be written and its write-ahead log holds commits not yet "
                               + "in the catalog file (\(error.description)); open the store once where it can be written, or copy it", sql: nil)
            }
            return try open(SQLiteDatabase(path: path, mode: .immutable), storePath: storePath, readOnly: true)
        }
    }

    private static func open(_ database: SQLiteDatabase, storePath: String, readOnly: Bool) throws(StorageError) -> Catalog {
        let path = database.path
        let application = try database.integer("PRAGMA application_id")
        guard application == CatalogSchema.applicationID else {
            throw .notAStore(path: storePath, reason: "\(fileName) is not a Parcours catalog")
        }
        let version = try database.integer("PRAGMA user_version")
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
        get throws(StorageError) { try database.integer("PRAGMA user_version") }
    }

    // MARK: Reading

    func latestSnapshot() throws(StorageError) -> Int64 {
        try database.integer("SELECT max(id) FROM snapshots")
    }

    func snapshots() throws(StorageError) -> [SnapshotInfo] {
        let deleted = try version >= 3 ? "rows_deleted" : "0 AS rows_deleted"
        let rows = try database.query("SELECT id, created_at, operation, table_name, rows_added, note, \(deleted) FROM snapshots ORDER BY id")
        return try rows.map { row throws(StorageError) in
            SnapshotInfo(id: try row.integer(0), createdAt: try row.text(1), operation: try row.text(2),
                         tableName: try row.optionalText(3), rowsAdded: try row.count(4), rowsDeleted: try row.count(6),
                         note: try row.optionalText(5))
        }
    }

    /// Tables that exist at `snapshot`: (catalog id, name, schema), by name.
    func tables(at snapshot: Int64) throws(StorageError) -> [(id: Int64, name: String, schema: TableSchema)] {
        let rows = try database.query("SELECT id, name FROM tables WHERE created_snapshot <= ? ORDER BY name", [.integer(snapshot)])
        var result: [(Int64, String, TableSchema)] = []
        for row in rows {
            let id = try row.integer(0), name = try row.text(1)
            var columns: [ColumnDefinition] = []
            for column in try database.query("SELECT name, type, nullable, position FROM columns WHERE table_id = ? ORDER BY position",
                                              [.integer(id)]) {
                let typeName = try column.text(1)
                guard let type = ColumnType(name: typeName) else {
                    throw .catalogValue(table: "columns", row: "table \(name)", column: "type", detail: "unknown type '\(typeName)'")
                }
                guard try column.count(3) == columns.count else {
                    throw .catalogValue(table: "columns", row: "table \(name)", column: "position",
                                        detail: "positions must run from 0 without a gap")
                }
                columns.append(ColumnDefinition(try column.text(0), type, nullable: try column.integer(2) != 0))
            }
            result.append((id, name, try TableSchema(columns)))
        }
        return result
    }

    /// A segment file's name as the catalog holds it, checked: a plain name in the segments folder
    /// (an edited catalog must not make a reader open, or the sweep spare, a file elsewhere).
    static func checkedFileName(_ row: CatalogRow, _ index: Int) throws(StorageError) -> String {
        let name = try row.text(index)
        let allowed = name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
        guard allowed, !name.hasPrefix("."), name.hasSuffix("." + SegmentFormat.fileExtension) else {
            throw .catalogValue(table: "segments", row: "file_name '\(name.prefix(40))'", column: "file_name",
                                detail: "not the name of a segment file")
        }
        return name
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
            """, [.integer(tableID), .integer(snapshot)], source: "segments and column_chunks")
        var entries: [SegmentEntry] = []
        var index = 0
        while index < rows.count {
            let first = rows[index]
            let id = try first.integer(0), fileName = try Self.checkedFileName(first, 1)
            let segmentRows = rows[index..<min(index + columnCount, rows.count)]
            var chunks: [ChunkSummary] = []
            for (position, row) in segmentRows.enumerated() {
                guard try row.integer(0) == id, try row.count(5) == position else {
                    throw .catalogValue(table: "column_chunks", row: "segment \(fileName)", column: "position",
                                        detail: "the segment does not have one chunk per column (\(columnCount))")
                }
                let encodingName = try row.text(6)
                guard let encoding = EncodingKind(name: encodingName) else {
                    throw .catalogValue(table: "column_chunks", row: "segment \(fileName)", column: "encoding",
                                        detail: "unknown encoding '\(encodingName.prefix(40))'")
                }
                let compression: ChunkCompression
                switch try row.text(7) {
                case "lz4": compression = .lz4
                case "none": compression = .none
                default:
                    throw .catalogValue(table: "column_chunks", row: "segment \(fileName)", column: "compression", detail: "neither lz4 nor none")
                }
                chunks.append(ChunkSummary(
                    encoding: encoding, compression: compression,
                    storedBytes: try row.count(8), payloadBytes: try row.count(9), rawBytes: try row.count(10),
                    statistics: ColumnStatistics(
                        min: try row.statistic(13), max: try row.statistic(14), nullCount: try row.count(11),
                        distinctCount: try row.optionalCount(12))))
            }
            guard chunks.count == columnCount else {
                throw .catalogValue(table: "column_chunks", row: "segment \(fileName)", column: "position",
                                    detail: "the segment has \(chunks.count) chunks; its table has \(columnCount) columns")
            }
            entries.append(SegmentEntry(
                id: id, fileName: fileName, rowCount: try first.count(2, in: 0...Int64(Int32.max)),
                byteSize: try first.count(3), createdSnapshot: try first.integer(4), chunks: chunks))
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
            guard let index = position[try row.integer(0)] else { continue }
            let vector = try DeletionVector(serialized: try row.blob(1), segmentRowCount: entries[index].rowCount)
            entries[index].deleted = entries[index].deleted.map { $0.union(vector) } ?? vector
        }
    }

    /// Every segment file any snapshot names (the sweep keeps exactly these).
    func allSegmentFileNames() throws(StorageError) -> Set<String> {
        var names = Set<String>()
        for row in try database.query("SELECT file_name FROM segments") { names.insert(try Self.checkedFileName(row, 0)) }
        return names
    }

    // MARK: Writing (inside a transaction)

    func addSnapshot(operation: String, table: String?, rowsAdded: Int, rowsDeleted: Int = 0, note: String?) throws(StorageError) -> Int64 {
        try database.run(
            "INSERT INTO snapshots (created_at, operation, table_name, rows_added, rows_deleted, note) VALUES (?, ?, ?, ?, ?, ?)",
            [.text(Catalog.timestamp()), .text(operation), table.map(CatalogValue.text) ?? .null,
             .integer(Int64(rowsAdded)), .integer(Int64(rowsDeleted)), note.map(CatalogValue.text) ?? .null])
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
        Int(try database.integer("SELECT count(*) FROM columns WHERE table_id = ?", [.integer(tableID)]))
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
                CatalogValue(chunk.statistics.min), CatalogValue(chunk.statistics.max),
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
