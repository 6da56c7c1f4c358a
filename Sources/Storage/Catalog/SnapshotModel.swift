/// One committed change to a store, as `parcours log` lists it.
public struct SnapshotInfo: Sendable, Equatable {
    public let id: Int64
    /// UTC, ISO 8601.
    public let createdAt: String
    /// "create store", "create table" or "append".
    public let operation: String
    public let tableName: String?
    public let rowsAdded: Int
    /// Rows this change made no longer live (superseded by rows it added).
    public let rowsDeleted: Int
    public let note: String?
}

/// What the catalog records about one column chunk (the footer's descriptor minus its location).
public struct ChunkSummary: Sendable, Equatable {
    public let encoding: EncodingKind
    public let compression: ChunkCompression
    public let storedBytes: Int
    public let payloadBytes: Int
    public let rawBytes: Int
    public let statistics: ColumnStatistics
}

/// One segment file live in a snapshot: its rows and, per column in schema order, its chunk summary.
///
/// `rowCount` counts every row of the file; `deleted` lists those no longer live at the snapshot
/// (nil when none), so `liveRowCount` = `rowCount` - `deleted.count`. Chunk statistics describe
/// the whole file: deleted rows can widen a min/max, never narrow it, so pruning stays safe.
public struct SegmentEntry: Sendable, Equatable {
    public let id: Int64
    public let fileName: String
    public let rowCount: Int
    public let byteSize: Int
    public let createdSnapshot: Int64
    public let chunks: [ChunkSummary]
    public internal(set) var deleted: DeletionVector?

    public var liveRowCount: Int { rowCount - (deleted?.count ?? 0) }
}
