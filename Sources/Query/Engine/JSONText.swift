import Support

/// JSON string literals for the outputs that write JSON by hand (query results as JSON lines, the
/// indicator publication): quotes, backslashes and control characters escaped, the rest as is.
public enum JSONText {
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            // C0 and C1 controls, DEL and bidirectional overrides: escaped, so that no output
            // written as JSON can disturb a terminal or reorder what a reader sees.
            case _ where Printable.needsEscape(scalar):
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension JSONText {
    /// A value as JSON: NULL `null`, numbers as numbers (exact digits for HUGEINT and DECIMAL, of
    /// any length), a non-finite double and dates and text as strings. One mapping for every JSON
    /// Parcours writes (the CLI's JSON mode, `COPY … TO (FORMAT json)`).
    public static func value(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .boolean(let b): b ? "true" : "false"
        case .integer(let i): String(i)
        case .hugeint, .decimal: value.description
        case .double(let d): d.isFinite ? String(d) : quoted(value.description)
        case .date, .varchar: quoted(value.description)
        }
    }
}
