extension Catalog {
    /// Records an ingest (inside the append's transaction); returns the batch id.
    func addBatch(_ record: IngestRecord, table: String, rowsStored: Int, rowsSuperseded: Int,
                  snapshot: Int64) throws(StorageError) -> Int64 {
        try database.run("""
            INSERT INTO batches (snapshot_id, table_name, source_name, source_sha256, source_bytes, mapping,
                                 key_fingerprint, rows_read, rows_stored, rows_rejected, rows_superseded)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(snapshot), .text(table), .text(record.sourceName), .text(record.sourceSHA256),
                  .integer(Int64(record.sourceBytes)), record.mapping.map(SQLValue.text) ?? .null,
                  record.keyFingerprint.map(SQLValue.text) ?? .null, .integer(Int64(record.rowsRead)),
                  .integer(Int64(rowsStored)), .integer(Int64(record.rejected.count)), .integer(Int64(rowsSuperseded))])
        let batch = database.lastInsertedRowID
        let insert = try database.prepare(
            "INSERT INTO rejected_rows (batch_id, line, byte_offset, column_name, reason, value) VALUES (?, ?, ?, ?, ?, ?)")
        for row in record.rejected {
            try insert.bind([.integer(batch), .integer(Int64(row.line)), .integer(Int64(row.byteOffset)),
                             row.column.map(SQLValue.text) ?? .null, .text(row.reason), row.value.map(SQLValue.text) ?? .null])
            _ = try insert.step()
        }
        return batch
    }

    /// Batches, oldest first; only those with `sha256` when given. Empty on a version-1 catalog.
    func batches(sha256: String? = nil) throws(StorageError) -> [BatchInfo] {
        guard try version >= 2 else { return [] }
        let filter = sha256 == nil ? "" : "WHERE source_sha256 = ?"
        let superseded = try version >= 3 ? "rows_superseded" : "0"
        return try database.query("""
            SELECT id, snapshot_id, table_name, source_name, source_sha256, source_bytes, mapping, key_fingerprint,
                   rows_read, rows_stored, rows_rejected, \(superseded)
            FROM batches \(filter) ORDER BY id
            """, sha256.map { [.text($0)] } ?? []).map { row in
            BatchInfo(id: row[0].integer!, snapshot: row[1].integer!, table: row[2].text!, sourceName: row[3].text!,
                      sourceSHA256: row[4].text!, sourceBytes: Int(row[5].integer!), mapping: row[6].text,
                      keyFingerprint: row[7].text, rowsRead: Int(row[8].integer!), rowsStored: Int(row[9].integer!),
                      rowsRejected: Int(row[10].integer!), rowsSuperseded: Int(row[11].integer!))
        }
    }

    /// Rejected rows with their batch id, in batch and line order (of one batch when given).
    func rejectedRows(batch: Int64?) throws(StorageError) -> [(batch: Int64, row: RejectedRow)] {
        guard try version >= 2 else { return [] }
        let filter = batch == nil ? "" : "WHERE batch_id = ?"
        return try database.query("""
            SELECT batch_id, line, byte_offset, column_name, reason, value FROM rejected_rows \(filter)
            ORDER BY batch_id, line
            """, batch.map { [.integer($0)] } ?? []).map { row in
            (row[0].integer!, RejectedRow(line: Int(row[1].integer!), byteOffset: Int(row[2].integer!),
                                          column: row[3].text, reason: row[4].text!, value: row[5].text))
        }
    }
}
