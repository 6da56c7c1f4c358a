/// Little-endian integers read from a file's bytes at offsets the file itself gives: every read is
/// bounds-checked and answers nil past the end, so a lying offset is an error, never a trap.
struct LittleEndianBytes {
    let bytes: UnsafeRawBufferPointer

    var count: Int { bytes.count }

    func u16(_ offset: Int) -> Int? { integer(offset, width: 2) }
    func u32(_ offset: Int) -> Int? { integer(offset, width: 4) }
    func u64(_ offset: Int) -> Int? {
        // A ZIP64 field beyond Int.max describes no file that can exist.
        guard let value = integer(offset, width: 8), value >= 0 else { return nil }
        return value
    }

    private func integer(_ offset: Int, width: Int) -> Int? {
        guard offset >= 0, offset <= bytes.count - width else { return nil }
        var value: UInt64 = 0
        for index in (0..<width).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
        return Int(exactly: value)
    }

    /// `length` bytes at `offset`, when all of them are in the file.
    func slice(_ offset: Int, _ length: Int) -> UnsafeRawBufferPointer? {
        guard offset >= 0, length >= 0, offset <= bytes.count, length <= bytes.count - offset else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
    }
}
