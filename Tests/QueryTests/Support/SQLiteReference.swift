import Bench
import CSQLite
import Foundation
import Query
import QueryRecordTables
import Storage
import Synchronization

/// The same tables in an in-memory SQLite database, and the functions SQLite lacks or defines
/// differently, implemented here from their definitions (the reference the engine is checked
/// against): dates are stored as days since 1970-01-01, so `year`, `month`, `date_trunc`,
/// `date_diff`, `median`, `quantile_cont`, `quantile_disc`, `greatest`, `least` and `concat` are
/// registered as SQLite functions written in Swift.
final class SQLiteReference {
    private var db: OpaquePointer?

    init(_ tables: TestTables) throws {
        guard sqlite3_open(":memory:", &db) == SQLITE_OK else { throw ReferenceError("cannot open SQLite") }
        try execute("PRAGMA case_sensitive_like = ON")
        for table in [(tables.p, tables.liveP), (tables.r, tables.r.rows)] {
            let columns = table.0.columns.map { column -> String in
                let type: String
                switch column.type {
                case .float64: type = "REAL"
                case .string: type = "TEXT"
                default: type = "INTEGER"
                }
                return "\(column.name) \(type)"
            }
            try execute("CREATE TABLE \(table.0.name) (\(columns.joined(separator: ", ")))")
            try insert(table.0.name, rows: table.1, width: columns.count)
        }
        SQLiteFunctions.register(db!)
    }

    deinit { sqlite3_close(db) }

    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
            defer { sqlite3_free(message) }
            throw ReferenceError("SQLite: \(message.map { String(cString: $0) } ?? "?") in \(sql)")
        }
    }

    private func insert(_ table: String, rows: [[Value]], width: Int) throws {
        try execute("BEGIN")
        var statement: OpaquePointer?
        let placeholders = Array(repeating: "?", count: width).joined(separator: ", ")
        guard sqlite3_prepare_v2(db, "INSERT INTO \(table) VALUES (\(placeholders))", -1, &statement, nil) == SQLITE_OK else {
            throw ReferenceError("prepare insert")
        }
        defer { sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for row in rows {
            sqlite3_reset(statement)
            for (index, value) in row.enumerated() {
                let position = Int32(index + 1)
                switch value {
                case .null: sqlite3_bind_null(statement, position)
                case .boolean(let b): sqlite3_bind_int64(statement, position, b ? 1 : 0)
                case .integer(let i): sqlite3_bind_int64(statement, position, i)
                case .double(let d): sqlite3_bind_double(statement, position, d)
                case .hugeint, .decimal: sqlite3_bind_text(statement, position, value.description, -1, transient) // tables hold none
                case .date(let d): sqlite3_bind_int64(statement, position, Int64(d))
                case .varchar(let s): sqlite3_bind_text(statement, position, s, -1, transient)
                }
            }
            guard sqlite3_step(statement) == SQLITE_DONE else { throw ReferenceError("insert into \(table)") }
        }
        try execute("COMMIT")
    }

    /// Rows of a query written in the engine's dialect (DATE literals become day numbers).
    func rows(_ sql: String) throws -> [[Value]] {
        let translated = QuerySuite.sqliteDates(sql)
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, translated, -1, &statement, nil) == SQLITE_OK else {
            throw ReferenceError("SQLite cannot prepare: \(String(cString: sqlite3_errmsg(db))) in \(translated)")
        }
        defer { sqlite3_finalize(statement) }
        var result: [[Value]] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else { throw ReferenceError("SQLite: \(String(cString: sqlite3_errmsg(db))) in \(translated)") }
            let count = sqlite3_column_count(statement)
            result.append((0..<count).map { column in
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: .integer(sqlite3_column_int64(statement, column))
                case SQLITE_FLOAT: .double(sqlite3_column_double(statement, column))
                case SQLITE_TEXT: .varchar(String(cString: sqlite3_column_text(statement, column)))
                default: .null
                }
            })
        }
        return result
    }
}

struct ReferenceError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
