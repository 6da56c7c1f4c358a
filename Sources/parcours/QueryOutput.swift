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
            // COPY's writer (the last line feed is print's).
            return String(result.csvText(quotingNumericText: true).dropLast())
        case .json:
            return String(result.jsonText().dropLast())
        }
    }
}
