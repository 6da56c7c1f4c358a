import Foundation
import Storage

/// Options of an ingest run; every detection can be overridden.
public struct IngestOptions: Sendable {
    public var delimiter: UInt8?
    public var encoding: CSVDialect.Encoding?
    /// For raw files: overrides the mapping's date format and the detection.
    public var dateFormat: DateFormat?
    /// Ingest a file even if the same bytes (SHA-256) were ingested before.
    public var force = false
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Bytes of CSV parsed per chunk: memory holds about `threads` chunks' rows at once.
    public var chunkBytes = 32 << 20

    public init() {}
}

/// What one file's ingest did.
public struct IngestSummary: Sendable {
    public let file: String
    public let sha256: String
    public let bytes: Int
    public let dialect: CSVDialect
    /// "harmonised" or the mapping's name.
    public let mapping: String
    public let dateFormat: DateFormat?
    /// Fields the mapping names that the file does not have (left null).
    public let missingFields: [String]
    public let rowsRead: Int
    public let rowsStored: Int
    /// Older rows of the same pathways (same certifier and pathway key) this file replaced.
    public let rowsSuperseded: Int
    public let rejected: [RejectedRow]
    public let snapshot: Int64
    public let seconds: Double
}
