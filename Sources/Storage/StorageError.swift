/// Everything the storage layer can refuse or detect, with a message a user can act on.
public enum StorageError: Error, CustomStringConvertible, Equatable {
    case storeNotFound(path: String)
    case storeAlreadyExists(path: String)
    case notAStore(path: String, reason: String)
    /// Another process holds the store's write lock.
    case storeLocked(path: String)
    case readOnly(operation: String)
    /// A file written by a newer Parcours than this binary understands.
    case newerFormat(file: String, found: Int, supported: Int)
    /// A segment file that cannot be trusted: bad magic, footer or checksum, undecodable chunk.
    case corruptSegment(file: String, column: String?, detail: String)
    case missingSegment(file: String)
    case missingFile(path: String)
    /// A FIFO, a device or a folder where a file to read was expected.
    case notARegularFile(path: String)
    case fileTooLarge(path: String, bytes: Int, maximum: Int)
    case io(path: String, operation: String, errno: Int32)
    case catalog(message: String, sql: String?)
    /// A catalog value of the wrong type or out of range: the catalog was edited by hand or is damaged.
    case catalogValue(table: String, row: String, column: String, detail: String)
    /// The catalog's rows contradict each other or the files (snapshots that lost their segments,
    /// ids out of sequence): nothing is written, and no file is swept, until it is repaired.
    case inconsistentCatalog(path: String, problems: [String])
    case invalidSchema(String)
    case invalidBatch(String)
    case tableExists(String)
    case noSuchTable(String, available: [String])
    case noSuchColumn(table: String, column: String, available: [String])
    case schemaMismatch(table: String, detail: String)
    case noSuchSnapshot(Int64, latest: Int64)

    public var description: String {
        switch self {
        case .storeNotFound(let path):
            "no Parcours store at \(path) (create one with `parcours init \(path)`)"
        case .storeAlreadyExists(let path):
            "\(path) already holds a Parcours store"
        case .notAStore(let path, let reason):
            "\(path) is not a Parcours store: \(reason)"
        case .storeLocked(let path):
            "the store \(path) is being written by another process; wait for it to finish and retry"
        case .readOnly(let operation):
            "cannot \(operation): the store was opened read-only"
        case .newerFormat(let file, let found, let supported):
            "\(file) uses format version \(found), but this parcours reads versions up to \(supported); upgrade parcours"
        case .corruptSegment(let file, let column, let detail):
            "corrupt segment \(file)\(column.map { ", column \($0)" } ?? ""): \(detail)"
        case .missingSegment(let file):
            "segment file \(file) is named by the catalog but missing from the store"
        case .missingFile(let path):
            "no file \(path)"
        case .notARegularFile(let path):
            "\(path) is not a regular file (a pipe, a device or a folder); give a file"
        case .fileTooLarge(let path, let bytes, let maximum):
            "\(path) has \(bytes) bytes, more than the \(maximum) allowed for such a file"
        case .io(let path, let operation, let code):
            "\(operation) \(path) failed: \(String(cString: strerror(code)))"
        case .catalog(let message, let sql):
            "catalog error: \(message)\(sql.map { " (in: \($0))" } ?? "")"
        case .catalogValue(let table, let row, let column, let detail):
            "catalog damaged: table \(table), \(row), column \(column): \(detail) (run `parcours verify`; restore the store from a backup)"
        case .inconsistentCatalog(let path, let problems):
            "the catalog of \(path) is inconsistent, so nothing will be written to it: "
                + problems.prefix(5).joined(separator: "; ") + (problems.count > 5 ? "; and \(problems.count - 5) more" : "")
                + " (run `parcours verify`; restore the store from a backup)"
        case .invalidSchema(let detail):
            "invalid schema: \(detail)"
        case .invalidBatch(let detail):
            "invalid batch: \(detail)"
        case .tableExists(let name):
            "table '\(name)' already exists"
        case .noSuchTable(let name, let available):
            "no table '\(name)'" + (available.isEmpty ? " (the store has no tables yet)" : "; tables: \(available.joined(separator: ", "))")
        case .noSuchColumn(let table, let column, let available):
            "table '\(table)' has no column '\(column)'; columns: \(available.joined(separator: ", "))"
        case .schemaMismatch(let table, let detail):
            "batch does not match table '\(table)': \(detail)"
        case .noSuchSnapshot(let id, let latest):
            "no snapshot \(id); snapshots run from 1 to \(latest) (see `parcours log`)"
        }
    }
}

extension StorageError {
    /// Whether SQLite could not open or read the catalog file as asked (no permission to create
    /// its log's index, a read-only folder), as opposed to a catalog it read and refused.
    var isCatalogAccessError: Bool {
        guard case .catalog(let message, _) = self else { return false }
        return ["unable to open", "readonly database", "read-only", "permission", "disk I/O error"].contains { message.contains($0) }
    }
}

/// A decoding fault inside one chunk or footer, before the caller knows which file it came from.
/// `SegmentReader` wraps it into `StorageError.corruptSegment` with the file and column names.
struct StorageFault: Error {
    let detail: String
    init(_ detail: String) { self.detail = detail }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
