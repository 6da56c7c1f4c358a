/// The running state of one aggregate call for every group, updated a vector at a time.
///
/// Groups are dense ids (see `GroupTable`), so every state is an array indexed by group: no
/// hashing per row beyond the group id itself. Exact quantiles keep every (group, value) pair
/// and sort per group at the end; distinct counts keep a set of (group, value) pairs.
/// Partial accumulators of parallel workers merge through a group-id mapping.
final class Accumulator {
    enum Kind {
        /// Sums of exact numbers accumulate in 128 bits (a BIGINT sum is a HUGEINT, as in DuckDB).
        case count, countDistinct, sumWide, sumDouble, average, averageWide
        case minimumInteger, maximumInteger, minimumDouble, maximumDouble, minimumString, maximumString
        case minimumWide, maximumWide
        case quantile
    }

    let call: AggregateCall
    let kind: Kind
    let argumentType: SQLType
    private(set) var groupCount = 0
    var counts: [Int64] = []
    var integers: [Int64] = []
    var doubles: [Double] = []
    var wides: [Int128] = []
    var has: [UInt8] = []
    var strings: [String?] = []
    var pairs = DistinctPairs()
    /// Strings, HUGEINTs and DECIMALs of a distinct count, interned (other values go into
    /// `pairs` as they are).
    var distinctValues: KeyInterner
    /// The values of a quantile call; shared with the other quantile calls of the same argument
    /// and filter, of which only the first (`ownsSamples`) collects and merges them.
    var samples: QuantileSamples
    var ownsSamples = true

    init(_ call: AggregateCall) {
        self.call = call
        argumentType = call.argument?.type ?? .integer
        distinctValues = KeyInterner(type: argumentType)
        samples = QuantileSamples(type: argumentType)
        let isDouble = argumentType == .double, isWide = argumentType.isWide
        switch call.function {
        case .countStar: kind = .count
        case .count: kind = call.distinct ? .countDistinct : .count
        case .sum: kind = isDouble ? .sumDouble : .sumWide
        case .avg: kind = isWide ? .averageWide : .average
        case .min: kind = argumentType == .varchar ? .minimumString : (isDouble ? .minimumDouble : (isWide ? .minimumWide : .minimumInteger))
        case .max: kind = argumentType == .varchar ? .maximumString : (isDouble ? .maximumDouble : (isWide ? .maximumWide : .maximumInteger))
        case .median, .quantileCont, .quantileDisc: kind = .quantile
        case .grouping: preconditionFailure("GROUPING() is replaced by the binder")
        }
    }

    /// Makes room for groups up to `count` (new groups start empty).
    func resize(_ count: Int) {
        guard count > groupCount else { return }
        let extra = count - groupCount
        switch kind {
        case .count, .countDistinct: counts.append(contentsOf: repeatElement(0, count: extra))
        case .minimumInteger, .maximumInteger:
            integers.append(contentsOf: repeatElement(0, count: extra))
            has.append(contentsOf: repeatElement(0, count: extra))
        case .sumWide, .minimumWide, .maximumWide:
            wides.append(contentsOf: repeatElement(0, count: extra))
            has.append(contentsOf: repeatElement(0, count: extra))
        case .averageWide:
            wides.append(contentsOf: repeatElement(0, count: extra))
            counts.append(contentsOf: repeatElement(0, count: extra))
        case .sumDouble, .minimumDouble, .maximumDouble:
            doubles.append(contentsOf: repeatElement(0, count: extra))
            has.append(contentsOf: repeatElement(0, count: extra))
        case .average:
            doubles.append(contentsOf: repeatElement(0, count: extra))
            counts.append(contentsOf: repeatElement(0, count: extra))
        case .minimumString, .maximumString: strings.append(contentsOf: repeatElement(nil, count: extra))
        case .quantile: break
        }
        groupCount = count
    }

    /// Adds the rows of a vector: `groups[i]` is row i's group; `argument` the evaluated argument
    /// (nil for count(*)); `filtered` the rows (dense indexes, ascending) where the FILTER clause
    /// holds, nil without FILTER.
    func update(groups: [UInt32], argument: Vector?, filtered: [UInt32]?) throws(QueryError) {
        let rows = groups.count
        if kind == .count, argument == nil, let filtered {
            // count(*) FILTER (...): count the kept rows straight from their list.
            groups.withUnsafeBufferPointer { g in
                filtered.withUnsafeBufferPointer { r in Accumulator.count(g, rows: r, into: &counts) }
            }
            return
        }
        var mask: [UInt8]
        if let filtered {
            mask = [UInt8](repeating: 0, count: rows)
            mask.withUnsafeMutableBufferPointer { m in for row in filtered { m[Int(row)] = 1 } }
            if let validity = argument?.validity {
                mask.withUnsafeMutableBufferPointer { m in
                    validity.withUnsafeBufferPointer { v in for i in 0..<rows { m[i] &= v[i] } }
                }
            }
        } else {
            mask = argument?.validity ?? [UInt8](repeating: 1, count: rows)
        }
        switch kind {
        case .countDistinct: try QueryContext.reserve(rows * 12, for: "count(DISTINCT)") // a (group, value) pair a row
        case .quantile where ownsSamples: try QueryContext.reserve(rows * 12, for: "\(call.function.rawValue)") // a sample a row
        default: break
        }
        let failure = groups.withUnsafeBufferPointer { g in
            mask.withUnsafeBufferPointer { m in update(g, m, argument) }
        }
        if let failure { throw failure }
    }

