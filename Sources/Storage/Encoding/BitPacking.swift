/// Frame-of-reference blocks: each value is stored as `value - reference` in `width` bits.
///
/// Block layout (little-endian): `reference: Int64`, `width: UInt8`, then the offsets as one
/// little-endian bit stream in `ceil(count * width / 64) + 1` 64-bit words. The extra zero word lets
/// the decoder load 8 bytes at any value's byte position without reading past the block, which keeps
/// the hot loop free of tail checks. The count is never stored here: the enclosing structure knows it.
///
/// This is the primitive under every integer encoding (FOR itself, delta, run-length, dictionary codes).
enum BitPacking {
    /// Bits needed to hold every offset up to `range` (0 for a single value).
    @inline(__always)
    static func width(forRange range: UInt64) -> Int { 64 - range.leadingZeroBitCount }

    static func blockSize(count: Int, width: Int) -> Int {
        9 + ((count * width + 63) / 64 + 1) * 8
    }

    /// Writes a block of `values` relative to `reference`; every `value - reference` must fit in `width` bits.
    static func writeBlock<T: FixedWidthInteger>(
        _ values: UnsafeBufferPointer<T>, reference: Int64, width: Int, into writer: inout ByteWriter
    ) {
        precondition(width >= 0 && width <= 64, "bit width \(width) out of range")
        writer.write(reference)
        writer.write(UInt8(width))
        let wordCount = (values.count * width + 63) / 64 + 1
        var words = [UInt64](repeating: 0, count: wordCount)
        if width > 0 {
            words.withUnsafeMutableBufferPointer { out in
                let w = UInt64(width)
                var bit: UInt64 = 0
                for value in values {
                    let offset = UInt64(bitPattern: Int64(truncatingIfNeeded: value) &- reference)
                    let index = Int(truncatingIfNeeded: bit >> 6)
                    let shift = bit & 63
                    out[index] |= offset << shift
                    if shift &+ w > 64 { out[index &+ 1] |= offset >> (64 &- shift) }
                    bit &+= w
                }
            }
        }
        words.withUnsafeBytes { writer.write(bytes: $0) }
    }

    /// Reads a block of `output.count` values written by `writeBlock`, adding the reference back and
    /// truncating to `T` (exact, since the writer's values were `T`s).
    static func readBlock<T: FixedWidthInteger>(
        _ reader: inout ByteReader, into output: UnsafeMutableBufferPointer<T>
    ) throws {
        let reference: Int64, width: Int, words: UnsafeRawBufferPointer
        do {
            reference = try reader.read(Int64.self)
            width = Int(try reader.read(UInt8.self))
            guard width <= 64 else { throw StorageFault("bit width \(width) is larger than 64") }
            words = try reader.readBytes(((output.count * width + 63) / 64 + 1) * 8)
        } catch let fault as StorageFault {
            throw fault
        } catch {
            throw StorageFault("bit-packed block is truncated")
        }
        unpack(words, reference: reference, width: width, into: output)
    }

