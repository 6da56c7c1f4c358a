import Foundation
import Query
import Storage

/// One table of the test records: its columns, every row the store holds, and which of them the
/// second commit deletes (they stay in the segments, invisible to queries, and DuckDB never sees
/// them: a phantom group made from a deleted row shows up as a difference).
public struct RecordTable: Sendable {
    public let name: String
    public let columns: [(name: String, type: ColumnType, nullable: Bool)]
    public let rows: [[Value]]
    /// Positions (into `rows`) deleted by the second commit; all in the first commit's half.
    public let deleted: Set<Int>

    public init(name: String, columns: [(name: String, type: ColumnType, nullable: Bool)], rows: [[Value]], deleted: Set<Int> = []) {
        self.name = name
        self.columns = columns
        self.rows = rows
        let half = rows.count / 2
        self.deleted = deleted.filter { $0 < half }
    }

    /// The rows queries see.
    public var liveRows: [[Value]] {
        rows.enumerated().filter { !deleted.contains($0.offset) }.map(\.element)
    }

    /// DuckDB's type for a stored column: every integer is a BIGINT, as the engine computes it.
    public static func duckDBType(_ type: ColumnType) -> String {
        switch type {
        case .bool: "BOOLEAN"
        case .int8, .int16, .int32, .int64: "BIGINT"
        case .float64: "DOUBLE"
        case .date: "DATE"
        case .string: "VARCHAR"
        }
    }

    /// `CREATE TABLE` in DuckDB's dialect.
    public var ddl: String {
        let list = columns.map { "\"\($0.name)\" \(RecordTable.duckDBType($0.type))\($0.nullable ? "" : " NOT NULL")" }
        return "CREATE TABLE \"\(name)\" (\(list.joined(separator: ", ")));"
    }

    /// The live rows as JSON lines (one array per row; dates as ISO text, NULL as null).
    public var jsonLines: String {
        var out = ""
        for row in liveRows {
            out += "[" + row.map(RecordTable.json).joined(separator: ",") + "]\n"
        }
        return out
    }

    static func json(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .hugeint, .decimal: return value.description
        case .double(let d):
            precondition(d.isFinite, "test tables hold finite doubles (JSON has no infinity)")
            return "\(d)"
        case .date(let days): return "\"" + CivilDate(daysSinceEpoch: days).description + "\""
        case .varchar(let s): return JSONText.quoted(s)
        }
    }

    /// Appends the table to `store`: the first half of the rows, then the second half in a commit
    /// that deletes `deleted`.
    public func write(to store: Store) throws {
        let table = TestTables.Table(name: name, columns: columns, rows: rows)
        _ = try store.createTable(name, schema: try TableSchema(table))
        guard !rows.isEmpty else { return }
        let half = rows.count / 2
        if half > 0 { try store.append(try TestTables.batch(table, rows: rows[..<half]), to: name) }
        var deletions: [Int64: DeletionVector] = [:]
        if !deleted.isEmpty {
            var start = 0
            for segment in try store.snapshot().table(name).segments {
                let positions = (0..<segment.rowCount).filter { deleted.contains(start + $0) }.map { UInt32($0) }
                if !positions.isEmpty { deletions[segment.id] = try DeletionVector(rows: positions, segmentRowCount: segment.rowCount) }
                start += segment.rowCount
            }
        }
        try store.append(try TestTables.batch(table, rows: rows[half...]), to: name, deleting: deletions)
    }
}
