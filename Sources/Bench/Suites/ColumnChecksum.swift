import Storage

/// A cheap reduction over every valid value of a column (a wrapping sum; dictionary codes for
/// strings), so that a scan benchmark decodes and touches each value as `sum(x)` does in SQL.
enum ColumnChecksum {
    static func of(_ column: Column, rows: Range<Int>? = nil) -> Int64 {
        let range = rows ?? 0..<column.count
        switch column.values {
        case .bool(let v): return v.withUnsafeBufferPointer { b in b.withMemoryRebound(to: Int8.self) { sum($0, range, column.validity) } }
        case .int8(let v): return v.withUnsafeBufferPointer { sum($0, range, column.validity) }
        case .int16(let v): return v.withUnsafeBufferPointer { sum($0, range, column.validity) }
        case .int32(let v), .date(let v): return v.withUnsafeBufferPointer { sum($0, range, column.validity) }
        case .int64(let v): return v.withUnsafeBufferPointer { sum($0, range, column.validity) }
        case .float64(let v): return v.withUnsafeBufferPointer { b in b.withMemoryRebound(to: Int64.self) { sum($0, range, column.validity) } }
        case .dictionaryString(let s): return s.codes.withUnsafeBufferPointer { sum($0, range, column.validity) }
        case .string(let s): return Int64(s.count)
        }
    }

    @inline(__always)
    private static func sum<T: FixedWidthInteger>(_ values: UnsafeBufferPointer<T>, _ range: Range<Int>, _ validity: ValidityBitmap?) -> Int64 {
        var total: Int64 = 0
        guard let validity else {
            for i in range { total &+= Int64(truncatingIfNeeded: values[i]) }
            return total
        }
        validity.words.withUnsafeBufferPointer { words in
            for i in range {
                // Branch-free: multiply by the validity bit.
                let bit = Int64((words[i >> 6] >> UInt64(i & 63)) & 1)
                total &+= Int64(truncatingIfNeeded: values[i]) &* bit
            }
        }
        return total
    }
}
