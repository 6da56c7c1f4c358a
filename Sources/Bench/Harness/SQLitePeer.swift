import CSQLite
import Storage

/// SQLite through its C API, in process: the baseline every benchmark runs beside Parcours
/// (bulk insert in one transaction with a prepared statement; the same SQL for queries).
public final class SQLitePeer {
    public enum Value: Equatable, Sendable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
    }

    private var handle: OpaquePointer?
    public let path: String

    public init(path: String) throws(BenchError) {
        self.path = path
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
            defer { sqlite3_close(handle) }
            throw .peerFailed("sqlite: cannot open \(path)")
        }
    }

    deinit { sqlite3_close_v2(handle) }

    private func failure(_ sql: String) -> BenchError {
        .peerFailed("sqlite: \(String(cString: sqlite3_errmsg(handle))) in: \(sql)")
    }

    /// Adds `median` and `quantile_cont` (SQLite has none), for the query suite.
    public func registerQuantiles() {
        SQLiteQuantiles.register(handle)
    }

    public func execute(_ sql: String) throws(BenchError) {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw failure(sql) }
    }

    /// `CREATE TABLE` with SQLite's storage classes: INTEGER for integer, bool and date (days since
    /// 1970-01-01), REAL for float64, TEXT for strings.
    public func createTable(_ name: String, schema: TableSchema) throws(BenchError) {
        let columns = schema.columns.map { column in
            let type = switch column.type {
            case .string: "TEXT"
            case .float64: "REAL"
            default: "INTEGER"
            }
            return "\(column.name) \(type)\(column.nullable ? "" : " NOT NULL")"
        }
        try execute("CREATE TABLE \(name) (\(columns.joined(separator: ", ")))")
    }

    /// Inserts every row of `batch` in one transaction through one prepared statement.
    public func insert(_ batch: ColumnBatch, into table: String) throws(BenchError) {
        let placeholders = Array(repeating: "?", count: batch.columns.count).joined(separator: ", ")
        let sql = "INSERT INTO \(table) VALUES (\(placeholders))"
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { throw failure(sql) }
        defer { sqlite3_finalize(statement) }
        try execute("BEGIN")
        for row in 0..<batch.rowCount {
            for (index, column) in batch.columns.enumerated() {
                let position = Int32(index + 1)
                if column.isNull(row) {
                    sqlite3_bind_null(statement, position)
                    continue
                }
                switch column.values {
                case .bool(let v): sqlite3_bind_int64(statement, position, v[row] ? 1 : 0)
                case .int8(let v): sqlite3_bind_int64(statement, position, Int64(v[row]))
                case .int16(let v): sqlite3_bind_int64(statement, position, Int64(v[row]))
                case .int32(let v), .date(let v): sqlite3_bind_int64(statement, position, Int64(v[row]))
                case .int64(let v): sqlite3_bind_int64(statement, position, v[row])
                case .float64(let v): sqlite3_bind_double(statement, position, v[row])
                case .string(let strings):
                    let start = Int(strings.offsets[row]), length = strings.length(at: row)
                    strings.bytes.withUnsafeBufferPointer { bytes in
                        // SQLITE_TRANSIENT: SQLite copies the bytes before the buffer pointer goes away.
                        _ = sqlite3_bind_text(statement, position, UnsafeRawPointer(bytes.baseAddress! + start)
                            .assumingMemoryBound(to: CChar.self), Int32(length), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                    }
                case .dictionaryString(let strings):
                    sqlite3_bind_text(statement, position, strings[row], -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                }
            }
            guard sqlite3_step(statement) == SQLITE_DONE else { throw failure(sql) }
            sqlite3_reset(statement)
        }
        try execute("COMMIT")
    }

    /// Every row of a query's result.
    public func query(_ sql: String) throws(BenchError) -> [[Value]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { throw failure(sql) }
        defer { sqlite3_finalize(statement) }
        var rows: [[Value]] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw failure(sql) }
            rows.append((0..<sqlite3_column_count(statement)).map { column in
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: .integer(sqlite3_column_int64(statement, column))
                case SQLITE_FLOAT: .real(sqlite3_column_double(statement, column))
                case SQLITE_TEXT: .text(String(cString: sqlite3_column_text(statement, column)))
                default: .null
                }
            })
        }
        return rows
    }
}
