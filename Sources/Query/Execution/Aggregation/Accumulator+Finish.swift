/// Merging partial accumulators and producing the final values.
extension Accumulator {
    /// Adds `other`'s state; `groupMap[g]` is the group in `self` of `other`'s group `g`.
    func merge(_ other: Accumulator, groupMap: [UInt32]) throws(QueryError) {
        for (from, to) in groupMap.enumerated() {
            let f = from, t = Int(to)
            switch kind {
            case .count: counts[t] += other.counts[f]
            case .countDistinct: break
            case .sumInteger:
                guard other.has[f] != 0 else { continue }
                let (sum, overflow) = integers[t].addingReportingOverflow(other.integers[f])
                if overflow { throw .execution("Overflow in sum(): the total does not fit in 64 bits; sum a CAST(... AS DOUBLE)") }
                integers[t] = sum
                has[t] = 1
            case .sumDouble:
                doubles[t] += other.doubles[f]
                has[t] |= other.has[f]
            case .average:
                doubles[t] += other.doubles[f]
                counts[t] += other.counts[f]
            case .minimumInteger, .maximumInteger:
                guard other.has[f] != 0 else { continue }
                let value = other.integers[f]
                if has[t] == 0 || (kind == .minimumInteger ? value < integers[t] : value > integers[t]) { integers[t] = value; has[t] = 1 }
            case .minimumDouble, .maximumDouble:
                guard other.has[f] != 0 else { continue }
                let value = other.doubles[f]
                if has[t] == 0 || Value.compareDoubles(value, doubles[t]) == (kind == .minimumDouble ? -1 : 1) { doubles[t] = value; has[t] = 1 }
            case .minimumString, .maximumString:
                guard let value = other.strings[f] else { continue }
                if let current = strings[t], Value.compareBytes(value, current) != (kind == .minimumString ? -1 : 1) { continue }
                strings[t] = value
            case .quantile: break
            }
        }
        if kind == .countDistinct {
            // String ids are per worker: map them through the strings themselves.
            let valueMap: ((Int64) -> Int64)? = argumentType != .varchar ? nil : { [self] id in
                Int64(distinctStrings.id(of: other.distinctStrings.values[Int(id)]))
            }
            pairs.absorb(other.pairs, groupMap: groupMap, valueMap: valueMap)
        }
        if kind == .quantile, ownsSamples {
            samples.absorb(other.samples, groupMap: groupMap)
        }
    }

    /// One value per group, in group order.
    func finish() -> Vector {
        let n = groupCount
        switch kind {
        case .count:
            return Vector(.integer(counts))
        case .countDistinct:
            return Vector(.integer(pairs.counts(groupCount: n)))
        case .sumInteger:
            return Vector(.integer(integers), validity: Validity.normalised(has))
        case .sumDouble:
            return Vector(.double(doubles), validity: Validity.normalised(has))
        case .average:
            let values = (0..<n).map { counts[$0] == 0 ? 0 : doubles[$0] / Double(counts[$0]) }
            return Vector(.double(values), validity: Validity.normalised(counts.map { $0 == 0 ? 0 : 1 }))
        case .minimumInteger, .maximumInteger:
            let validity = Validity.normalised(has)
            switch call.type {
            case .date: return Vector(.date(integers.map { Int32(truncatingIfNeeded: $0) }), validity: validity)
            case .boolean: return Vector(.boolean(integers.map { UInt8(truncatingIfNeeded: $0) }), validity: validity)
            default: return Vector(.integer(integers), validity: validity)
            }
        case .minimumDouble, .maximumDouble:
            return Vector(.double(doubles), validity: Validity.normalised(has))
        case .minimumString, .maximumString:
            return Vector.from(strings.map { $0.map(Value.varchar) ?? .null }, type: .varchar)
        case .quantile:
            return quantiles(groupCount: n)
        }
    }

    /// Exact quantiles from the sorted samples (DuckDB's definitions).
    private func quantiles(groupCount n: Int) -> Vector {
        let (starts, sortedIntegers, sortedDoubles) = samples.sortedValues(groupCount: n)
        let isDouble = samples.isDouble
        let fraction = call.fraction ?? 0.5
        let discrete = call.function == .quantileDisc
        var validity = [UInt8](repeating: 1, count: n)
        var resultDoubles = [Double](repeating: 0, count: n)
        var resultIntegers = [Int64](repeating: 0, count: n)
        for g in 0..<n {
            let range = starts[g]..<starts[g + 1]
            guard !range.isEmpty else { validity[g] = 0; continue }
            let count = range.count
            if discrete {
                // The value at position ceil(n * p) - 1 of the sorted values.
                let index = range.lowerBound + max(0, Int((Double(count) * fraction).rounded(.up)) - 1)
                if isDouble { resultDoubles[g] = sortedDoubles[index] } else { resultIntegers[g] = sortedIntegers[index] }
            } else {
                // Linear interpolation between the values around position (n - 1) * p.
                let position = Double(count - 1) * fraction
                let low = position.rounded(.down), high = position.rounded(.up)
                let a = isDouble ? sortedDoubles[range.lowerBound + Int(low)] : Double(sortedIntegers[range.lowerBound + Int(low)])
                let b = isDouble ? sortedDoubles[range.lowerBound + Int(high)] : Double(sortedIntegers[range.lowerBound + Int(high)])
                // Equal neighbours are the answer (also infinities: inf - inf would be NaN).
                resultDoubles[g] = low == high || a == b ? a : a + (b - a) * (position - low)
            }
        }
        let mask = Validity.normalised(validity)
        if !discrete || isDouble { return Vector(.double(resultDoubles), validity: mask) }
        if call.type == .varchar {
            let strings = samples.stringsByRank
            return Vector.from(zip(resultIntegers, validity).map { $1 == 0 ? .null : .varchar(strings[Int($0)]) }, type: .varchar)
        }
        switch call.type {
        case .date: return Vector(.date(resultIntegers.map { Int32(truncatingIfNeeded: $0) }), validity: mask)
        case .boolean: return Vector(.boolean(resultIntegers.map { UInt8(truncatingIfNeeded: $0) }), validity: mask)
        default: return Vector(.integer(resultIntegers), validity: mask)
        }
    }
}
