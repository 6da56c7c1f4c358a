#if _endian(big)
#error("Parcours files are little-endian and the codecs copy memory as is; big-endian hosts are not supported.")
#endif

/// An append-only little-endian byte buffer used to serialise footers and chunk bodies.
///
/// Invariant: `bytes` holds exactly what was written, in order; nothing is ever rewritten.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: Double) {
        write(value.bitPattern)
    }

    mutating func write(bytes other: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: other)
    }

    mutating func write(bytes other: [UInt8]) {
        bytes.append(contentsOf: other)
    }

    /// Writes a UInt32 length followed by the UTF-8 bytes.
    mutating func write(string: String) {
        var copy = string
        copy.withUTF8 { utf8 in
            write(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }
}