    /// The hot loop. Widths up to 56 bits need one unaligned 8-byte load per value; wider ones two.
    /// Widths up to 32 first go through `unpackGroups` with the width as a constant.
    @inline(__always)
    static func unpack<T: FixedWidthInteger>(
        _ words: UnsafeRawBufferPointer, reference: Int64, width: Int, into output: UnsafeMutableBufferPointer<T>
    ) {
        guard let out = output.baseAddress else { return }
        let count = output.count
        if width == 0 {
            out.update(repeating: T(truncatingIfNeeded: reference), count: count)
            return
        }
        let base = words.baseAddress!
        var done = 0
        if count >= 8 {
            // A literal width per case lets the compiler turn every offset and shift into constants.
            switch width {
            case 1: done = unpackGroups(base, reference, 1, count, out)
            case 2: done = unpackGroups(base, reference, 2, count, out)
            case 3: done = unpackGroups(base, reference, 3, count, out)
            case 4: done = unpackGroups(base, reference, 4, count, out)
            case 5: done = unpackGroups(base, reference, 5, count, out)
            case 6: done = unpackGroups(base, reference, 6, count, out)
            case 7: done = unpackGroups(base, reference, 7, count, out)
            case 8: done = unpackGroups(base, reference, 8, count, out)
            case 9: done = unpackGroups(base, reference, 9, count, out)
            case 10: done = unpackGroups(base, reference, 10, count, out)
            case 11: done = unpackGroups(base, reference, 11, count, out)
            case 12: done = unpackGroups(base, reference, 12, count, out)
            case 13: done = unpackGroups(base, reference, 13, count, out)
            case 14: done = unpackGroups(base, reference, 14, count, out)
            case 15: done = unpackGroups(base, reference, 15, count, out)
            case 16: done = unpackGroups(base, reference, 16, count, out)
            case 17: done = unpackGroups(base, reference, 17, count, out)
            case 18: done = unpackGroups(base, reference, 18, count, out)
            case 19: done = unpackGroups(base, reference, 19, count, out)
            case 20: done = unpackGroups(base, reference, 20, count, out)
            case 21: done = unpackGroups(base, reference, 21, count, out)
            case 22: done = unpackGroups(base, reference, 22, count, out)
            case 23: done = unpackGroups(base, reference, 23, count, out)
            case 24: done = unpackGroups(base, reference, 24, count, out)
            case 25: done = unpackGroups(base, reference, 25, count, out)
            case 26: done = unpackGroups(base, reference, 26, count, out)
            case 27: done = unpackGroups(base, reference, 27, count, out)
            case 28: done = unpackGroups(base, reference, 28, count, out)
            case 29: done = unpackGroups(base, reference, 29, count, out)
            case 30: done = unpackGroups(base, reference, 30, count, out)
            case 31: done = unpackGroups(base, reference, 31, count, out)
            case 32: done = unpackGroups(base, reference, 32, count, out)
            default: break
            }
        }
        let w = UInt64(width)
        let mask: UInt64 = width == 64 ? ~0 : (UInt64(1) << w) &- 1
        var bit = UInt64(done) &* w
        if width <= 56 {
            for i in done..<count {
                let word = base.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: bit >> 3), as: UInt64.self)
                let offset = (UInt64(littleEndian: word) >> (bit & 7)) & mask
                out[i] = T(truncatingIfNeeded: reference &+ Int64(bitPattern: offset))
                bit &+= w
            }
        } else {
            for i in done..<count {
                let index = Int(truncatingIfNeeded: bit >> 6)
                let shift = bit & 63
                let low = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index &* 8, as: UInt64.self))
                var offset = low >> shift
                if shift &+ w > 64 {
                    let high = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: (index &+ 1) &* 8, as: UInt64.self))
                    offset |= high << (64 &- shift)
                }
                out[i] = T(truncatingIfNeeded: reference &+ Int64(bitPattern: offset & mask))
                bit &+= w
            }
        }
    }

    /// Unpacks whole groups of 8 values: 8 values of `width` bits take exactly `width` bytes, so
    /// each group starts on a byte and, with `width` constant, every load offset and shift inside
    /// it is a constant. Returns how many values it wrote (a multiple of 8).
    @inline(__always)
    static func unpackGroups<T: FixedWidthInteger>(
        _ base: UnsafeRawPointer, _ reference: Int64, _ width: Int, _ count: Int, _ out: UnsafeMutablePointer<T>
    ) -> Int {
        let mask: UInt64 = (UInt64(1) << UInt64(width)) &- 1
        let groups = count / 8
        var p = base
        var o = out
        for _ in 0..<groups {
            o[0] = value(p, 0, width, mask, reference)
            o[1] = value(p, 1, width, mask, reference)
            o[2] = value(p, 2, width, mask, reference)
            o[3] = value(p, 3, width, mask, reference)
            o[4] = value(p, 4, width, mask, reference)
            o[5] = value(p, 5, width, mask, reference)
            o[6] = value(p, 6, width, mask, reference)
            o[7] = value(p, 7, width, mask, reference)
            p += width
            o += 8
        }
        return groups * 8
    }

    @inline(__always)
    private static func value<T: FixedWidthInteger>(_ p: UnsafeRawPointer, _ k: Int, _ width: Int, _ mask: UInt64, _ reference: Int64) -> T {
        let bit = k &* width
        let word = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self))
        return T(truncatingIfNeeded: reference &+ Int64(bitPattern: (word &>> UInt64(bit & 7)) & mask))
    }
}
