/// The values of a quantile aggregate (`median`, `quantile_cont`, `quantile_disc`), per group,
/// kept exactly. Quantile calls over the same argument and FILTER share one instance: collected
/// once, sorted once, however many quantiles the query asks of it.
///
/// Sorting is by group first (a counting sort on group ids), then within each group: integer
/// values spanning a small range (day counts, years) by counting their occurrences, others by
/// comparison sort. Integers (also dates and booleans) and doubles are kept apart; strings,
/// HUGEINTs and DECIMALs are interned and sorted by the rank of their value.
final class QuantileSamples {
    let isDouble: Bool
    var groups: [UInt32] = []
    var integers: [Int64] = []
    var doubles: [Double] = []
    /// For strings, HUGEINTs and DECIMALs: the distinct values; `integers` holds their ids until
    /// the first sort, which turns them into ranks in the values' order (`valuesByRank`).
    private(set) var ranked: KeyInterner?
    private(set) var valuesByRank: [Value] = []
    /// The sorted values and where each group's run starts (`starts.count == groups + 1`).
    private var sorted: (starts: [Int], integers: [Int64], doubles: [Double])?

    /// Samples of `type`: doubles as doubles, strings and exact numbers of 128 bits by rank,
    /// other types (integers, dates, booleans) as 64-bit integers.
    init(type: SQLType) {
        isDouble = type == .double
        isRanked = type == .varchar || type.isWide
        ranked = isRanked ? KeyInterner(type: type) : nil
    }

    /// Whether values are kept by rank (`append(groups:mask:ranked:)`, `valuesByRank`).
    let isRanked: Bool

    /// Appends values of a ranked type: their ids in `ranked`.
    func append(groups g: UnsafeBufferPointer<UInt32>, mask m: UnsafeBufferPointer<UInt8>, ranked vector: Vector) {
        guard var interner = ranked else { return } // made for a ranked type: always present
        ranked = nil // uniquely referenced while it grows
        let ids = interner.ids(vector).map { Int64($0) }
        ranked = interner
        append(groups: g, mask: m, integers: ids)
    }

    /// Replaces value ids by their ranks in the values' order (once, before sorting).
    private func rankValues() {
        guard let interner = ranked else { return }
        let values = interner.values // the NULL id is never sampled
        // NULL (the interner's null id, never sampled) first: the order must be total.
        let order = values.indices.sorted { a, b in
            guard let order = Value.compare(values[a], values[b]) else { return values[a].isNull && !values[b].isNull }
            return order < 0
        }
        var rank = [Int64](repeating: 0, count: values.count)
        for (position, id) in order.enumerated() { rank[id] = Int64(position) }
        integers = integers.map { rank[Int($0)] }
        valuesByRank = order.map { values[$0] }
        ranked = nil
    }

    // The appends work on local arrays moved out of the object: appending to a class's stored
    // array in a loop pays a dynamic exclusivity check per element (measured: a quarter of a
    // quartiles query).
    func append(groups g: UnsafeBufferPointer<UInt32>, mask m: UnsafeBufferPointer<UInt8>, integers values: [Int64]) {
        var (groups, integers) = (take(&self.groups), take(&self.integers))
        values.withUnsafeBufferPointer { QuantileSamples.append(g, m, $0, to: &groups, &integers) }
        (self.groups, self.integers) = (groups, integers)
    }

    func append(groups g: UnsafeBufferPointer<UInt32>, mask m: UnsafeBufferPointer<UInt8>, doubles values: [Double]) {
        var (groups, doubles) = (take(&self.groups), take(&self.doubles))
        values.withUnsafeBufferPointer { QuantileSamples.append(g, m, $0, to: &groups, &doubles) }
        (self.groups, self.doubles) = (groups, doubles)
    }

