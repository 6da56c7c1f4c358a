/// Merging partial accumulators and producing the final values.
extension Accumulator {
    /// Adds `other`'s state; `groupMap[g]` is the group in `self` of `other`'s group `g`.
    func merge(_ other: Accumulator, groupMap: [UInt32]) throws(QueryError) {
        for (from, to) in groupMap.enumerated() {
            let f = from, t = Int(to)
            switch kind {
            case .count: counts[t] += other.counts[f]
            case .countDistinct: break
            case .sumWide, .averageWide:
                let (sum, overflow) = wides[t].addingReportingOverflow(other.wides[f])
                if overflow { throw Accumulator.sumOverflow }
                wides[t] = sum
                if kind == .sumWide { has[t] |= other.has[f] } else { counts[t] += other.counts[f] }
            case .minimumWide, .maximumWide:
                guard other.has[f] != 0 else { continue }
                let value = other.wides[f]
                if has[t] == 0 || (kind == .minimumWide ? value < wides[t] : value > wides[t]) { wides[t] = value; has[t] = 1 }
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
            let interned = argumentType == .varchar || argumentType.isWide
            let valueMap: ((Int64) -> Int64)? = !interned ? nil : { [self] id in
                Int64(distinctValues.id(of: other.distinctValues.values[Int(id)]))
            }
            pairs.absorb(other.pairs, groupMap: groupMap, valueMap: valueMap)
        }
        if kind == .quantile, ownsSamples {
            samples.absorb(other.samples, groupMap: groupMap)
        }
    }

    /// One value per group, in group order; an error when a DECIMAL sum leaves its 38 digits.
    func finish() throws(QueryError) -> Vector {
        let n = groupCount
        switch kind {
        case .count:
            return Vector(.integer(counts))
        case .countDistinct:
            return Vector(.integer(pairs.counts(groupCount: n)))
        case .sumWide:
            if case .decimal(let type) = call.type {
                for g in 0..<n where has[g] != 0 && !Decimal128.fits(wides[g], width: type.width) {
                    throw .execution("Overflow in sum(): the total does not fit in \(type)")
                }
            }
            return Vector(.wide(wides, call.type), validity: Validity.normalised(has))
        case .averageWide:
            let scale = argumentType.asDecimal?.scale ?? 0
            let values = (0..<n).map { counts[$0] == 0 ? 0 : Decimal128.double(wides[$0], scale: scale) / Double(counts[$0]) }
            return Vector(.double(values), validity: Validity.normalised(counts.map { $0 == 0 ? 0 : 1 }))
        case .minimumWide, .maximumWide:
            return Vector(.wide(wides, call.type), validity: Validity.normalised(has))
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
        if samples.isRanked { return rankedQuantiles(starts, ranks: sortedIntegers) }
        let isDouble = samples.isDouble
        let discrete = call.function == .quantileDisc
        var validity = [UInt8](repeating: 1, count: n)
        var resultDoubles = [Double](repeating: 0, count: n)
        var resultIntegers = [Int64](repeating: 0, count: n)
        for g in 0..<n {
            let range = starts[g]..<starts[g + 1]
            guard !range.isEmpty else { validity[g] = 0; continue }
            if discrete {
                let index = discreteIndex(range)
                if isDouble { resultDoubles[g] = sortedDoubles[index] } else { resultIntegers[g] = sortedIntegers[index] }
            } else {
                let (low, high, weight) = neighbours(range)
                let a = isDouble ? sortedDoubles[low] : Double(sortedIntegers[low])
                let b = isDouble ? sortedDoubles[high] : Double(sortedIntegers[high])
                // Equal neighbours are the answer (also infinities: inf - inf would be NaN).
                resultDoubles[g] = low == high || a == b ? a : a + (b - a) * weight
            }
        }
        let mask = Validity.normalised(validity)
        if !discrete || isDouble { return Vector(.double(resultDoubles), validity: mask) }
        switch call.type {
        case .date: return Vector(.date(resultIntegers.map { Int32(truncatingIfNeeded: $0) }), validity: mask)
        case .boolean: return Vector(.boolean(resultIntegers.map { UInt8(truncatingIfNeeded: $0) }), validity: mask)
        default: return Vector(.integer(resultIntegers), validity: mask)
        }
    }

    /// The position ceil(n × p) - 1 of the sorted values in `range` (`quantile_disc`).
    private func discreteIndex(_ range: Range<Int>) -> Int {
        range.lowerBound + max(0, Int((Double(range.count) * (call.fraction ?? 0.5)).rounded(.up)) - 1)
    }

    /// The positions around (n - 1) × p in `range` and the weight of the upper one (`quantile_cont`).
    private func neighbours(_ range: Range<Int>) -> (low: Int, high: Int, weight: Double) {
        let position = Double(range.count - 1) * (call.fraction ?? 0.5)
        let low = position.rounded(.down), high = position.rounded(.up)
        return (range.lowerBound + Int(low), range.lowerBound + Int(high), position - low)
    }

    /// Quantiles of values kept by rank (strings, HUGEINTs, DECIMALs). An exact position is the
    /// value itself; between two, `quantile_cont` of a DECIMAL interpolates its unscaled values
    /// as DuckDB does for the integer that holds them: up to 18 digits, `low + gap × w` in
    /// doubles truncated toward zero; above, `low` plus the gap's share truncated (exact `low`).
    private func rankedQuantiles(_ starts: [Int], ranks: [Int64]) -> Vector {
        let values = samples.valuesByRank
        var result: [Value] = []
        result.reserveCapacity(groupCount)
        for g in 0..<groupCount {
            let range = starts[g]..<starts[g + 1]
            guard !range.isEmpty else { result.append(.null); continue }
            if call.function == .quantileDisc {
                result.append(values[Int(ranks[discreteIndex(range)])])
                continue
            }
            let (low, high, weight) = neighbours(range)
            let a = values[Int(ranks[low])], b = values[Int(ranks[high])]
            if case .decimal(let type) = call.type, case .decimal(let x, _) = a, case .decimal(let y, _) = b {
                let (gap, overflow) = y.subtractingReportingOverflow(x)
                let share = (overflow ? Decimal128.double(y) - Decimal128.double(x) : Decimal128.double(gap)) * weight
                let interpolated: Int128?
                if type.width > 18 {
                    interpolated = Decimal128.integer(share.rounded(.towardZero)).flatMap { x.addingReportingOverflow($0).overflow ? nil : x + $0 }
                } else {
                    interpolated = Decimal128.integer((Decimal128.double(x) + share).rounded(.towardZero))
                }
                result.append(low == high ? a : .decimal(interpolated ?? x, type))
            } else {
                let x = a.numeric ?? 0, y = b.numeric ?? 0
                result.append(.double(low == high || x == y ? x : x + (y - x) * weight))
            }
        }
        return Vector.from(result, type: call.type)
    }
}
