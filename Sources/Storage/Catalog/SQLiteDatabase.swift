import CSQLite

/// SQLite's way of saying "copy this buffer now": not imported into Swift as a constant.
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A thin handle over one SQLite connection (C API), used only by `Catalog`.
///
/// Not thread-safe: one connection per `Store`, used from one thread at a time. Every failure
/// becomes `StorageError.catalog` with SQLite's message and the statement.
final class SQLiteDatabase {
    /// How the file is opened.
    enum Mode {
        case readWrite
        /// Read-only, with SQLite's locks and write-ahead log (the folder must let it create the
        /// log's index, or find it there).
        case readOnly
        /// Read-only without locks or log, for a catalog whose folder cannot be written (a
        /// read-only mount, a store owned by another user): SQLite then trusts that nothing
        /// changes the file, so every query checks afterwards that nothing did (`FileStamp`).
        case immutable
    }

    private var handle: OpaquePointer?
    let path: String
    let mode: Mode
    /// For an immutable connection: the file as it was when opened.
    private let stamp: FileStamp?

    convenience init(path: String, readOnly: Bool) throws(StorageError) {
        try self.init(path: path, mode: readOnly ? .readOnly : .readWrite)
    }

    init(path: String, mode: Mode) throws(StorageError) {
        self.path = path
        self.mode = mode
        let name: String, flags: Int32
        switch mode {
        case .readWrite: (name, flags) = (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        case .readOnly: (name, flags) = (path, SQLITE_OPEN_READONLY)
        case .immutable: (name, flags) = (Self.immutableURI(path), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI)
        }
        stamp = mode == .immutable ? try FileStamp(path) : nil
        let status = sqlite3_open_v2(name, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            handle = nil
            throw .catalog(message: "\(path): \(message)", sql: nil)
        }
        sqlite3_busy_timeout(handle, 10_000)
    }

    /// `file:PATH?immutable=1`, the path percent-encoded where a URI needs it.
    private static func immutableURI(_ path: String) -> String {
        var encoded = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "%"), 0..<0x21, 0x7F...:
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            default: encoded.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return "file:" + encoded + "?immutable=1"
    }

    /// For an immutable connection: fails when the file changed since it was opened (a writer
    /// elsewhere), so that no answer mixes two states of the catalog.
    private func checkUnchanged() throws(StorageError) {
        guard let stamp else { return }
        guard try FileStamp(path) == stamp else {
            throw .catalog(message: "\(path) changed while it was read without locks (its folder cannot be written); read it again", sql: nil)
        }
    }

    deinit { sqlite3_close_v2(handle) }

    private func error(_ sql: String?) -> StorageError {
        .catalog(message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    func execute(_ sql: String) throws(StorageError) {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw error(sql) }
    }

    func prepare(_ sql: String) throws(StorageError) -> Statement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else { throw error(sql) }
        return Statement(statement, database: self, sql: sql)
    }

    /// Runs `sql` with `parameters` and returns every row; `source` names what it reads in the
    /// errors of the rows' checked accessors (the table, by default the first after FROM).
    func query(_ sql: String, _ parameters: [CatalogValue] = [], source: String? = nil) throws(StorageError) -> [CatalogRow] {
        let statement = try prepare(sql)
        try statement.bind(parameters)
        let columns = statement.columnNames
        let source = source ?? Self.firstTable(sql)
        var rows: [CatalogRow] = []
        while let row = try statement.step() { rows.append(CatalogRow(source: source, columns: columns, values: row)) }
        try checkUnchanged()
        return rows
    }

