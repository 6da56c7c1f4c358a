import Foundation
import Storage

/// The ingest's records in a store: one batch per ingested file (how it was read, lines and rows
/// read, stored, rejected, superseded, under which key fingerprint and for which provider), its
/// rejected lines and the values it filled per field. Kept in the store's catalog, in tables the
/// ingest owns (`LedgerSchema`), and written in the same transaction as the rows they describe.
///
/// Opening a ledger on a store open for writing brings its tables up to date; on a store open
/// for reading, an older ledger is read as it is, and rejects recorded before the privacy rule are
/// shown under it (`RejectRewrite`), never as they were stored.
public struct IngestLedger {
    public let store: Store
    /// The version of the ledger's tables in this store (`LedgerSchema`); 0 when it has none.
    public let version: Int

    public init(_ store: Store) throws(StorageError) {
        self.store = store
        if store.isWritable {
            try store.install(LedgerSchema.catalogExtension)
            try Self.finishPendingCompaction(store)
        }
        version = try store.extensionVersion(LedgerSchema.name)
    }

    /// After rejects were rewritten, the catalog is compacted so that no freed page or log frame
    /// keeps an old value; a compaction a reader blocked (or a crash interrupted) is retried here.
    private static func finishPendingCompaction(_ store: Store) throws(StorageError) {
        let pending = try store.readCatalog { catalog throws(StorageError) in
            try catalog.integer("SELECT count(*) FROM ledger_state WHERE key = 'compaction_pending'")
        }
        guard pending > 0, try store.compactCatalog() else { return }
        try store.updateCatalog { catalog throws(StorageError) in
            try catalog.run("DELETE FROM ledger_state WHERE key = 'compaction_pending'")
        }
        // The deletion itself went through the log: empty it again.
        try store.compactCatalog()
    }

    // MARK: Writing