    static let sumOverflow = QueryError.execution("Overflow in sum(): the total does not fit in 128 bits; sum a CAST(... AS DOUBLE)")

    /// Returns the error that stops the query (a sum that overflowed), nil when none.
    private func update(_ g: UnsafeBufferPointer<UInt32>, _ m: UnsafeBufferPointer<UInt8>, _ argument: Vector?) -> QueryError? {
        let rows = g.count
        switch kind {
        case .count:
            Accumulator.count(g, m, into: &counts)
        case .countDistinct:
            guard let argument else { break }
            let interned = argumentType == .varchar || argumentType.isWide
            let values = interned ? distinctValues.ids(argument).map { Int64($0) } : Accumulator.distinctKeys(argument)
            values.withUnsafeBufferPointer { v in pairs.append(groups: g, values: v, mask: m) }
        case .sumWide, .averageWide:
            guard let argument else { break }
            var overflow = false
            var sums = wides
            wides = [] // uniquely referenced while updated
            defer { wides = sums }
            let exact = sums.withUnsafeMutableBufferPointer { s in
                Accumulator.withWides(argument) { values in
                    for i in 0..<rows where m[i] != 0 {
                        let (sum, o) = s[Int(g[i])].addingReportingOverflow(values[i])
                        s[Int(g[i])] = sum
                        overflow = overflow || o
                    }
                }
            }
            guard exact else { return .execution("\(call.function.rawValue)() of \(argument.type) is not an exact sum") }
            if kind == .averageWide {
                counts.withUnsafeMutableBufferPointer { c in for i in 0..<rows { c[Int(g[i])] &+= Int64(m[i]) } }
            } else {
                has.withUnsafeMutableBufferPointer { h in for i in 0..<rows where m[i] != 0 { h[Int(g[i])] = 1 } }
            }
            return overflow ? Accumulator.sumOverflow : nil
        case .minimumWide, .maximumWide:
            guard case .wide(let values, _)? = argument?.payload else { break }
            let isMinimum = kind == .minimumWide
            for i in 0..<rows where m[i] != 0 {
                let group = Int(g[i]), value = values[i]
                if has[group] == 0 || (isMinimum ? value < wides[group] : value > wides[group]) { wides[group] = value; has[group] = 1 }
            }
        case .sumDouble, .average:
            let values = Accumulator.doubles(argument!)
            doubles.withUnsafeMutableBufferPointer { s in
                for i in 0..<rows where m[i] != 0 { s[Int(g[i])] += values[i] }
            }
            if kind == .average {
                counts.withUnsafeMutableBufferPointer { c in for i in 0..<rows { c[Int(g[i])] &+= Int64(m[i]) } }
            } else {
                has.withUnsafeMutableBufferPointer { h in for i in 0..<rows where m[i] != 0 { h[Int(g[i])] = 1 } }
            }
        case .minimumInteger, .maximumInteger:
            let values = Accumulator.integers(argument!)
            let isMinimum = kind == .minimumInteger
            integers.withUnsafeMutableBufferPointer { s in
                has.withUnsafeMutableBufferPointer { h in
                    for i in 0..<rows where m[i] != 0 {
                        let group = Int(g[i]), value = values[i]
                        if h[group] == 0 || (isMinimum ? value < s[group] : value > s[group]) { s[group] = value; h[group] = 1 }
                    }
                }
            }
        case .minimumDouble, .maximumDouble:
            let values = Accumulator.doubles(argument!)
            let wanted = kind == .minimumDouble ? -1 : 1
            doubles.withUnsafeMutableBufferPointer { s in
                has.withUnsafeMutableBufferPointer { h in
                    for i in 0..<rows where m[i] != 0 {
                        let group = Int(g[i])
                        if h[group] == 0 || Value.compareDoubles(values[i], s[group]) == wanted { s[group] = values[i]; h[group] = 1 }
                    }
                }
            }
        case .minimumString, .maximumString:
            guard case .varchar(let codes, let dictionary) = argument!.payload else { preconditionFailure() }
            let wanted = kind == .minimumString ? -1 : 1
            for i in 0..<rows where m[i] != 0 {
                let group = Int(g[i]), value = dictionary[Int(codes[i])]
                if let current = strings[group], Value.compareBytes(value, current) != wanted { continue }
                strings[group] = value
            }
        case .quantile:
            guard ownsSamples else { break }
            if argumentType == .double {
                samples.append(groups: g, mask: m, doubles: Accumulator.doubles(argument!))
            } else if samples.isRanked, let argument {
                samples.append(groups: g, mask: m, ranked: argument)
            } else {
                samples.append(groups: g, mask: m, integers: Accumulator.integers(argument!))
            }
        }
        return nil
    }

