import Foundation

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
            "    {\"batch\": \(batch.id), \"file\": \(Publication.jsonString(batch.sourceName)), \"sha256\": \"\(batch.sourceSHA256)\", "
                + "\"rows_read\": \(batch.rowsRead), \"rows_stored\": \(batch.rowsStored), \"rows_rejected\": \(batch.rowsRejected)}"
        }.joined(separator: ",\n"))
        lines.append("  ],")
        lines.append("  \"indicators\": [")
        lines.append(values.map { value in
            let number = value.value.map { _ in value.formattedValue } ?? "null"
            return "    {\"family\": \"\(value.family)\", \"indicator\": \"\(value.indicator)\", \"breakdown\": \"\(value.breakdown.rawValue)\", "
                + "\"breakdown_value\": \(Publication.jsonString(value.breakdownValue)), "
                + "\"numerator\": \(value.numerator.map(String.init) ?? "null"), \"denominator\": \(value.denominator.map(String.init) ?? "null"), "
                + "\"value\": \(number), \"unit\": \"\(value.unit)\", \"suppressed\": \(value.suppression != nil), "
                + "\"suppression_reason\": \(value.suppression.map { Publication.jsonString($0.text(threshold: threshold)) } ?? "null")}"
        }.joined(separator: ",\n"))
        lines.append("  ]")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
