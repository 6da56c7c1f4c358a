/// The fields of one CSV record as byte ranges into the file (no copy, no `String`).
///
/// Invariants: `starts`, `ends` and `escaped` have `count` entries; field i is
/// `bytes[starts[i]..<ends[i]]` without its surrounding quotes; when `escaped[i]` it still holds
/// doubled quotes (`""`) that `unescaped(_:)` turns into single ones.
public struct CSVRecord: Sendable {
    public private(set) var starts: [Int] = []
    public private(set) var ends: [Int] = []
    public private(set) var escaped: [Bool] = []
    /// Physical line (1-based) where the record starts.
    public internal(set) var line = 0
    /// Byte offset in the file where the record starts.
    public internal(set) var offset = 0
    /// Set when the record is structurally broken (e.g. text after a closing quote); the reader
    /// resumes at the next line and the ingest rejects the row with this reason.
    public internal(set) var malformation: String?

    public init() {
        starts.reserveCapacity(32)
        ends.reserveCapacity(32)
        escaped.reserveCapacity(32)
    }

    public var count: Int { starts.count }

    mutating func reset(line: Int, offset: Int) {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        escaped.removeAll(keepingCapacity: true)
        self.line = line
        self.offset = offset
        malformation = nil
    }

    @inline(__always)
    mutating func append(start: Int, end: Int, escaped isEscaped: Bool) {
        starts.append(start)
        ends.append(end)
        escaped.append(isEscaped)
    }

    mutating func removeLast() {
        starts.removeLast()
        ends.removeLast()
        escaped.removeLast()
    }

    /// Field `index`'s raw bytes (quotes removed, doubled quotes still doubled).
    @inline(__always)
    public func raw(_ index: Int, in bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[starts[index]..<ends[index]])
    }

    /// Field `index`'s bytes with doubled quotes made single (allocates only for escaped fields).
    public func unescaped(_ index: Int, in bytes: UnsafeRawBufferPointer) -> [UInt8] {
        let field = raw(index, in: bytes)
        guard escaped[index] else { return Array(field) }
        var result: [UInt8] = []
        result.reserveCapacity(field.count)
        var skipNext = false
        for byte in field {
            if skipNext { skipNext = false; continue }
            result.append(byte)
            if byte == UInt8(ascii: "\"") { skipNext = true }
        }
        return result
    }

    /// Field `index` decoded as text in `encoding` (cold path: headers, error messages, tests).
    public func string(_ index: Int, in bytes: UnsafeRawBufferPointer, encoding: CSVDialect.Encoding) -> String {
        let value = unescaped(index, in: bytes)
        switch encoding {
        case .utf8: return String(decoding: value, as: UTF8.self)
        case .windows1252: return Windows1252.decode(value)
        }
    }
}
