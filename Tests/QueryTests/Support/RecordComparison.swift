import Foundation
import Query
import Storage

/// Compares the engine's answer to a record's: types by what DuckDB's type means to the engine,
/// values as text in the records' canonical form, floating-point values to 1e-9 relative.
enum RecordComparison {
    /// The engine's type for a DuckDB type name, nil when the engine has no such type.
    ///
    /// Every DuckDB integer type up to 64 bits is the engine's 64-bit `integer`; HUGEINT and
    /// DECIMAL(p,s) must match exactly, width and scale included, and their values digit for digit.
    static func engineType(_ duckdb: String) -> SQLType? {
        switch duckdb {
        case "BOOLEAN": .boolean
        case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER": .integer
        case "HUGEINT": .hugeint
        case "FLOAT", "DOUBLE": .double
        case "DATE": .date
        case "VARCHAR": .varchar
        case "\"NULL\"", "NULL": .null
        default: (try? SQLType(name: duckdb)).flatMap { $0?.isDecimal == true ? $0 : nil }
        }
    }

    static func isApproximate(_ duckdb: String) -> Bool {
        duckdb == "FLOAT" || duckdb == "DOUBLE"
    }

    /// A value as the records write it.
    static func text(_ value: Value) -> String {
        switch value {
        case .null: return "NULL"
        case .varchar(let s):
            if s.isEmpty { return "(empty)" }
            if s == "NULL" || s == "(empty)" { return "\\" + s }
            var out = ""
            for character in s.unicodeScalars {
                switch character {
                case "\\": out += "\\\\"
                case "\t": out += "\\t"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                default: out.unicodeScalars.append(character)
                }
            }
            return out
        default: return value.description
        }
    }

    /// The difference between the engine's result and the record's expectation, nil when equal.
    static func difference(_ result: QueryResult, types: [String], rows expected: [[String]], sorted: Bool) -> String? {
        guard result.columns.count == types.count else {
            return "\(result.columns.count) columns, expected \(types.count) (\(types.joined(separator: ", ")))"
        }
        for (index, (column, duckdb)) in zip(result.columns, types).enumerated() {
            guard let wanted = engineType(duckdb) else { return "column \(index + 1): DuckDB's type \(duckdb) has no engine type" }
            // A NULL-typed column takes any type; an engine `null` column matches anything DuckDB gives.
            if column.type != wanted && wanted != .null && column.type != .null {
                return "column \(index + 1) (\(column.name)): type \(column.type), DuckDB \(duckdb)"
            }
        }
        var ours = result.rows.map { $0.map(text) }
        var theirs = expected
        if sorted {
            ours.sort { $0.lexicographicallyPrecedes($1) }
            theirs.sort { $0.lexicographicallyPrecedes($1) }
        }
        guard ours.count == theirs.count else {
            return "\(ours.count) rows, expected \(theirs.count)\n ours: \(preview(ours))\n want: \(preview(theirs))"
        }
        for (row, (a, b)) in zip(ours, theirs).enumerated() {
            guard a.count == b.count else { return "row \(row + 1): \(a.count) values, expected \(b.count)" }
            for column in a.indices where !same(a[column], b[column], approximate: isApproximate(types[column])) {
                return "row \(row + 1), column \(column + 1): \(a[column]), expected \(b[column])\n ours: \(a.joined(separator: " | "))\n want: \(b.joined(separator: " | "))"
            }
        }
        return nil
    }

    static func same(_ a: String, _ b: String, approximate: Bool) -> Bool {
        if a == b { return true }
        guard approximate, let x = Double(a), let y = Double(b) else { return false }
        if x == y || (x.isNaN && y.isNaN) { return true }
        return abs(x - y) <= 1e-9 * max(abs(x), abs(y))
    }

    private static func preview(_ rows: [[String]]) -> String {
        rows.prefix(6).map { $0.joined(separator: " | ") }.joined(separator: "; ") + (rows.count > 6 ? "; …" : "")
    }
}
