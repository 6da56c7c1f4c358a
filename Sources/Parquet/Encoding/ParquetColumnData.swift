/// One column's values for one row group, in the form the engine holds them: a dense array (the
/// value at a NULL row is ignored) and, when some are NULL, a validity byte per row (1 valid).
///
/// Invariants (checked by `ParquetFileWriter` before encoding): every array has `count` entries;
/// a string's codes are below its dictionary's count, whose `offsets` start at 0, never decrease
/// and end at `bytes.count`.
public struct ParquetColumnData: Sendable {
    public enum Values: Sendable {
        /// 0 or 1 per row.
        case booleans([UInt8])
        case int32s([Int32])
        case int64s([Int64])
        case doubles([Double])
        /// Unscaled decimals, written in the width the column's precision takes.
        case int128s([Int128])
        /// Codes into a dictionary of UTF-8 strings (entries may repeat or go unused).
        case strings(codes: [UInt32], offsets: [UInt32], bytes: [UInt8])
        /// A column of NULLs only.
        case nulls(count: Int)
    }

    public var values: Values
    public var validity: [UInt8]?

    public init(_ values: Values, validity: [UInt8]? = nil) {
        self.values = values
        self.validity = validity
    }

    public var count: Int {
        switch values {
        case .booleans(let v): v.count
        case .int32s(let v): v.count
        case .int64s(let v): v.count
        case .doubles(let v): v.count
        case .int128s(let v): v.count
        case .strings(let codes, _, _): codes.count
        case .nulls(let count): count
        }
    }

    /// Throws unless the values fit `type` and the invariants above hold.
    func check(_ type: ParquetType, column: String, rows: Int) throws(ParquetError) {
        func fail(_ why: String) -> ParquetError { .invalidColumn(column, why) }
        guard count == rows else { throw fail("\(count) values for a row group of \(rows) rows") }
        if let validity, validity.count != rows { throw fail("\(validity.count) validity entries for \(rows) rows") }
        switch (type, values) {
        case (.boolean, .booleans), (.int64, .int64s), (.date, .int32s), (.double, .doubles), (.null, .nulls): break
        case (.decimal(let precision, _), .int128s(let values)):
            let limit = Int128.powerOfTen(precision)
            for (row, value) in values.enumerated() where (validity?[row] ?? 1) != 0 && (value >= limit || value <= -limit) {
                throw fail("a value has more than the \(precision) digits of its DECIMAL type")
            }
        case (.decimal(let precision, _), .int64s) where precision <= 18: break
        case (.string, .strings(let codes, let offsets, let bytes)):
            guard let first = offsets.first, first == 0, let last = offsets.last, Int(last) == bytes.count else {
                throw fail("its string offsets do not span its bytes")
            }
            for index in 1..<offsets.count where offsets[index] < offsets[index - 1] { throw fail("its string offsets decrease") }
            let entries = UInt32(offsets.count - 1)
            if let bad = codes.firstIndex(where: { $0 >= entries }), (validity?[bad] ?? 1) != 0 {
                throw fail("a string code is beyond its dictionary")
            }
            // Codes at NULL rows are never read; a beyond-dictionary code there is harmless.
        default:
            throw fail("its values are not of its type \(type)")
        }
    }
}

extension Int128 {
    /// 10^exponent for 0...38 (beyond 38 the largest power that fits).
    static func powerOfTen(_ exponent: Int) -> Int128 {
        var power: Int128 = 1
        for _ in 0..<Swift.min(Swift.max(exponent, 0), 38) { power *= 10 }
        return power
    }
}

extension ParquetColumnData {
    var isAllNull: Bool {
        if case .nulls = values { return true }
        return false
    }
}
