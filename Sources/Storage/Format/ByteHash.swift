/// A fast non-cryptographic hash of a short byte string (8 bytes at a time): dictionary
/// building when a chunk is encoded, string group keys when a query runs. Not stable across
/// versions: never stored.
public enum ByteHash {
    @inline(__always)
    public static func hash(_ value: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(value.count)
        var offset = 0
        while offset + 8 <= value.count {
            h = (h ^ value.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < value.count {
            tail |= UInt64(value[offset]) << shift
            shift += 8
            offset += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
        return h
    }
}
