import Support

/// Rejects as CSV (RFC 4180, a header line), the one format `parcours rejects --mode csv` and the
/// quality page's `rejects.csv` both write: a provider corrects its file from it, line by line.
/// Control characters are escaped (`Printable`) before quoting.
public enum RejectsCSV {
    public static let header = "batch,file,line,byte_offset,column,reason,value,value_description"

    public static func line(batch: Int64, file: String, _ row: RejectedRow) -> String {
        [String(batch), file, String(row.line), String(row.byteOffset), row.column ?? "", row.reason, row.value ?? "",
         row.valueDescription ?? ""].map(field).joined(separator: ",")
    }

    /// One field: escaped, then quoted when it holds a comma or a quote.
    public static func field(_ text: String) -> String {
        let escaped = Printable.escaped(text)
        guard escaped.contains(where: { $0 == "," || $0 == "\"" }) else { return escaped }
        return "\"" + escaped.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func document(_ rejects: [(file: String, batch: Int64, row: RejectedRow)]) -> String {
        ([header] + rejects.map { line(batch: $0.batch, file: $0.file, $0.row) }).joined(separator: "\n") + "\n"
    }
}
