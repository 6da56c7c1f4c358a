/// Delta: `first: Int64`, then the `count - 1` differences between neighbours as one bit-packed
/// block relative to the smallest difference. Nothing at all for an empty chunk.
///
/// Differences wrap in 64 bits; decoding re-adds them wrapping in the column's own width, which is
/// exact because both are arithmetic modulo a power of two. Wins on sorted or slowly varying data
/// (dates of pathways sorted by application date, row numbers).
enum DeltaCodec: IntegerCodec {
    static let kind = EncodingKind.delta

    private static func deltaWidth(_ profile: IntegerProfile) -> Int {
        BitPacking.width(forRange: UInt64(bitPattern: profile.maxDelta &- profile.minDelta))
    }

    static func encodedSize(_ profile: IntegerProfile) -> Int? {
        profile.count == 0 ? 0 : 8 + BitPacking.blockSize(count: profile.count - 1, width: deltaWidth(profile))
    }

    static func encode<T: PhysicalInteger>(_ values: UnsafeBufferPointer<T>, _ profile: IntegerProfile, into writer: inout ByteWriter) {
        guard let first = values.first else { return }
        writer.write(Int64(first))
        var deltas = [Int64](repeating: 0, count: values.count - 1)
        deltas.withUnsafeMutableBufferPointer { out in
            for i in 1..<values.count { out[i - 1] = Int64(values[i]) &- Int64(values[i - 1]) }
        }
        deltas.withUnsafeBufferPointer {
            BitPacking.writeBlock($0, reference: profile.minDelta, width: deltaWidth(profile), into: &writer)
        }
    }

    static func decode<T: PhysicalInteger>(_ reader: inout ByteReader, into output: UnsafeMutableBufferPointer<T>) throws {
        guard output.count > 0 else { return }
        guard let first = try? reader.read(Int64.self) else { throw StorageFault("delta start value is truncated") }
        output[0] = T(truncatingIfNeeded: first)
        let rest = UnsafeMutableBufferPointer(rebasing: output[1...])
        try BitPacking.readBlock(&reader, into: rest)
        var running = output[0]
        for i in 1..<output.count {
            running &+= output[i]
            output[i] = running
        }
    }
}