    /// Appends the (group, value) of the rows whose mask byte is set: the arrays grow once, then
    /// a branch-free loop writes every row and advances only past the kept ones.
    private static func append<V>(_ g: UnsafeBufferPointer<UInt32>, _ m: UnsafeBufferPointer<UInt8>, _ v: UnsafeBufferPointer<V>,
                                  to groups: inout [UInt32], _ values: inout [V]) {
        let start = groups.count, rows = g.count
        guard rows > 0 else { return }
        groups.append(contentsOf: repeatElement(0, count: rows))
        values.append(contentsOf: repeatElement(v[0], count: rows))
        var n = start
        groups.withUnsafeMutableBufferPointer { outGroups in
            values.withUnsafeMutableBufferPointer { outValues in
                for i in 0..<rows {
                    outGroups[n] = g[i]
                    outValues[n] = v[i]
                    n &+= Int(m[i] & 1)
                }
            }
        }
        groups.removeLast(start + rows - n)
        values.removeLast(start + rows - n)
    }

    private func take<T>(_ array: inout [T]) -> [T] {
        let taken = array
        array = []
        return taken
    }

    func absorb(_ other: QuantileSamples, groupMap: [UInt32]) {
        groups.append(contentsOf: other.groups.map { groupMap[Int($0)] })
        if var mine = ranked, let theirs = other.ranked {
            // Their ids name their values: intern those here.
            ranked = nil
            integers.append(contentsOf: other.integers.map { Int64(mine.id(of: theirs.values[Int($0)])) })
            ranked = mine
        } else {
            integers.append(contentsOf: other.integers)
        }
        doubles.append(contentsOf: other.doubles)
        sorted = nil
    }

    /// The values sorted within each group, computed on first use.
    func sortedValues(groupCount n: Int) -> (starts: [Int], integers: [Int64], doubles: [Double]) {
        if let sorted, sorted.starts.count == n + 1 { return sorted }
        rankValues()
        var starts = [Int](repeating: 0, count: n + 1)
        for group in groups { starts[Int(group) + 1] += 1 }
        for g in 0..<n { starts[g + 1] += starts[g] }
        var cursor = starts
        var bucketDoubles = [Double](repeating: 0, count: isDouble ? groups.count : 0)
        var bucketIntegers = [Int64](repeating: 0, count: isDouble ? 0 : groups.count)
        func scatter<V>(_ source: [V], into target: inout [V]) {
            groups.withUnsafeBufferPointer { groups in
                source.withUnsafeBufferPointer { source in
                    target.withUnsafeMutableBufferPointer { target in
                        cursor.withUnsafeMutableBufferPointer { cursor in
                            for index in 0..<groups.count {
                                let group = Int(groups[index])
                                target[cursor[group]] = source[index]
                                cursor[group] &+= 1
                            }
                        }
                    }
                }
            }
        }
        if isDouble { scatter(doubles, into: &bucketDoubles) } else { scatter(integers, into: &bucketIntegers) }
        for g in 0..<n where starts[g + 1] - starts[g] > 1 {
            let range = starts[g]..<starts[g + 1]
            if isDouble {
                bucketDoubles[range].sort { Value.compareDoubles($0, $1) < 0 }
            } else {
                bucketIntegers.withUnsafeMutableBufferPointer { QuantileSamples.sortIntegers(UnsafeMutableBufferPointer(rebasing: $0[range])) }
            }
        }
        sorted = (starts, bucketIntegers, bucketDoubles)
        return sorted!
    }

    /// Sorts in place; by counting occurrences when the values span at most four times as many
    /// integers as there are values (linear time), by comparison otherwise.
    static func sortIntegers(_ buffer: UnsafeMutableBufferPointer<Int64>) {
        var values = buffer
        guard let low = values.min(), let high = values.max() else { return }
        let span = high.subtractingReportingOverflow(low)
        guard !span.overflow, span.partialValue < Int64(max(values.count * 4, 1024)) else {
            values.sort()
            return
        }
        var counts = [Int](repeating: 0, count: Int(span.partialValue) + 1)
        for value in values { counts[Int(value - low)] += 1 }
        var position = 0
        for (offset, count) in counts.enumerated() where count > 0 {
            for i in position..<(position + count) { values[i] = low + Int64(offset) }
            position += count
        }
    }
}
