import Storage

/// A line an ingest refused, kept with its reason (never silently dropped).
///
/// `value` is the offending value only when `RejectEvidence` allows it (it cannot identify
/// anyone); otherwise `valueDescription` says what it looks like, so the certifier can find it.
public struct RejectedRow: Sendable, Equatable {
    /// Physical line (1-based) and byte offset where the record starts in its source file.
    public let line: Int
    public let byteOffset: Int
    /// The column at fault, when one is (nil for a wrong column count, an unbalanced quote...).
    public let column: String?
    public let reason: String
    public let value: String?
    public let valueDescription: String?

    public init(line: Int, byteOffset: Int, column: String?, reason: String, value: String? = nil, valueDescription: String? = nil) {
        self.line = line
        self.byteOffset = byteOffset
        self.column = column
        self.reason = reason
        self.value = value
        self.valueDescription = valueDescription
    }

    /// The same reject with its line moved by `shift` (a chunk's lines made absolute).
    func shifted(by shift: Int) -> RejectedRow {
        RejectedRow(line: line + shift, byteOffset: byteOffset, column: column, reason: reason, value: value,
                    valueDescription: valueDescription)
    }
}

/// What an ingest records about one source file, committed with the rows it stored (in the same
/// transaction): the file, how it was read, and every line's fate.
///
/// Invariants (checked by the ledger's tables): records read = rows stored + rows rejected; with
/// multi-line fields off, lines read = records read.
public struct BatchRecord: Sendable {
    public var sourceName: String
    /// Hex SHA-256 of the whole file: the same file is not ingested twice.
    public var sourceSHA256: String
    public var sourceBytes: Int
    public var mapping: String?
    /// Fingerprint of the pseudonymisation key (never the key): batches under another key are refused.
    public var keyFingerprint: String?
    /// Physical lines after the header.
    public var linesRead: Int
    /// Records (rows) after the header: lines, unless quoted fields spanned several.
    public var recordsRead: Int
    public var rejected: [RejectedRow]
    public var provider: Int64?
    public var extractionDate: CivilDate
    /// The year the file's data is for (lateness is measured against its delivery month).
    public var dataYear: Int
    /// How the file was read ("semicolon-separated, windows-1252"), and its date format.
    public var dialect: String
    public var dateFormat: String?
    /// Non-null values per harmonised column among the rows stored: the file's completeness.
    public var filledValues: [String: Int]

    public init(sourceName: String, sourceSHA256: String, sourceBytes: Int, mapping: String?, keyFingerprint: String?,
                linesRead: Int, recordsRead: Int, rejected: [RejectedRow], provider: Int64? = nil,
                extractionDate: CivilDate, dataYear: Int, dialect: String, dateFormat: String?, filledValues: [String: Int] = [:]) {
        self.sourceName = sourceName
        self.sourceSHA256 = sourceSHA256
        self.sourceBytes = sourceBytes
        self.mapping = mapping
        self.keyFingerprint = keyFingerprint
        self.linesRead = linesRead
        self.recordsRead = recordsRead
        self.rejected = rejected
        self.provider = provider
        self.extractionDate = extractionDate
        self.dataYear = dataYear
        self.dialect = dialect
        self.dateFormat = dateFormat
        self.filledValues = filledValues
    }
}

/// An ingested batch as the ledger lists it.
public struct BatchInfo: Sendable, Equatable {
    public let id: Int64
    public let snapshot: Int64
    public let table: String
    public let sourceName: String
    public let sourceSHA256: String
    public let sourceBytes: Int
    public let mapping: String?
    public let keyFingerprint: String?
    /// Physical lines; nil for a batch recorded before lines were counted.
    public let linesRead: Int?
    /// Records read (rows, blank lines included).
    public let rowsRead: Int
    public let rowsStored: Int
    public let rowsRejected: Int
    /// Older rows this batch superseded (newer extractions of the same pathways).
    public let rowsSuperseded: Int
    public let provider: Int64?
    /// UTC, ISO 8601; nil for a batch recorded before it was kept.
    public let ingestedAt: String?
    public let extractionDate: CivilDate?
    public let dataYear: Int?
    public let dialect: String?
    public let dateFormat: String?
}
