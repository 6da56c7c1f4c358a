extension ColumnValues {
    /// A copy of the values of rows `range`.
    public func slice(_ range: Range<Int>) -> ColumnValues {
        switch self {
        case .bool(let v): return .bool(Array(v[range]))
        case .int8(let v): return .int8(Array(v[range]))
        case .int16(let v): return .int16(Array(v[range]))
        case .int32(let v): return .int32(Array(v[range]))
        case .int64(let v): return .int64(Array(v[range]))
        case .float64(let v): return .float64(Array(v[range]))
        case .date(let v): return .date(Array(v[range]))
        case .string(let strings):
            let start = Int(strings.offsets[range.lowerBound]), end = Int(strings.offsets[range.upperBound])
            let offsets = strings.offsets[range.lowerBound...range.upperBound].map { $0 - UInt32(start) }
            return .string(StringColumn(offsets: offsets, bytes: Array(strings.bytes[start..<end])))
        case .dictionaryString(let strings):
            return .dictionaryString(DictionaryStrings(
                codes: Array(strings.codes[range]), dictionary: strings.dictionary,
                isSortedAndDistinct: strings.isSortedAndDistinct))
        }
    }
}

extension Column {
    /// A copy of rows `range`, with its own validity bitmap.
    public func slice(_ range: Range<Int>) -> Column {
        Column(values.slice(range), validity: validity?.slice(range))
    }
}
