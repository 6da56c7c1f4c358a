/// A row an ingest refused, kept with its reason (never silently dropped).
///
/// `value` is the offending value only when it identifies no one (a code, a date of a stage); the
/// ingest layer decides, the store keeps what it is given.
public struct RejectedRow: Sendable, Equatable {
    /// Physical line (1-based) and byte offset where the row starts in its source file.
    public let line: Int
    public let byteOffset: Int
    /// The column at fault, when one is (nil for a wrong column count, a duplicate row...).
    public let column: String?
    public let reason: String
    public let value: String?

    public init(line: Int, byteOffset: Int, column: String?, reason: String, value: String?) {
        self.line = line
        self.byteOffset = byteOffset
        self.column = column
        self.reason = reason
        self.value = value
    }
}

/// A source file's ingest, recorded in the catalog in the same transaction as the append that
/// stores its rows: a batch is either fully recorded with its rows and rejects, or absent.
///
/// Invariant (checked by the catalog): `rowsRead` = rows appended + `rejected.count`.
public struct IngestRecord: Sendable {
    public var sourceName: String
    /// Hex SHA-256 of the whole file: the same file is not ingested twice.
    public var sourceSHA256: String
    public var sourceBytes: Int
    public var mapping: String?
    /// Fingerprint of the pseudonymisation key (never the key): batches under another key are refused.
    public var keyFingerprint: String?
    public var rowsRead: Int
    public var rejected: [RejectedRow]

    public init(sourceName: String, sourceSHA256: String, sourceBytes: Int, mapping: String?, keyFingerprint: String?,
                rowsRead: Int, rejected: [RejectedRow]) {
        self.sourceName = sourceName
        self.sourceSHA256 = sourceSHA256
        self.sourceBytes = sourceBytes
        self.mapping = mapping
        self.keyFingerprint = keyFingerprint
        self.rowsRead = rowsRead
        self.rejected = rejected
    }
}

/// An ingested batch as the catalog lists it.
public struct BatchInfo: Sendable, Equatable {
    public let id: Int64
    public let snapshot: Int64
    public let table: String
    public let sourceName: String
    public let sourceSHA256: String
    public let sourceBytes: Int
    public let mapping: String?
    public let keyFingerprint: String?
    public let rowsRead: Int
    public let rowsStored: Int
    public let rowsRejected: Int
    /// Older rows this batch superseded (newer extractions of the same pathways).
    public let rowsSuperseded: Int
}