    /// The commit metadata that records `record` with the rows of its append.
    static func recording(_ record: BatchRecord) -> AppendSession.CommitMetadata {
        { (catalog: CatalogAccess, result: CommitResult) throws(StorageError) in
            guard record.linesRead >= record.recordsRead else {
                throw .invalidBatch("\(record.linesRead) lines cannot hold \(record.recordsRead) records")
            }
            try catalog.run("""
                INSERT INTO batches (snapshot_id, table_name, source_name, source_sha256, source_bytes, mapping, key_fingerprint,
                                     rows_read, rows_stored, rows_rejected, rows_superseded, lines_read, provider_id, ingested_at,
                                     extraction_date, data_year, dialect, date_format)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.integer(result.snapshot), .text(result.table), .text(record.sourceName), .text(record.sourceSHA256),
                      .integer(Int64(record.sourceBytes)), text(record.mapping), text(record.keyFingerprint),
                      .integer(Int64(record.recordsRead)), .integer(Int64(result.rowsAdded)), .integer(Int64(record.rejected.count)),
                      .integer(Int64(result.rowsDeleted)), .integer(Int64(record.linesRead)), record.provider.map(CatalogValue.integer) ?? .null,
                      .text(timestamp()), .text(record.extractionDate.description), .integer(Int64(record.dataYear)),
                      .text(record.dialect), text(record.dateFormat)])
            let batch = catalog.lastInsertedRowID
            try catalog.runEach(
                "INSERT INTO rejected_rows (batch_id, line, byte_offset, column_name, reason, value, value_description) VALUES (?, ?, ?, ?, ?, ?, ?)",
                record.rejected.lazy.map { row in
                    [.integer(batch), .integer(Int64(row.line)), .integer(Int64(row.byteOffset)), text(row.column), .text(row.reason),
                     text(row.value), text(row.valueDescription)]
                })
            try catalog.runEach("INSERT INTO batch_fields (batch_id, field, filled) VALUES (?, ?, ?)",
                                record.filledValues.sorted { $0.key < $1.key }.map { [.integer(batch), .text($0.key), .integer(Int64($0.value))] })
        }
    }

    private static func text(_ value: String?) -> CatalogValue { value.map(CatalogValue.text) ?? .null }

    /// Now, UTC, ISO 8601 to the second.
    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }

    // MARK: Reading

    /// Batches, oldest first; only those of the file with `sha256` when given.
    public func batches(sha256: String? = nil) throws(StorageError) -> [BatchInfo] {
        try store.readCatalog { catalog throws(StorageError) in
            guard try catalog.tableExists("batches") else { return [] }
            let present = Set(try catalog.columnNames(of: "batches"))
            func column(_ name: String, _ fallback: String = "NULL") -> String { present.contains(name) ? name : "\(fallback) AS \(name)" }
            let filter = sha256 == nil ? "" : "WHERE source_sha256 = ?"
            let rows = try catalog.query("""
                SELECT id, snapshot_id, table_name, source_name, source_sha256, source_bytes, mapping, key_fingerprint,
                       rows_read, rows_stored, rows_rejected, \(column("rows_superseded", "0")), \(column("lines_read")),
                       \(column("provider_id")), \(column("ingested_at")), \(column("extraction_date")), \(column("data_year")),
                       \(column("dialect")), \(column("date_format"))
                FROM batches \(filter) ORDER BY id
                """, sha256.map { [.text($0)] } ?? [])
            return try rows.map { row throws(StorageError) in
                BatchInfo(id: try row.integer(0), snapshot: try row.integer(1), table: try row.text(2), sourceName: try row.text(3),
                          sourceSHA256: try row.text(4), sourceBytes: try row.count(5), mapping: try row.optionalText(6),
                          keyFingerprint: try row.optionalText(7), linesRead: try row.optionalCount(12), rowsRead: try row.count(8),
                          rowsStored: try row.count(9), rowsRejected: try row.count(10), rowsSuperseded: try row.count(11),
                          provider: try row.optionalInteger(13), ingestedAt: try row.optionalText(14),
                          extractionDate: try Self.date(row, 15), dataYear: try row.optionalCount(16),
                          dialect: try row.optionalText(17), dateFormat: try row.optionalText(18))
            }
        }
    }

    private static func date(_ row: CatalogRow, _ index: Int) throws(StorageError) -> CivilDate? {
        guard let text = try row.optionalText(index) else { return nil }
        guard let date = CivilDate(iso: text) else {
            throw .catalogValue(table: "batches", row: "a batch", column: "extraction_date", detail: "not a date")
        }
        return date
    }

    /// Rejected lines with their batch id, in batch and line order (of one batch when given).
    public func rejects(batch: Int64? = nil) throws(StorageError) -> [(batch: Int64, row: RejectedRow)] {
        try store.readCatalog { catalog throws(StorageError) in
            guard try catalog.tableExists("rejected_rows") else { return [] }
            let described = try catalog.columnNames(of: "rejected_rows").contains("value_description")
            let filter = batch == nil ? "" : "WHERE batch_id = ?"
            let rows = try catalog.query("""
                SELECT batch_id, line, byte_offset, column_name, reason, value, \(described ? "value_description" : "NULL")
                FROM rejected_rows \(filter) ORDER BY batch_id, line
                """, batch.map { [.integer($0)] } ?? [])
            // Rejects stored before the rule are shown under it (a read-only store is not rewritten).
            let evidence = version < 2 ? RejectRewrite.storedRejectEvidence() : nil
            return try rows.map { row throws(StorageError) in
                var value = try row.optionalText(5), description = try row.optionalText(6)
                let column = try row.optionalText(3)
                if let evidence { (value, description) = RejectRewrite.sanitised(value: value, column: column, evidence: evidence) }
                return (try row.integer(0), RejectedRow(line: try row.count(1), byteOffset: try row.count(2), column: column,
                                                        reason: try row.text(4), value: value, valueDescription: description))
            }
        }
    }

    /// Non-null values per field among the rows a batch stored (empty for a batch recorded before they were counted).
    public func filledValues(batch: Int64) throws(StorageError) -> [String: Int] {
        try store.readCatalog { catalog throws(StorageError) in
            guard try catalog.tableExists("batch_fields") else { return [:] }
            var result: [String: Int] = [:]
            for row in try catalog.query("SELECT field, filled FROM batch_fields WHERE batch_id = ?", [.integer(batch)]) {
                result[try row.text(0)] = try row.count(1)
            }
            return result
        }
    }
}
