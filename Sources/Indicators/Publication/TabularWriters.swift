import Foundation
import Query

/// `indicators.csv` and `indicators.json`: the publication in long format, one line per indicator
/// and breakdown value — indicator, breakdown, breakdown value, numerator, denominator, value,
/// unit, suppressed and why. Hidden numbers are empty (CSV) or null (JSON), never present.
extension Publication {
    static let columns = ["family", "indicator", "breakdown", "breakdown_value", "numerator", "denominator", "value", "unit",
                          "suppressed", "suppression_reason"]

    /// RFC 4180 CSV, UTF-8, `\n` line ends, fields quoted only when they need it.
    public func csv() -> String {
        var lines = [Publication.columns.joined(separator: ",")]
        for value in values {
            let fields = [value.family, value.indicator, value.breakdown.rawValue, value.breakdownValue,
                          value.numerator.map(String.init) ?? "", value.denominator.map(String.init) ?? "",
                          value.formattedValue, value.unit, value.suppression == nil ? "false" : "true",
                          value.suppression?.text(threshold: threshold) ?? ""]
            lines.append(fields.map(Publication.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One JSON document: the publication's metadata, then `indicators`, one object per line.
    public func json() -> String {
        var lines = ["{",
                     "  \"year\": \(year),",
                     "  \"snapshot\": \(snapshot),",
                     "  \"min_cell\": \(threshold),",
                     "  \"sources\": ["]
        lines.append(sources.map { batch in
            "    {\"batch\": \(batch.batch), \"file\": \(JSONText.quoted(batch.fileName)), \"sha256\": \"\(batch.sha256)\", "
                + "\"rows_read\": \(batch.rowsRead), \"rows_stored\": \(batch.rowsStored), \"rows_rejected\": \(batch.rowsRejected)}"
        }.joined(separator: ",\n"))
        lines.append("  ],")
        lines.append("  \"indicators\": [")
        lines.append(values.map { value in
            let number = value.value.map { _ in value.formattedValue } ?? "null"
            return "    {\"family\": \"\(value.family)\", \"indicator\": \"\(value.indicator)\", \"breakdown\": \"\(value.breakdown.rawValue)\", "
                + "\"breakdown_value\": \(JSONText.quoted(value.breakdownValue)), "
                + "\"numerator\": \(value.numerator.map(String.init) ?? "null"), \"denominator\": \(value.denominator.map(String.init) ?? "null"), "
                + "\"value\": \(number), \"unit\": \"\(value.unit)\", \"suppressed\": \(value.suppression != nil), "
                + "\"suppression_reason\": \(value.suppression.map { JSONText.quoted($0.text(threshold: threshold)) } ?? "null")}"
        }.joined(separator: ",\n"))
        lines.append("  ]")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

}
