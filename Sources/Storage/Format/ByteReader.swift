/// A bounds-checked little-endian cursor over bytes read from a file.
///
/// Every read checks the remaining length first, so a truncated or corrupt structure surfaces as
/// `ByteReader.Truncated` (turned into a `StorageError` naming the file by the caller) instead of a
/// crash or a read outside the buffer.
struct ByteReader {
    /// Raised when a read would run past the end of the buffer.
    struct Truncated: Error {
        let needed: Int
        let remaining: Int
    }

    let base: UnsafeRawBufferPointer
    private(set) var offset: Int

    init(_ base: UnsafeRawBufferPointer, offset: Int = 0) {
        self.base = base
        self.offset = offset
    }

    var remaining: Int { base.count - offset }

    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw Truncated(needed: size, remaining: remaining) }
        let value = base.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += size
        return T(littleEndian: value)
    }

    mutating func readDouble() throws -> Double {
        Double(bitPattern: try read(UInt64.self))
    }

    /// Returns a view of the next `count` bytes and moves past them.
    mutating func readBytes(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, remaining >= count else { throw Truncated(needed: count, remaining: remaining) }
        let slice = UnsafeRawBufferPointer(rebasing: base[offset..<(offset + count)])
        offset += count
        return slice
    }

    mutating func readString() throws -> String {
        let length = Int(try read(UInt32.self))
        let raw = try readBytes(length)
        return String(decoding: raw, as: UTF8.self)
    }
}
