/// How a CSV file is written: separator, text encoding, and whether it starts with a byte order mark.
public struct CSVDialect: Sendable, Equatable, CustomStringConvertible {
    public enum Encoding: String, Sendable, CaseIterable {
        case utf8 = "utf-8"
        case windows1252 = "windows-1252"
    }

    public var delimiter: UInt8
    public var encoding: Encoding
    /// Whether the encoding was given (by a mapping or an option) rather than guessed from the
    /// file's first bytes: a guess that the rest of the file contradicts is corrected, a declared
    /// encoding the file contradicts refuses the file.
    public var encodingDeclared: Bool
    /// Bytes to skip at the start (a UTF-8 BOM).
    public var headerOffset: Int

    public init(delimiter: UInt8, encoding: Encoding, encodingDeclared: Bool = false, headerOffset: Int = 0) {
        self.delimiter = delimiter
        self.encoding = encoding
        self.encodingDeclared = encodingDeclared
        self.headerOffset = headerOffset
    }

    /// The delimiters detection considers, and the names options use for them.
    public static let delimiters: [(byte: UInt8, name: String)] = [
        (UInt8(ascii: ","), "comma"), (UInt8(ascii: ";"), "semicolon"), (UInt8(ascii: "\t"), "tab"), (UInt8(ascii: "|"), "pipe"),
    ]

    public static func delimiter(named name: String) -> UInt8? {
        if name.utf8.count == 1 { return name.utf8.first }
        return delimiters.first { $0.name == name.lowercased() }?.byte
    }

    public var description: String {
        let name = Self.delimiters.first { $0.byte == delimiter }?.name ?? "'\(Character(Unicode.Scalar(delimiter)))'"
        return "\(name)-separated, \(encoding.rawValue)\(headerOffset > 0 ? " with BOM" : "")"
    }
}
