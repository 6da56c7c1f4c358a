/// One ingested file a publication's figures rest on, as its sources table lists it: the ingest
/// ledger's batch, reduced to what a reader of the report needs to trace a figure to its files.
public struct PublicationSource: Sendable, Equatable {
    public let batch: Int64
    /// The snapshot that committed it (a publication lists those at or before its own).
    public let snapshot: Int64
    public let fileName: String
    public let sha256: String
    public let rowsRead: Int
    public let rowsStored: Int
    public let rowsRejected: Int
    /// When the file was received (ingested), UTC ISO 8601; nil for batches recorded before it was kept.
    public let ingestedAt: String?

    public init(batch: Int64, snapshot: Int64, fileName: String, sha256: String, rowsRead: Int, rowsStored: Int, rowsRejected: Int,
                ingestedAt: String? = nil) {
        self.batch = batch
        self.snapshot = snapshot
        self.fileName = fileName
        self.sha256 = sha256
        self.rowsRead = rowsRead
        self.rowsStored = rowsStored
        self.rowsRejected = rowsRejected
        self.ingestedAt = ingestedAt
    }
}
