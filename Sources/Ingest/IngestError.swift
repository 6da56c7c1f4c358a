import Spreadsheet
import Storage
#if canImport(Glibc)
import Glibc
#endif

/// What reading and ingesting certifier files can fail on, with the file, line and column where
/// it applies and what was expected, so the user can fix the file or the options.
public enum IngestError: Error, CustomStringConvertible, Equatable {
    case io(path: String, operation: String, errno: Int32)
    /// The file cannot be read: missing, not a regular file (a FIFO...), unmappable.
    case file(StorageError)
    /// The file's bytes contradict its declared encoding (a declared UTF-8 file with a byte that
    /// is not UTF-8, a declared Windows-1252 file that is UTF-8 text).
    case encodingMismatch(file: String, line: Int, detail: String)
    /// The CSV structure itself is broken (not one row: the file), e.g. a quote never closed.
    case malformedCSV(file: String, line: Int, column: Int, detail: String)
    /// Detection could not decide; the message says which option settles it.
    case ambiguousDialect(file: String, detail: String)
    /// The header does not match the expected columns.
    case badHeader(file: String, detail: String)
    /// This exact file (same SHA-256) was already ingested.
    case alreadyIngested(file: String, batch: Int64, snapshot: Int64, sourceName: String)
    /// The store's candidates were pseudonymised under another key: mixing keys would split every
    /// returning candidate in two.
    case keyMismatch(file: String, storeFingerprint: String, givenFingerprint: String)
    /// An `.xlsx` workbook that cannot be read (damaged, truncated, a limit reached, a legacy or
    /// password-protected file, a sheet that is not there).
    case spreadsheet(file: String, SpreadsheetError)

    public var description: String {
        switch self {
        case .io(let path, let operation, let code):
            "\(operation) \(path) failed: \(String(cString: strerror(code)))"
        case .file(let error):
            error.description
        case .encodingMismatch(let file, let line, let detail):
            "\(file):\(line): \(detail)"
        case .malformedCSV(let file, let line, let column, let detail):
            "\(file):\(line):\(column): \(detail)"
        case .ambiguousDialect(let file, let detail):
            "\(file): \(detail)"
        case .badHeader(let file, let detail):
            "\(file): header: \(detail)"
        case .alreadyIngested(let file, let batch, let snapshot, let sourceName):
            "\(file) was already ingested (batch \(batch), snapshot \(snapshot), as \(sourceName)); use --force to ingest it again"
        case .spreadsheet(let file, let error):
            "\(file): \(error)"
        case .keyMismatch(let file, let stored, let given):
            "\(file): the store's candidates were pseudonymised under the key with fingerprint \(stored), but the key given has fingerprint \(given); use the store's key (--key-file or PARCOURS_KEY)"
        }
    }
}
