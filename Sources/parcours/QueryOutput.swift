import Foundation
import Query

/// How `parcours query` prints results: an aligned table (default on a terminal), CSV (RFC 4180,
/// NULL as an empty field), or JSON lines (one object per row, NULL as null).
///
/// CSV is written for the tools that read it back: an empty string is `""` (an empty field is
/// NULL, as DuckDB writes them); a text that reads as a number (`'05'`, a department) is quoted,
/// so that a reader honouring quotes keeps it as text; a row that would be a blank line (one
/// column, NULL) is written `""`, since CSV readers skip blank lines and the row would be lost.
enum OutputMode: String, CaseIterable {
    case table, csv, json

    static var terminalDefault: OutputMode { isatty(STDOUT_FILENO) != 0 ? .table : .csv }

    func render(_ result: QueryResult) -> String {
        switch self {
        case .table:
            let rows = result.rows.map { $0.map { $0.isNull ? "NULL" : $0.description } }
            let numeric = Set(result.columns.indices.filter { result.columns[$0].type.isNumeric })
            let count = "(\(result.rowCount) row\(result.rowCount == 1 ? "" : "s"))"
            return TextTable(header: result.columns.map(\.name), rows: rows, rightAligned: numeric).rendered + "\n" + count
        case .csv:
            let header = result.columns.map { OutputMode.csvField($0.name) }.joined(separator: ",")
            let lines = result.rows.map { row in
                let line = row.map(OutputMode.csvValue).joined(separator: ",")
                return line.isEmpty ? "\"\"" : line
            }
            return ([header] + lines).joined(separator: "\n")
        case .json:
            return result.rows.map { row in
                "{" + zip(result.columns, row).map { "\(JSONText.quoted($0.name)):\(OutputMode.json($1))" }.joined(separator: ",") + "}"
            }.joined(separator: "\n")
        }
    }

    /// A value as a CSV field: NULL empty, text quoted when it is empty or reads as a number.
    static func csvValue(_ value: Value) -> String {
        switch value {
        case .null: return ""
        case .varchar(let text) where text.isEmpty || Double(text.trimmingCharacters(in: .whitespaces)) != nil:
            return "\"" + text + "\""
        default: return csvField(value.description)
        }
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func json(_ value: Value) -> String { JSONText.value(value) }
}
