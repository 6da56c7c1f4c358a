
/// What an append committed.
public struct CommitResult: Sendable {
    public let table: String
    public let snapshot: Int64
    public let rowsAdded: Int
    /// Rows of older segments the commit made no longer live.
    public let rowsDeleted: Int
    public let segmentFiles: [String]
    public let bytesWritten: Int
}

extension Store {
    /// Appends `batch` to `table` as one commit: all of its rows become visible in one new snapshot,
    /// or none do (the store is left exactly as it was if anything fails or the process dies).
    ///
    /// Protocol: encode row groups in parallel and write each as `NAME.seg.tmp`, fsync; rename to
    /// `NAME.seg`, fsync the folder; then one SQLite transaction adds the snapshot and the segments.
    /// Files of a commit that never reached the catalog are swept at the next open for writing.
    ///
    /// `deleting` marks rows of live segments as no longer live in the same snapshot (see
    /// `DeletionVector`); `metadata` records what the caller keeps about the commit in the same
    /// transaction (see `AppendSession.commit`).
    @discardableResult
    public func append(_ batch: ColumnBatch, to table: String, note: String? = nil,
                       deleting deletions: [Int64: DeletionVector] = [:],
                       metadata: AppendSession.CommitMetadata? = nil) throws(StorageError) -> CommitResult {
        let session = try beginAppend(to: table)
        try session.write(batch)
        return try session.commit(note: note, deleting: deletions, metadata: metadata)
    }

    /// Starts an append whose rows arrive in pieces (an ingest streaming a large file); see
    /// `AppendSession`. One commit, all or nothing, whatever the number of pieces. With
    /// `creatingWith`, a missing table is created by the commit, in the same snapshot as its rows
    /// (so a failed first ingest leaves no empty table behind).
    public func beginAppend(to table: String, creatingWith schema: TableSchema? = nil) throws(StorageError) -> AppendSession {
        try AppendSession(store: self, table: table, creatingWith: schema)
    }

    func validate(_ batch: ColumnBatch, against schema: TableSchema, table: String) throws(StorageError) {
        guard batch.columns.count == schema.count else {
            throw .schemaMismatch(table: table, detail: "\(batch.columns.count) columns given, the table has \(schema.count)")
        }
        for (column, definition) in zip(batch.columns, schema.columns) {
            guard column.type == definition.type else {
                throw .schemaMismatch(table: table, detail: "column '\(definition.name)' is \(definition.type), the batch gives \(column.type)")
            }
            guard definition.nullable || column.nullCount == 0 else {
                throw .schemaMismatch(table: table, detail: "column '\(definition.name)' is NOT NULL but the batch has \(column.nullCount) nulls")
            }
        }
    }
}
