/// What a cell's style says of how to show its number: as a date (a serial day count), a time of
/// day, an integer padded with zeros (a postcode kept as a number, format `00000`), or as it is.
/// Read from `xl/styles.xml`: a cell's `s` attribute indexes `cellXfs`, whose `numFmtId` is one of
/// Excel's built-in formats or a `numFmt` of the workbook.
public enum NumberDisplay: Equatable, Sendable {
    case general
    case date
    case time
    case zeroPadded(width: Int)
}

struct CellStyles {
    /// By style index (`s`); an index past the end shows as `general`.
    private(set) var displays: [NumberDisplay] = []

    subscript(_ style: Int) -> NumberDisplay {
        style >= 0 && style < displays.count ? displays[style] : .general
    }

    init() {}

    init(_ tokenizer: inout XMLTokenizer, maximumStyles: Int) throws(SpreadsheetError) {
        var formats: [Int: NumberDisplay] = [:]
        var inCellFormats = false
        while true {
            let token = try tokenizer.next()
            switch token.kind {
            case .documentEnd: return
            case .end:
                if tokenizer.equals(token.name, "cellXfs") { inCellFormats = false }
            case .text: continue
            case .start:
                if tokenizer.equals(token.name, "numFmt") {
                    var attributes = XMLAttributes(tokenizer.window, token.attributes)
                    var id: Int?, code: [UInt8] = []
                    while let (name, value) = attributes.next() {
                        if tokenizer.equals(name, "numFmtId") { id = Int(String(decoding: tokenizer.window.bytes(value), as: UTF8.self)) }
                        if tokenizer.equals(name, "formatCode") { _ = XMLText.decode(tokenizer.window.bytes(value), into: &code) }
                    }
                    if let id { formats[id] = Self.classify(code) }
                } else if tokenizer.equals(token.name, "cellXfs") {
                    inCellFormats = true
                } else if inCellFormats && tokenizer.equals(token.name, "xf") {
                    guard displays.count < maximumStyles else {
                        throw .limitExceeded(limit: "maximum_styles", detail: "more than \(maximumStyles) cell styles")
                    }
                    var attributes = XMLAttributes(tokenizer.window, token.attributes)
                    var id = 0
                    while let (name, value) = attributes.next() {
                        guard tokenizer.equals(name, "numFmtId") else { continue }
                        id = Int(String(decoding: tokenizer.window.bytes(value), as: UTF8.self)) ?? 0
                    }
                    displays.append(formats[id] ?? Self.builtIn(id))
                }
            }
        }
    }

    /// Excel's built-in number formats that show dates or times (ECMA-376 §18.8.30; 27-36 and
    /// 50-58 are the East Asian date formats).
    static func builtIn(_ id: Int) -> NumberDisplay {
        switch id {
        case 14...17, 22, 27...36, 50...58: .date
        case 18...21, 45...47: .time
        default: .general
        }
    }

    /// A format code's first section, without its quoted literals, escaped characters and
    /// bracketed colours or locales: a `d` or `y` left makes it a date; `h` or `s` a time; only
    /// zeros, a padded integer.
    static func classify(_ code: [UInt8]) -> NumberDisplay {
        var letters: [UInt8] = []
        var index = 0, inQuotes = false, elapsed = false
        while index < code.count {
            let byte = code[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") { inQuotes = false }
            } else if byte == UInt8(ascii: "\"") {
                inQuotes = true
            } else if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "*") {
                index += 1
            } else if byte == UInt8(ascii: "[") {
                let close = code[index...].firstIndex(of: UInt8(ascii: "]")) ?? code.count
                let inside = code[(index + 1)..<close].map { $0 | 0x20 }
                if !inside.isEmpty && inside.allSatisfy({ $0 == UInt8(ascii: "h") || $0 == UInt8(ascii: "m") || $0 == UInt8(ascii: "s") }) {
                    elapsed = true
                }
                index = close
            } else if byte == UInt8(ascii: ";") {
                break
            } else {
                letters.append(byte)
            }
            index += 1
        }
        let lower = letters.map { $0 | 0x20 }
        if lower.contains(UInt8(ascii: "d")) || lower.contains(UInt8(ascii: "y")) { return .date }
        if elapsed || lower.contains(UInt8(ascii: "h")) || lower.contains(UInt8(ascii: "s")) { return .time }
        if !letters.isEmpty && letters.allSatisfy({ $0 == UInt8(ascii: "0") }) { return .zeroPadded(width: letters.count) }
        return .general
    }
}
