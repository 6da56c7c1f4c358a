extension Column {
    /// Statistics recomputed from the values (min, max, null count; distinct count left out).
    /// Cold path: `verify` uses it to cross-check what the footer claims.
    public func computedStatistics() -> ColumnStatistics {
        let nulls = nullCount
        guard nulls < count else { return ColumnStatistics(min: nil, max: nil, nullCount: nulls, distinctCount: nil) }
        var low: StatisticValue?, high: StatisticValue?
        func fold<T: Comparable>(_ values: [T], _ wrap: (T) -> StatisticValue) {
            var minimum: T?, maximum: T?
            for i in 0..<values.count where !isNull(i) {
                let v = values[i]
                if minimum == nil || v < minimum! { minimum = v }
                if maximum == nil || v > maximum! { maximum = v }
            }
            low = minimum.map(wrap)
            high = maximum.map(wrap)
        }
        switch values {
        case .bool(let v): fold(v.map { $0 ? Int64(1) : 0 }) { .integer($0) }
        case .int8(let v): fold(v) { .integer(Int64($0)) }
        case .int16(let v): fold(v) { .integer(Int64($0)) }
        case .int32(let v), .date(let v): fold(v) { .integer(Int64($0)) }
        case .int64(let v): fold(v) { .integer($0) }
        case .float64(let v):
            if (0..<v.count).contains(where: { !isNull($0) && v[$0].isNaN }) { break }
            fold(v) { .real($0) }
        case .string(let strings):
            fold((0..<strings.count).map { Array(strings[$0].utf8) }.map(UTF8Key.init)) { .text($0.string) }
        case .dictionaryString(let strings):
            // Compare each dictionary entry in use once, not each row.
            var used = [Bool](repeating: false, count: strings.dictionary.count)
            for (row, code) in strings.codes.enumerated() where !isNull(row) { used[Int(code)] = true }
            let keys = used.indices.filter { used[$0] }.map { UTF8Key(Array(strings.dictionary[$0].utf8)) }
            low = keys.min().map { .text($0.string) }
            high = keys.max().map { .text($0.string) }
        }
        let limit = ColumnStatistics.maximumTextLength
        if case .text(let s)? = low, s.utf8.count > limit { low = nil }
        if case .text(let s)? = high, s.utf8.count > limit { high = nil }
        return ColumnStatistics(min: low, max: high, nullCount: nulls, distinctCount: nil)
    }
}

/// UTF-8 bytes ordered byte-wise (the order of string statistics and dictionaries).
private struct UTF8Key: Comparable {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var string: String { String(decoding: bytes, as: UTF8.self) }
    static func < (a: UTF8Key, b: UTF8Key) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}
