extension Column {
    /// The values at `rows` (ascending indexes), in order: what a query keeps of a column after
    /// its filters, and the fallback of decoding only some rows of a chunk.
    public func gathering(rows: [UInt32]) -> Column {
        func pick<T>(_ values: [T]) -> [T] {
            values.withUnsafeBufferPointer { source in rows.map { source[Int($0)] } }
        }
        let values: ColumnValues
        switch self.values {
        case .bool(let v): values = .bool(pick(v))
        case .int8(let v): values = .int8(pick(v))
        case .int16(let v): values = .int16(pick(v))
        case .int32(let v): values = .int32(pick(v))
        case .int64(let v): values = .int64(pick(v))
        case .float64(let v): values = .float64(pick(v))
        case .date(let v): values = .date(pick(v))
        case .dictionaryString(let d):
            values = .dictionaryString(DictionaryStrings(codes: pick(d.codes), dictionary: d.dictionary, isSortedAndDistinct: d.isSortedAndDistinct))
        case .string(let s):
            // Near-unique strings: keep the flat bytes as the dictionary, pick codes.
            values = .dictionaryString(DictionaryStrings(codes: rows, dictionary: s, isSortedAndDistinct: false))
        }
        return Column(values, validity: validity?.gathering(rows: rows))
    }
}

extension ValidityBitmap {
    /// The bits at `rows`, in order.
    public func gathering(rows: [UInt32]) -> ValidityBitmap {
        var gathered = [UInt64](repeating: 0, count: (rows.count + 63) / 64)
        words.withUnsafeBufferPointer { source in
            rows.withUnsafeBufferPointer { rows in
                gathered.withUnsafeMutableBufferPointer { out in
                    // A word assembled in a register, then stored: or-ing into memory row by row
                    // chained every row to the previous one's store.
                    var start = 0
                    while start < rows.count {
                        let end = min(start &+ 64, rows.count)
                        var word: UInt64 = 0
                        for index in start..<end {
                            let row = rows[index]
                            word |= ((source[Int(row &>> 6)] &>> UInt64(row & 63)) & 1) &<< UInt64(index &- start)
                        }
                        out[start &>> 6] = word
                        start = end
                    }
                }
            }
        }
        return ValidityBitmap(words: gathered, count: rows.count)
    }
}
