import Foundation
import Query

/// How `parcours query` prints results: an aligned table (default on a terminal), CSV (RFC 4180,
/// NULL as an empty field), or JSON lines (one object per row, NULL as null).
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
            let lines = result.rows.map { row in row.map { $0.isNull ? "" : OutputMode.csvField($0.description) }.joined(separator: ",") }
            return ([header] + lines).joined(separator: "\n")
        case .json:
            return result.rows.map { row in
                "{" + zip(result.columns, row).map { "\(JSONText.quoted($0.name)):\(OutputMode.json($1))" }.joined(separator: ",") + "}"
            }.joined(separator: "\n")
        }
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func json(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .boolean(let b): b ? "true" : "false"
        case .integer(let i): String(i)
        case .hugeint, .decimal: value.description // exact digits: a JSON number of any length
        case .double(let d): d.isFinite ? String(d) : JSONText.quoted(value.description)
        case .date, .varchar: JSONText.quoted(value.description)
        }
    }

}
