import Foundation
import Spreadsheet
import Storage

/// Options of an ingest run; every detection can be overridden.
public struct IngestOptions: Sendable {
    public var delimiter: UInt8?
    public var encoding: CSVDialect.Encoding?
    /// For raw files: overrides the mapping's date format and the detection.
    public var dateFormat: DateFormat?
    /// The day the file was extracted (overrides the mapping's; default: today): date windows
    /// are counted from it (`DateWindows`).
    public var extractionDate: CivilDate?
    /// The year the file's data is for (default: the extraction date's year minus one).
    public var dataYear: Int?
    /// The data provider sending the file (`parcours providers`), recorded on the batch.
    public var provider: Provider?
    /// Ingest a file even if the same bytes (SHA-256) were ingested before.
    public var force = false
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Bytes of CSV parsed per chunk: memory holds about `threads` chunks' rows at once.
    public var chunkBytes = 32 << 20
    /// For a workbook: the sheet to read (overrides the mapping's `sheet`).
    public var sheet: String?
    /// What a workbook may hold (sizes, rows, columns: `SpreadsheetLimits`).
    public var spreadsheetLimits = SpreadsheetLimits()

    public init() {}
}

/// What one file's ingest did.
public struct IngestSummary: Sendable {
    public let file: String
    public let sha256: String
    public let bytes: Int
    /// The CSV dialect; nil for a workbook.
    public let dialect: CSVDialect?
    /// How the file is written ("semicolon-separated, utf-8", "sheet 'Export VAE' of an .xlsx workbook").
    public let format: String
    /// "harmonised" or the mapping's name.
    public let mapping: String
    public let dateFormat: DateFormat?
    /// Fields the mapping names that the file does not have (left null).
    public let missingFields: [String]
    /// Physical lines after the header.
    public let linesRead: Int
    /// Records after the header (lines, unless quoted fields spanned several); stored + rejected.
    public let rowsRead: Int
    public let rowsStored: Int
    /// Older rows of the same pathways (same certifier and pathway key) this file replaced.
    public let rowsSuperseded: Int
    public let rejected: [RejectedRow]
    public let snapshot: Int64
    public let batch: Int64
    public let seconds: Double
    /// What the user should know but did not stop the ingest (a weak key, a guessed encoding
    /// the file contradicted).
    public let warnings: [String]
}
