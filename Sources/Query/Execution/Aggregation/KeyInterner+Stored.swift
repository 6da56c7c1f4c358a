import Storage

/// A group key read straight from a scan's stored column, or an evaluated vector.
///
/// A small-integer key column (a level, an age band: int8 or int16 in the store) is interned at
/// the chunk's positions from the stored values and validity bits: no 64-bit vector and no byte
/// mask of its nulls are gathered first.
enum GroupKey {
    case vector(Vector)
    case stored(Column, Selection)

    /// The key `expression` of `chunk`: stored when it is a small-integer column as the scan
    /// stored it, evaluated otherwise.
    static func of(_ expression: BoundExpression, _ chunk: Chunk) throws(QueryError) -> GroupKey {
        if ExecutionSettings.current.fastPaths, case .column(let index, .integer) = expression,
           case .stored(let column, nil) = chunk.columns[index] {
            switch column.values {
            case .int8, .int16: return .stored(column, chunk.selection)
            default: break
            }
        }
        return .vector(try ExpressionEvaluator.evaluate(expression, chunk))
    }

    /// The key as a vector (what the general interning paths read).
    var vector: Vector {
        switch self {
        case .vector(let vector): vector
        case .stored(let column, let selection): Gather.stored(column, dictionary: nil, selection)
        }
    }
}

extension KeyInterner {
    /// One id per row of `key`.
    mutating func ids(_ key: GroupKey) -> [UInt32] {
        if case .stored(let column, let selection) = key {
            let direct: [UInt32]?
            switch column.values {
            case .int8(let values): direct = smallIntegerIDs(values, column.validity, selection)
            case .int16(let values): direct = smallIntegerIDs(values, column.validity, selection)
            default: direct = nil
            }
            if let direct { return direct }
        }
        return ids(key.vector)
    }

    /// Ids through the direct table (see `smallIntegerIDs(_:validity:)`) from stored values at
    /// the selected positions, nulls included; nil when a value falls outside the table.
    private mutating func smallIntegerIDs<T: FixedWidthInteger>(_ values: [T], _ validity: ValidityBitmap?,
                                                                 _ selection: Selection) -> [UInt32]? {
        let positions = selection.positions
        let words = validity?.words ?? []
        let hasValidity = validity != nil
        @inline(__always) func isValid(_ p: Int) -> Bool { !hasValidity || words[p &>> 6] &>> UInt64(p & 63) & 1 == 1 }
        if smallBase == nil {
            guard let first = positions.first(where: { isValid(Int($0)) }) else {
                return [UInt32](repeating: nullValueID(), count: positions.count)
            }
            smallBase = Int64(values[Int(first)]) &- 2048
        }
        let base = smallBase!
        var result = [UInt32](repeating: 0, count: positions.count)
        var table = smallTable.isEmpty ? KeyInterner.emptySmallTable : smallTable
        smallTable = [] // filled locally: uniquely referenced, no copy on write
        defer { smallTable = table }
        let complete: Bool = table.withUnsafeMutableBufferPointer { t in
            values.withUnsafeBufferPointer { v in
                words.withUnsafeBufferPointer { w in
                    positions.withUnsafeBufferPointer { rows in
                        result.withUnsafeMutableBufferPointer { out in
                            for i in 0..<rows.count {
                                let p = Int(rows[i])
                                if hasValidity, w[p &>> 6] &>> UInt64(p & 63) & 1 == 0 {
                                    // The NULL group exists only once a selected row is null.
                                    out[i] = self.nullValueID()
                                    continue
                                }
                                let value = Int64(v[p])
                                let offset = UInt64(bitPattern: value &- base)
                                guard offset < 4096 else { return false }
                                out[i] = self.smallID(value, offset: Int(offset), t)
                            }
                            return true
                        }
                    }
                }
            }
        }
        return complete ? result : nil
    }
}
