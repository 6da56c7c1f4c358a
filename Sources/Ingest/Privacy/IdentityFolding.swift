/// Folds identity text straight from a file's bytes (UTF-8 or Windows-1252) into the normalised
/// form `Pseudonymiser.normalise` gives, without making a `String` per field.
///
/// The table of what each character folds to is computed once *by* `Pseudonymiser.normalise`, one
/// character at a time, so both paths agree by construction (a property test checks whole names).
/// Characters outside Latin-1 and Windows-1252's extras (a combining accent, a Polish ł...) are
/// not in the table: `fold` then answers nil and the caller folds the field as a `String`.
enum IdentityFolding {
    /// Folded UTF-8 bytes of each scalar U+0000...U+00FF.
    static let latin1: [[UInt8]] = (0..<256).map { fold(scalar: UInt32($0)) }
    /// Folded UTF-8 bytes of the scalars Windows-1252 puts at 0x80...0x9F (Œ œ Š š Ž ž Ÿ ...),
    /// indexed by byte − 0x80; nil for the five undefined bytes.
    static let windowsHigh: [[UInt8]?] = Windows1252.high.map { $0 == 0xFFFD ? nil : fold(scalar: $0) }

    private static func fold(scalar: UInt32) -> [UInt8] {
        Array(Pseudonymiser.normalise(String(Character(Unicode.Scalar(scalar)!))).utf8)
    }

    /// Appends the folded form of `field` to `output`; nil (output unspecified) when a character
    /// is not in the tables.
    static func fold(_ field: UnsafeRawBufferPointer, encoding: CSVDialect.Encoding, into output: inout [UInt8]) -> Bool {
        let latin1 = Self.latin1
        switch encoding {
        case .windows1252:
            for byte in field {
                if byte < 0x80 || byte >= 0xA0 {
                    output.append(contentsOf: latin1[Int(byte)])
                } else if let folded = windowsHigh[Int(byte - 0x80)] {
                    output.append(contentsOf: folded)
                } else {
                    return false
                }
            }
        case .utf8:
            var index = 0
            while index < field.count {
                let lead = field[index]
                if lead < 0x80 {
                    output.append(contentsOf: latin1[Int(lead)])
                    index += 1
                    continue
                }
                guard lead & 0xE0 == 0xC0, index + 1 < field.count, field[index + 1] & 0xC0 == 0x80 else { return false }
                let scalar = UInt32(lead & 0x1F) << 6 | UInt32(field[index + 1] & 0x3F)
                if scalar < 0x100 {
                    output.append(contentsOf: latin1[Int(scalar)])
                } else if let high = Windows1252.high.firstIndex(of: scalar), let folded = windowsHigh[high] {
                    output.append(contentsOf: folded)
                } else {
                    return false
                }
                index += 2
            }
        }
        return true
    }
}
