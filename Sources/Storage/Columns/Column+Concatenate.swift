extension Column {
    /// The rows of `parts` one after the other; all parts have the same type. Flat strings stay
    /// flat; dictionary strings are flattened.
    public static func concatenate(_ parts: [Column]) -> Column {
        precondition(!parts.isEmpty, "nothing to concatenate")
        let type = parts[0].type
        precondition(parts.allSatisfy { $0.type == type }, "columns of different types")
        if parts.count == 1 { return parts[0] }
        let values: ColumnValues
        func join<T>(_ extract: (ColumnValues) -> [T]) -> [T] {
            var result: [T] = []
            result.reserveCapacity(parts.reduce(0) { $0 + $1.count })
            for part in parts { result.append(contentsOf: extract(part.values)) }
            return result
        }
        switch parts[0].values {
        case .bool: values = .bool(join { if case .bool(let v) = $0 { v } else { [] } })
        case .int8: values = .int8(join { if case .int8(let v) = $0 { v } else { [] } })
        case .int16: values = .int16(join { if case .int16(let v) = $0 { v } else { [] } })
        case .int32: values = .int32(join { if case .int32(let v) = $0 { v } else { [] } })
        case .int64: values = .int64(join { if case .int64(let v) = $0 { v } else { [] } })
        case .float64: values = .float64(join { if case .float64(let v) = $0 { v } else { [] } })
        case .date: values = .date(join { if case .date(let v) = $0 { v } else { [] } })
        case .dictionaryString(let first) where parts.allSatisfy({
            if case .dictionaryString(let other) = $0.values { other.dictionary == first.dictionary } else { false }
        }):
            // One dictionary for all (an ingest's shared code lists): the codes alone are joined.
            let codes: [UInt32] = join { if case .dictionaryString(let v) = $0 { v.codes } else { [] } }
            values = .dictionaryString(DictionaryStrings(codes: codes, dictionary: first.dictionary,
                                                         isSortedAndDistinct: first.isSortedAndDistinct))
        case .string, .dictionaryString:
            var offsets: [UInt32] = [0], bytes: [UInt8] = []
            for part in parts {
                let flat: StringColumn
                switch part.values {
                case .string(let s): flat = s
                case .dictionaryString(let d): flat = d.materialized()
                default: preconditionFailure("not strings")
                }
                let base = UInt32(bytes.count)
                bytes.append(contentsOf: flat.bytes)
                offsets.append(contentsOf: flat.offsets.dropFirst().map { $0 + base })
            }
            values = .string(StringColumn(offsets: offsets, bytes: bytes))
        }
        guard parts.contains(where: { $0.validity != nil }) else { return Column(values) }
        return Column(values, validity: ValidityBitmap.concatenate(parts.map { ($0.validity, $0.count) }))
    }

    /// The rows whose `keep` flag is set, in order.
    public func filter(_ keep: [Bool]) -> Column {
        precondition(keep.count == count, "one flag per row")
        let rows = keep.indices.filter { keep[$0] }
        let values: ColumnValues
        switch self.values {
        case .bool(let v): values = .bool(rows.map { v[$0] })
        case .int8(let v): values = .int8(rows.map { v[$0] })
        case .int16(let v): values = .int16(rows.map { v[$0] })
        case .int32(let v): values = .int32(rows.map { v[$0] })
        case .int64(let v): values = .int64(rows.map { v[$0] })
        case .float64(let v): values = .float64(rows.map { v[$0] })
        case .date(let v): values = .date(rows.map { v[$0] })
        case .string(let s):
            var result = StringColumn()
            s.bytes.withUnsafeBytes { raw in
                for row in rows {
                    result.append(utf8: UnsafeRawBufferPointer(rebasing: raw[Int(s.offsets[row])..<Int(s.offsets[row + 1])]))
                }
            }
            values = .string(result)
        case .dictionaryString(let d):
            values = .dictionaryString(DictionaryStrings(codes: rows.map { d.codes[$0] }, dictionary: d.dictionary,
                                                         isSortedAndDistinct: d.isSortedAndDistinct))
        }
        guard let validity else { return Column(values) }
        return Column(values, validity: ValidityBitmap(rows.map { validity.isValid($0) }))
    }
}

extension Column {
    /// The column without the rows `removed` (ascending, distinct), copying the runs between them
    /// in bulk: an ingest drops its duplicate rows this way.
    public func removing(rows removed: [Int]) -> Column {
        guard !removed.isEmpty else { return self }
        var kept: [Range<Int>] = []
        var start = 0
        for row in removed {
            precondition(row >= start && row < count, "rows to remove must be ascending, distinct and in range")
            if row > start { kept.append(start..<row) }
            start = row + 1
        }
        if start < count { kept.append(start..<count) }
        let remaining = count - removed.count
        func gather<T>(_ values: [T]) -> [T] {
            var result: [T] = []
            result.reserveCapacity(remaining)
            for range in kept { result.append(contentsOf: values[range]) }
            return result
        }
        let values: ColumnValues
        switch self.values {
        case .bool(let v): values = .bool(gather(v))
        case .int8(let v): values = .int8(gather(v))
        case .int16(let v): values = .int16(gather(v))
        case .int32(let v): values = .int32(gather(v))
        case .int64(let v): values = .int64(gather(v))
        case .float64(let v): values = .float64(gather(v))
        case .date(let v): values = .date(gather(v))
        case .dictionaryString(let d):
            values = .dictionaryString(DictionaryStrings(codes: gather(d.codes), dictionary: d.dictionary,
                                                         isSortedAndDistinct: d.isSortedAndDistinct))
        case .string(let s):
            var offsets: [UInt32] = [0], bytes: [UInt8] = []
            offsets.reserveCapacity(remaining + 1)
            for range in kept {
                let first = Int(s.offsets[range.lowerBound]), last = Int(s.offsets[range.upperBound])
                let base = UInt32(bytes.count) &- UInt32(first)
                bytes.append(contentsOf: s.bytes[first..<last])
                offsets.append(contentsOf: s.offsets[(range.lowerBound + 1)...range.upperBound].map { $0 &+ base })
            }
            values = .string(StringColumn(offsets: offsets, bytes: bytes))
        }
        guard let validity else { return Column(values) }
        return Column(values, validity: ValidityBitmap.concatenate(kept.map { (validity.slice($0), $0.count) }))
    }
}
