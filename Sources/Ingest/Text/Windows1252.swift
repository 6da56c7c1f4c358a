/// Windows-1252 ("ANSI", what French spreadsheets export), to and from Unicode.
///
/// Bytes 0x00-0x7F and 0xA0-0xFF are Latin-1; 0x80-0x9F hold typographic characters (€ ’ œ …).
/// The five bytes Windows-1252 leaves undefined decode to U+FFFD.
public enum Windows1252 {
    /// Unicode scalars of bytes 0x80...0x9F.
    static let high: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    static let byteForHighScalar: [UInt32: UInt8] = {
        var table: [UInt32: UInt8] = [:]
        for (index, scalar) in high.enumerated() where scalar != 0xFFFD { table[scalar] = UInt8(0x80 + index) }
        return table
    }()

    /// The Unicode scalar of one byte.
    @inline(__always)
    public static func scalar(of byte: UInt8) -> UInt32 {
        byte >= 0x80 && byte < 0xA0 ? high[Int(byte - 0x80)] : UInt32(byte)
    }

    /// Encodes `text`; characters Windows-1252 cannot hold become "?".
    public static func encode(_ text: String, into bytes: inout [UInt8]) {
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 || (value >= 0xA0 && value <= 0xFF) {
                bytes.append(UInt8(value))
            } else {
                bytes.append(byteForHighScalar[value] ?? UInt8(ascii: "?"))
            }
        }
    }

    public static func decode(_ bytes: some Sequence<UInt8>) -> String {
        var result = String.UnicodeScalarView()
        for byte in bytes { result.append(Unicode.Scalar(scalar(of: byte))!) }
        return String(result)
    }
}