    /// The name after the first FROM of `sql` ("the catalog" when there is none).
    private static func firstTable(_ sql: String) -> String {
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "(" || $0 == ")" })
        guard let from = words.firstIndex(where: { $0.uppercased() == "FROM" }), from + 1 < words.count else { return "the catalog" }
        return String(words[from + 1])
    }

    /// The single integer `sql` returns (a count, a max, a pragma); `fallback` when it returns no row or NULL.
    func integer(_ sql: String, _ parameters: [CatalogValue] = [], fallback: Int64 = 0) throws(StorageError) -> Int64 {
        guard let row = try query(sql, parameters).first else { return fallback }
        return try row.optionalInteger(0) ?? fallback
    }

    func run(_ sql: String, _ parameters: [CatalogValue] = []) throws(StorageError) {
        _ = try query(sql, parameters)
    }

    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
    /// IMMEDIATE (the default) takes the write lock at once, as every write here must; a read-only
    /// body passes `immediate: false` so that it never waits for, or blocks, a writer.
    func transaction<R>(immediate: Bool = true, _ body: () throws(StorageError) -> R) throws(StorageError) -> R {
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// A prepared statement; finalized when released.
    final class Statement {
        private let statement: OpaquePointer
        private let database: SQLiteDatabase
        private let sql: String

        init(_ statement: OpaquePointer, database: SQLiteDatabase, sql: String) {
            self.statement = statement
            self.database = database
            self.sql = sql
        }

        deinit { sqlite3_finalize(statement) }

        var columnNames: [String] {
            (0..<sqlite3_column_count(statement)).map { sqlite3_column_name(statement, $0).map { String(cString: $0) } ?? "?" }
        }

        func bind(_ parameters: [CatalogValue]) throws(StorageError) {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
            for (index, value) in parameters.enumerated() {
                let position = Int32(index + 1)
                let status: Int32
                switch value {
                case .null: status = sqlite3_bind_null(statement, position)
                case .integer(let v): status = sqlite3_bind_int64(statement, position, v)
                case .real(let v): status = sqlite3_bind_double(statement, position, v)
                case .text(let v): status = sqlite3_bind_text(statement, position, v, -1, SQLITE_TRANSIENT)
                case .blob(let v):
                    status = v.withUnsafeBytes { sqlite3_bind_blob(statement, position, $0.baseAddress, Int32($0.count), SQLITE_TRANSIENT) }
                }
                guard status == SQLITE_OK else { throw database.error(sql) }
            }
        }

        /// The next row, or nil when the statement is done.
        func step() throws(StorageError) -> [CatalogValue]? {
            switch sqlite3_step(statement) {
            case SQLITE_ROW:
                return (0..<sqlite3_column_count(statement)).map { column in
                    switch sqlite3_column_type(statement, column) {
                    case SQLITE_INTEGER: .integer(sqlite3_column_int64(statement, column))
                    case SQLITE_FLOAT: .real(sqlite3_column_double(statement, column))
                    case SQLITE_TEXT:
                        // By its length: a text holding a NUL byte is read whole, not cut at it.
                        .text(String(decoding: UnsafeRawBufferPointer(start: sqlite3_column_text(statement, column),
                                                                      count: Int(sqlite3_column_bytes(statement, column))),
                                     as: UTF8.self))
                    case SQLITE_BLOB:
                        .blob(Array(UnsafeRawBufferPointer(start: sqlite3_column_blob(statement, column),
                                                           count: Int(sqlite3_column_bytes(statement, column)))))
                    default: .null
                    }
                }
            case SQLITE_DONE:
                return nil
            default:
                throw database.error(sql)
            }
        }
    }
}

/// What identifies one state of a catalog file opened without locks: its size, modification time
/// and a hash of its first page's header (SQLite's change counter and schema cookie are there), and
/// the size of a write-ahead log beside it (which an immutable reader cannot see into).
struct FileStamp: Equatable {
    let size: Int
    let modified: Int
    let header: UInt64
    let logSize: Int

    init(_ path: String) throws(StorageError) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileSystem.fail(path, "reading the state of") }
        size = Int(info.st_size)
        modified = Int(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int(info.st_mtim.tv_nsec)
        var log = stat()
        logSize = stat(path + "-wal", &log) == 0 ? Int(log.st_size) : 0
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystem.fail(path, "opening") }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 100)
        let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 100, 0) }
        guard count >= 0 else { throw FileSystem.fail(path, "reading") }
        header = Checksum.xxh64(Array(bytes.prefix(count)))
    }
}

extension String {
    /// Zeros in front up to `width` characters.
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

#if canImport(Glibc)
import Glibc
#endif
