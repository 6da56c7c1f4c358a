/// Replaces the unspecified values at null positions by a neighbouring valid value before encoding.
///
/// Why: null slots then cost nothing — they extend runs, keep deltas small, add no dictionary entry
/// and leave min/max untouched. Leading nulls take the first valid value; an all-null column is
/// filled with zeros (or empty strings).
enum NullFill {
    static func filled<T>(_ values: [T], _ validity: ValidityBitmap, zero: T) -> [T] {
        fill(values, validity, zero: zero) { $0 ? $1 : $2 }
    }

    /// Integers: the choice between a value and the last one is made with a mask. Nulls alternate
    /// with values unpredictably, and the optimiser turns a plain select into a jump.
    static func filled<T: FixedWidthInteger>(_ values: [T], _ validity: ValidityBitmap, zero: T) -> [T] {
        fill(values, validity, zero: zero) { condition, a, b in
            let mask = T(truncatingIfNeeded: 0 &- Int(unsafeBitCast(condition, to: UInt8.self)))
            return a & mask | b & ~mask
        }
    }

    /// `pick(c, a, b)` is `c ? a : b`.
    @inline(__always)
    private static func fill<T>(_ values: [T], _ validity: ValidityBitmap, zero: T, pick: (Bool, T, T) -> T) -> [T] {
        var result = values
        let count = values.count
        result.withUnsafeMutableBufferPointer { output in
            validity.words.withUnsafeBufferPointer { words in
                // Leading nulls take the first valid value.
                var last = zero
                if let first = words.firstIndex(where: { $0 != 0 }) {
                    last = output[first * 64 + words[first].trailingZeroBitCount]
                }
                for index in 0..<words.count {
                    let base = index * 64, bits = min(64, count - base)
                    let word = words[index]
                    // A word of valid values (the common case) is skipped whole.
                    if word == (bits == 64 ? ~0 : (UInt64(1) << UInt64(bits)) - 1) {
                        last = output[base + bits - 1]
                        continue
                    }
                    for bit in 0..<bits {
                        last = pick(word >> UInt64(bit) & 1 != 0, output[base + bit], last)
                        output[base + bit] = last
                    }
                }
            }
        }
        return result
    }

    static func filled(_ strings: StringColumn, _ validity: ValidityBitmap) -> StringColumn {
        var result = StringColumn()
        result.reserve(count: strings.count, bytes: strings.bytes.count)
        var last = (0..<strings.count).first(where: validity.isValid) ?? -1
        strings.bytes.withUnsafeBytes { bytes in
            for i in 0..<strings.count {
                if validity.isValid(i) { last = i }
                if last < 0 {
                    result.append(utf8: UnsafeRawBufferPointer(start: nil, count: 0))
                } else {
                    let start = Int(strings.offsets[last]), end = Int(strings.offsets[last + 1])
                    result.append(utf8: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                }
            }
        }
        return result
    }
}
