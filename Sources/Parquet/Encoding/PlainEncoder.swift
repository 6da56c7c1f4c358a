/// Parquet's PLAIN encoding of the non-NULL values of a row range: numbers little-endian at their
/// physical width, booleans one bit each (LSB first), strings as a 4-byte length and their bytes,
/// wide decimals as 16 big-endian bytes.
enum PlainEncoder {
    /// Appends the values of `rows` whose validity is 1 (all when `validity` is nil): numbers
    /// in memory order, which is little-endian on every platform Swift builds Parquet for.
    static func numbers<T: BitwiseCopyable>(_ values: [T], _ rows: Range<Int>, _ validity: [UInt8]?, into output: inout [UInt8]) {
        let width = MemoryLayout<T>.stride
        values.withUnsafeBytes { source in
            guard let validity else {
                output.append(contentsOf: source[(rows.lowerBound * width)..<(rows.upperBound * width)])
                return
            }
            // Valid values packed to the front of a scratch array without a branch per row.
            let packed = [T](unsafeUninitializedCapacity: rows.count) { target, initialised in
                var kept = 0
                values.withUnsafeBufferPointer { typed in
                    validity.withUnsafeBufferPointer { valid in
                        for row in rows {
                            target[kept] = typed[row] // trivial type: assigning uninitialised memory is initialising it
                            kept += Int(valid[row] & 1)
                        }
                    }
                }
                initialised = kept
            }
            packed.withUnsafeBytes { output.append(contentsOf: $0) }
        }
    }

    static func booleans(_ values: [UInt8], _ rows: Range<Int>, _ validity: [UInt8]?, into output: inout [UInt8]) {
        var byte: UInt8 = 0
        var bits = 0
        for row in rows where validity.map({ $0[row] != 0 }) ?? true {
            byte |= (values[row] & 1) << UInt8(bits)
            bits += 1
            if bits == 8 {
                output.append(byte)
                byte = 0
                bits = 0
            }
        }
        if bits > 0 { output.append(byte) }
    }

    static func wideDecimals(_ values: [Int128], _ rows: Range<Int>, _ validity: [UInt8]?, into output: inout [UInt8]) {
        for row in rows where validity.map({ $0[row] != 0 }) ?? true { bigEndian(values[row], into: &output) }
    }

    /// `value`'s 16 bytes, most significant first (a FIXED_LEN_BYTE_ARRAY decimal).
    static func bigEndian(_ value: Int128, into output: inout [UInt8]) {
        let bits = UInt128(bitPattern: value)
        for shift in stride(from: 120, through: 0, by: -8) { output.append(UInt8(truncatingIfNeeded: bits >> UInt128(shift))) }
    }

    /// One string: its 4-byte little-endian length, then its bytes.
    @inline(__always)
    static func string(_ bytes: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        let length = UInt32(bytes.count)
        output.append(UInt8(truncatingIfNeeded: length))
        output.append(UInt8(truncatingIfNeeded: length >> 8))
        output.append(UInt8(truncatingIfNeeded: length >> 16))
        output.append(UInt8(truncatingIfNeeded: length >> 24))
        output.append(contentsOf: bytes)
    }
}

#if _endian(big)
#error("PLAIN numbers are written in memory order, which Parquet requires to be little-endian")
#endif
