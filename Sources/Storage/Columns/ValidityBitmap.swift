/// Which values of a column are present (bit set) and which are null (bit clear).
///
/// Bits are least-significant first inside 64-bit words, the layout written to disk. Invariant:
/// bits at positions `count...` of the last word are zero, so `nullCount` and equality never see
/// padding. A column with no nulls carries no bitmap at all (`nil`), never an all-ones one.
public struct ValidityBitmap: Sendable, Equatable {
    public private(set) var words: [UInt64]
    public let count: Int

    /// All values valid.
    public init(allValid count: Int) {
        self.count = count
        words = [UInt64](repeating: ~0, count: (count + 63) / 64)
        clearPadding()
    }

    public init(_ valid: [Bool]) {
        self.init(allValid: valid.count)
        for (index, isValid) in valid.enumerated() where !isValid { setNull(index) }
    }

    /// Adopts prepared words (read from disk, or built a word at a time); padding bits are cleared.
    public init(words: [UInt64], count: Int) {
        precondition(words.count == (count + 63) / 64, "validity words do not match the row count")
        self.words = words
        self.count = count
        clearPadding()
    }

    private mutating func clearPadding() {
        let tail = count % 64
        if tail != 0 { words[words.count - 1] &= (UInt64(1) << UInt64(tail)) &- 1 }
    }

    @inline(__always)
    public func isValid(_ index: Int) -> Bool {
        words[index >> 6] & (UInt64(1) << UInt64(index & 63)) != 0
    }

    public mutating func setNull(_ index: Int) {
        precondition(index >= 0 && index < count, "row \(index) outside a bitmap of \(count)")
        words[index >> 6] &= ~(UInt64(1) << UInt64(index & 63))
    }

    public mutating func setValid(_ index: Int) {
        precondition(index >= 0 && index < count, "row \(index) outside a bitmap of \(count)")
        words[index >> 6] |= UInt64(1) << UInt64(index & 63)
    }

    public var nullCount: Int {
        count - words.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// The bitmap of rows `range`, re-based to start at bit 0 (word by word: appends slice every
    /// column of every row group).
    public func slice(_ range: Range<Int>) -> ValidityBitmap {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "slice outside the bitmap")
        let first = range.lowerBound >> 6, shift = UInt64(range.lowerBound & 63)
        var result = [UInt64](repeating: 0, count: (range.count + 63) / 64)
        words.withUnsafeBufferPointer { source in
            for index in result.indices {
                var word = source[first + index] >> shift
                if shift != 0 && first + index + 1 < source.count { word |= source[first + index + 1] << (64 - shift) }
                result[index] = word
            }
        }
        return ValidityBitmap(words: result, count: range.count)
    }

    /// The bitmaps one after the other (nil: that many valid values), a word at a time.
    public static func concatenate(_ parts: [(bitmap: ValidityBitmap?, count: Int)]) -> ValidityBitmap {
        let total = parts.reduce(0) { $0 + $1.count }
        var words = [UInt64](repeating: 0, count: (total + 63) / 64)
        var position = 0
        words.withUnsafeMutableBufferPointer { output in
            for (bitmap, count) in parts {
                let source = bitmap?.words ?? [UInt64](repeating: ~0, count: (count + 63) / 64)
                for index in source.indices {
                    let bits = min(64, count - index * 64)
                    let word = bits == 64 ? source[index] : source[index] & ((UInt64(1) << UInt64(bits)) - 1)
                    let shift = position & 63
                    output[position >> 6] |= word << UInt64(shift)
                    if shift != 0 && shift + bits > 64 { output[(position >> 6) + 1] |= word >> UInt64(64 - shift) }
                    position += bits
                }
            }
        }
        return ValidityBitmap(words: words, count: total)
    }
}
