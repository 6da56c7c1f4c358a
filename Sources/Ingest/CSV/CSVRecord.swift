/// The fields of one CSV record as byte ranges into the file (no copy, no `String`).
///
/// A record is scratch space the scanner refills for every row, so its field bounds live in
/// buffers it allocates once and grows rarely: appending a field is a store through a pointer,
/// with no copy-on-write check (an `Array` append costs one per field, 20 per row). Copies of a
/// record share those buffers; keep one record per scanner.
///
/// Invariants: fields `0..<count` are valid; field i is `bytes[start(i)..<end(i)]` without its
/// surrounding quotes; when `isEscaped(i)` it still holds doubled quotes (`""`) that
/// `unescaped(_:in:)` turns into single ones.
public struct CSVRecord: @unchecked Sendable {
    /// Owns the buffers (and frees them); the record reads and writes through its own pointers.
    private final class Storage {
        var starts: UnsafeMutablePointer<Int>
        var ends: UnsafeMutablePointer<Int>
        var escaped: UnsafeMutablePointer<Bool>

        init(capacity: Int) {
            starts = .allocate(capacity: capacity)
            ends = .allocate(capacity: capacity)
            escaped = .allocate(capacity: capacity)
        }

        deinit {
            starts.deallocate()
            ends.deallocate()
            escaped.deallocate()
        }
    }

    private var storage: Storage
    private var starts: UnsafeMutablePointer<Int>
    private var ends: UnsafeMutablePointer<Int>
    private var escapedFlags: UnsafeMutablePointer<Bool>
    private var capacity: Int
    public private(set) var count = 0
    /// Physical line (1-based) where the record starts.
    public internal(set) var line = 0
    /// Byte offset in the file where the record starts.
    public internal(set) var offset = 0
    /// Set when the record is structurally broken (e.g. text after a closing quote); the reader
    /// resumes at the next line and the ingest rejects the row with this reason.
    public internal(set) var malformation: String?

    public init() {
        capacity = 32
        storage = Storage(capacity: capacity)
        starts = storage.starts
        ends = storage.ends
        escapedFlags = storage.escaped
    }

    @inline(__always)
    public func start(_ index: Int) -> Int { starts[index] }
    @inline(__always)
    public func end(_ index: Int) -> Int { ends[index] }
    @inline(__always)
    public func isEscaped(_ index: Int) -> Bool { escapedFlags[index] }

    mutating func reset(line: Int, offset: Int) {
        count = 0
        self.line = line
        self.offset = offset
        malformation = nil
    }

    @inline(__always)
    mutating func append(start: Int, end: Int, escaped isEscaped: Bool) {
        if count == capacity { grow() }
        starts[count] = start
        ends[count] = end
        escapedFlags[count] = isEscaped
        count += 1
    }

    private mutating func grow() {
        let larger = Storage(capacity: capacity * 2)
        larger.starts.update(from: starts, count: count)
        larger.ends.update(from: ends, count: count)
        larger.escaped.update(from: escapedFlags, count: count)
        storage = larger
        (starts, ends, escapedFlags) = (larger.starts, larger.ends, larger.escaped)
        capacity *= 2
    }

    mutating func removeLast() {
        count -= 1
    }

    /// True for a blank line (one empty field, nothing broken): not a row.
    public var isBlank: Bool { count == 1 && starts[0] == ends[0] && malformation == nil }

    /// Field `index`'s raw bytes (quotes removed, doubled quotes still doubled).
    @inline(__always)
    public func raw(_ index: Int, in bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[starts[index]..<ends[index]])
    }

    /// Field `index`'s bytes with doubled quotes made single (allocates only for escaped fields).
    public func unescaped(_ index: Int, in bytes: UnsafeRawBufferPointer) -> [UInt8] {
        let field = raw(index, in: bytes)
        guard escapedFlags[index] else { return Array(field) }
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
