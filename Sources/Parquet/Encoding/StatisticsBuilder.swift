/// The min/max statistics of a column chunk's valid values, as PLAIN bytes (see `ColumnStatistics`).
enum StatisticsBuilder {
    static func numbers<T: FixedWidthInteger>(_ values: [T], _ validity: [UInt8]?) -> (min: [UInt8], max: [UInt8])? {
        var low = T.max, high = T.min, any = false
        for row in values.indices where validity.map({ $0[row] != 0 }) ?? true {
            low = min(low, values[row])
            high = max(high, values[row])
            any = true
        }
        guard any else { return nil }
        return (littleEndian(low), littleEndian(high))
    }

    static func doubles(_ values: [Double], _ validity: [UInt8]?) -> (min: [UInt8], max: [UInt8])? {
        var low = Double.infinity, high = -Double.infinity, any = false
        for row in values.indices where !values[row].isNaN && (validity.map({ $0[row] != 0 }) ?? true) {
            low = min(low, values[row])
            high = max(high, values[row])
            any = true
        }
        guard any else { return nil }
        // Parquet's rule for zeros: a reader may not know which zero was seen.
        if low == 0 { low = -0.0 }
        if high == 0 { high = 0.0 }
        return (littleEndian(low.bitPattern), littleEndian(high.bitPattern))
    }

    static func booleans(_ values: [UInt8], _ validity: [UInt8]?) -> (min: [UInt8], max: [UInt8])? {
        var seen: UInt8 = 0 // bit 0: a false, bit 1: a true
        for row in values.indices where validity.map({ $0[row] != 0 }) ?? true { seen |= values[row] != 0 ? 2 : 1 }
        guard seen != 0 else { return nil }
        return ([seen & 1 != 0 ? 0 : 1], [seen & 2 != 0 ? 1 : 0])
    }

    /// Decimals as the physical type holds them: 4 or 8 little-endian bytes, or 16 big-endian.
    static func decimals(_ values: [Int128], _ validity: [UInt8]?, physical: PhysicalType) -> (min: [UInt8], max: [UInt8])? {
        var low = Int128.max, high = Int128.min, any = false
        for row in values.indices where validity.map({ $0[row] != 0 }) ?? true {
            low = min(low, values[row])
            high = max(high, values[row])
            any = true
        }
        guard any else { return nil }
        func bytes(_ value: Int128) -> [UInt8] {
            switch physical {
            case .int32: return littleEndian(Int32(truncatingIfNeeded: value))
            case .int64: return littleEndian(Int64(truncatingIfNeeded: value))
            default:
                var output: [UInt8] = []
                PlainEncoder.bigEndian(value, into: &output)
                return output
            }
        }
        return (bytes(low), bytes(high))
    }

    static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