    /// Adds `mask[i]` to `counts[groups[i]]`. With few groups, four interleaved lanes of counters
    /// break the chain of increments to the same counter (each waiting for the previous store).
    static func count(_ g: UnsafeBufferPointer<UInt32>, _ m: UnsafeBufferPointer<UInt8>, into counts: inout [Int64]) {
        let rows = g.count, groupCount = counts.count
        guard groupCount <= 256, rows >= 64 else {
            counts.withUnsafeMutableBufferPointer { c in for i in 0..<rows { c[Int(g[i])] &+= Int64(m[i]) } }
            return
        }
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: groupCount * 4) { lanes in
            lanes.initialize(repeating: 0)
            var i = 0
            while i + 4 <= rows {
                lanes[Int(g[i]) &* 4] &+= Int64(m[i])
                lanes[Int(g[i + 1]) &* 4 &+ 1] &+= Int64(m[i + 1])
                lanes[Int(g[i + 2]) &* 4 &+ 2] &+= Int64(m[i + 2])
                lanes[Int(g[i + 3]) &* 4 &+ 3] &+= Int64(m[i + 3])
                i += 4
            }
            while i < rows {
                lanes[Int(g[i]) &* 4] &+= Int64(m[i])
                i += 1
            }
            counts.withUnsafeMutableBufferPointer { c in
                for group in 0..<groupCount { c[group] &+= lanes[group * 4] &+ lanes[group * 4 + 1] &+ lanes[group * 4 + 2] &+ lanes[group * 4 + 3] }
            }
        }
    }

    /// Adds one to `counts[groups[row]]` for each of `rows`, in four lanes like `count(_:_:into:)`.
    static func count(_ g: UnsafeBufferPointer<UInt32>, rows r: UnsafeBufferPointer<UInt32>, into counts: inout [Int64]) {
        let groupCount = counts.count
        guard groupCount <= 256, r.count >= 64 else {
            counts.withUnsafeMutableBufferPointer { c in for row in r { c[Int(g[Int(row)])] &+= 1 } }
            return
        }
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: groupCount * 4) { lanes in
            lanes.initialize(repeating: 0)
            var i = 0
            while i + 4 <= r.count {
                lanes[Int(g[Int(r[i])]) &* 4] &+= 1
                lanes[Int(g[Int(r[i + 1])]) &* 4 &+ 1] &+= 1
                lanes[Int(g[Int(r[i + 2])]) &* 4 &+ 2] &+= 1
                lanes[Int(g[Int(r[i + 3])]) &* 4 &+ 3] &+= 1
                i += 4
            }
            while i < r.count {
                lanes[Int(g[Int(r[i])]) &* 4] &+= 1
                i += 1
            }
            counts.withUnsafeMutableBufferPointer { c in
                for group in 0..<groupCount { c[group] &+= lanes[group * 4] &+ lanes[group * 4 + 1] &+ lanes[group * 4 + 2] &+ lanes[group * 4 + 3] }
            }
        }
    }

    /// Integers, dates and booleans as 64-bit integers.
    static func integers(_ vector: Vector) -> [Int64] {
        switch vector.payload {
        case .integer(let x): x
        case .date(let x): x.map { Int64($0) }
        case .boolean(let x): x.map { Int64($0) }
        default: preconditionFailure("integer aggregate over \(vector.type)")
        }
    }

    /// The 64-bit form a distinct count compares numbers, dates and booleans by (-0.0 is 0.0).
    static func distinctKeys(_ vector: Vector) -> [Int64] {
        switch vector.payload {
        case .double(let x): x.map { KeyInterner.key(double: $0) }
        default: integers(vector)
        }
    }

    /// Calls `body` with the values of an integer, HUGEINT or DECIMAL vector as 128-bit integers;
    /// false (and no call) for another type, which the binder never sums exactly.
    static func withWides(_ vector: Vector, _ body: (UnsafeBufferPointer<Int128>) -> Void) -> Bool {
        switch vector.payload {
        case .wide(let x, _): x.withUnsafeBufferPointer(body)
        case .integer(let x): x.map { Int128($0) }.withUnsafeBufferPointer(body)
        default: return false
        }
        return true
    }

    static func doubles(_ vector: Vector) -> [Double] {
        switch vector.payload {
        case .double(let x): x
        case .integer(let x): x.map { Double($0) }
        case .wide(let x, let type): x.map { Decimal128.double($0, scale: type.asDecimal?.scale ?? 0) }
        default: preconditionFailure("double aggregate over \(vector.type)")
        }
    }
}
