/// Parquet's RLE / bit-packed hybrid encoding of small unsigned integers (definition levels,
/// dictionary indices): runs of at least eight equal values as (count, value); the values in
/// between bit-packed LSB first, in groups of eight.
///
/// Invariant of the output: every bit-packed run but the last holds a multiple of eight values
/// (a run of equal values lends the preceding packed run the values it lacks); the last is padded
/// with zeros, which readers ignore since a page states its value count.
enum HybridEncoder {
    /// Appends the encoding of `values` (each below 2^bitWidth, 1 ≤ bitWidth ≤ 32) to `output`.
    static func encode<T: FixedWidthInteger & UnsignedInteger>(_ values: UnsafeBufferPointer<T>, bitWidth: Int,
                                                               into output: inout [UInt8]) {
        let count = values.count
        var pendingStart = 0
        var index = 0
        while index < count {
            let value = values[index]
            var end = index + 1
            while end < count && values[end] == value { end += 1 }
            if end - index >= 8 {
                let pending = index - pendingStart
                let borrowed = (8 - pending % 8) % 8
                if end - index - borrowed >= 8 {
                    if pending + borrowed > 0 { packed(values, pendingStart..<(index + borrowed), bitWidth: bitWidth, into: &output) }
                    repeated(UInt32(value), count: end - index - borrowed, bitWidth: bitWidth, into: &output)
                    pendingStart = end
                }
            }
            index = end
        }
        if pendingStart < count { packed(values, pendingStart..<count, bitWidth: bitWidth, into: &output) }
    }

    /// Appends `count` as an unsigned LEB128 varint.
    static func varint(_ value: UInt64, into output: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            output.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        output.append(UInt8(rest))
    }

    private static func repeated(_ value: UInt32, count: Int, bitWidth: Int, into output: inout [UInt8]) {
        varint(UInt64(count) << 1, into: &output)
        for byte in 0..<((bitWidth + 7) / 8) { output.append(UInt8(truncatingIfNeeded: value >> (8 * byte))) }
    }

    private static func packed<T: FixedWidthInteger & UnsignedInteger>(_ values: UnsafeBufferPointer<T>, _ range: Range<Int>,
                                                                      bitWidth: Int, into output: inout [UInt8]) {
        let groups = (range.count + 7) / 8
        varint(UInt64(groups) << 1 | 1, into: &output)
        let mask: UInt64 = bitWidth >= 64 ? ~0 : (1 << UInt64(bitWidth)) - 1
        var accumulator: UInt64 = 0
        var bits = 0
        output.reserveCapacity(output.count + groups * bitWidth)
        for position in range.lowerBound..<(range.lowerBound + groups * 8) {
            let value = position < range.upperBound ? UInt64(values[position]) & mask : 0
            accumulator |= value << UInt64(bits)
            bits += bitWidth
            while bits >= 8 {
                output.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator >>= 8
                bits -= 8
            }
        }
        // Eight values of any width fill whole bytes: nothing is left over.
        assert(bits == 0)
    }

    /// The bits an index below `count` needs (at least 1).
    static func bitWidth(forCount count: Int) -> Int {
        count <= 2 ? 1 : Int.bitWidth - (count - 1).leadingZeroBitCount
    }
}
