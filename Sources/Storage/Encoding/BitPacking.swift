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
        let w = UInt64(width)
        let mask: UInt64 = width == 64 ? ~0 : (UInt64(1) << w) &- 1
        var bit: UInt64 = 0
        if width <= 56 {
            for i in 0..<count {
                let word = base.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: bit >> 3), as: UInt64.self)
                let offset = (UInt64(littleEndian: word) >> (bit & 7)) & mask
                out[i] = T(truncatingIfNeeded: reference &+ Int64(bitPattern: offset))
                bit &+= w
            }
        } else {
            for i in 0..<count {
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
}
