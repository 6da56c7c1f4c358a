/// Text made safe to print: what could disturb a terminal or a line-based reader is escaped —
/// control characters (line breaks, tabs, escapes: `\n`, `\t`, `\u{1B}`), C1 controls and
/// bidirectional overrides (which reorder what is shown). Applied to everything that is printed
/// and comes from a file, a mapping, the catalog or an argument.
public enum Printable {
    /// Whether a scalar must not reach output as it is.
    @inline(__always)
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    /// `text` with every such scalar escaped (`\n`, `\r`, `\t`, else `\u{HEX}`).
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where needsEscape(scalar): out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `text` for HTML text or an attribute value: escaped as above, then `&`, `<`, `>` and `"`
    /// as entities.
    public static func html(_ text: String) -> String {
        var out = ""
        for character in escaped(text) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
