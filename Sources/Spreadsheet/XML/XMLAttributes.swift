/// The attributes of a start tag, one `name="value"` pair at a time (names local, values raw:
/// `XMLText.decode` unescapes them). A broken pair ends the iteration: the caller then misses
/// the attribute and says what it lacked.
struct XMLAttributes {
    /// The window's bytes (not the window: iterating must not retain its storage per tag).
    private let bytes: UnsafeRawPointer
    private var index: Int
    private let end: Int

    init(_ window: ByteWindow, _ range: Range<Int>) {
        bytes = window.origin
        index = range.lowerBound
        end = range.upperBound
    }

    @inline(__always)
    private subscript(_ position: Int) -> UInt8 { bytes.load(fromByteOffset: position, as: UInt8.self) }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    mutating func next() -> (name: Range<Int>, value: Range<Int>)? {
        while index < end && Self.isSpace(self[index]) { index += 1 }
        guard index < end else { return nil }
        var nameStart = index
        while index < end && self[index] != UInt8(ascii: "=") && !Self.isSpace(self[index]) {
            if self[index] == UInt8(ascii: ":") { nameStart = index + 1 }
            index += 1
        }
        let name = nameStart..<index
        while index < end && Self.isSpace(self[index]) { index += 1 }
        guard index < end, self[index] == UInt8(ascii: "=") else { index = end; return nil }
        index += 1
        while index < end && Self.isSpace(self[index]) { index += 1 }
        guard index < end else { return nil }
        let quote = self[index]
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { index = end; return nil }
        let valueStart = index + 1
        index = valueStart
        while index < end && self[index] != quote { index += 1 }
        guard index < end else { return nil }
        let value = valueStart..<index
        index += 1
        return (name, value)
    }
}
