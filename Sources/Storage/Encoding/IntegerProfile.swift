/// The physical integer types chunks are encoded from (bool, float64 and date are viewed as these).
protocol PhysicalInteger: FixedWidthInteger, SignedInteger, SIMDScalar, Sendable {}
extension Int8: PhysicalInteger {}
extension Int16: PhysicalInteger {}
extension Int32: PhysicalInteger {}
extension Int64: PhysicalInteger {}

/// One pass of measurements over a chunk's integers, from which every codec computes its exact
/// encoded size without encoding (the "analyze" step of DuckDB's compression framework).
///
/// Invariant: computed over the values as they will be encoded (null positions already filled).
struct IntegerProfile {
    /// Above this many distinct values the dictionary is not considered and the distinct count is unknown.
    static let distinctLimit = 1 << 15

    let count: Int
    let width: Int
    var min: Int64 = 0
    var max: Int64 = 0
    /// Smallest and largest difference between neighbours (wrapping), for delta.
    var minDelta: Int64 = 0
    var maxDelta: Int64 = 0
    var runCount = 0
    var minRun = 0
    var maxRun = 0
    /// Sorted distinct values, when there are at most `distinctLimit`.
    var distinct: [Int64]?

    init<T: PhysicalInteger>(_ values: UnsafeBufferPointer<T>) {
        count = values.count
        width = MemoryLayout<T>.size
        guard let first = values.first else {
            distinct = []
            return
        }
        var low = Int64(first), high = Int64(first)
        var lowDelta = Int64.max, highDelta = Int64.min
        var previous = Int64(first)
        var runs = 1, run = 1, shortest = Int.max, longest = 0
        // Branch-free (`RunTally`): whether a value repeats the previous one is unpredictable on
        // most columns (dates between nulls).
        for i in 1..<values.count {
            let value = Int64(values[i])
            low = Swift.min(low, value)
            high = Swift.max(high, value)
            let delta = value &- previous
            lowDelta = Swift.min(lowDelta, delta)
            highDelta = Swift.max(highDelta, delta)
            (shortest, longest, run) = RunTally.step(differs: value != previous, shortest, longest, run)
            runs &+= Int(unsafeBitCast(value != previous, to: UInt8.self))
            previous = value
        }
        shortest = Swift.min(shortest, run)
        longest = Swift.max(longest, run)
        min = low
        max = high
        minDelta = values.count > 1 ? lowDelta : 0
        maxDelta = values.count > 1 ? highDelta : 0
        runCount = runs
        minRun = shortest
        maxRun = longest
        distinct = IntegerProfile.distinctValues(values, min: low, max: high)
    }

    /// Bits per value for frame of reference over the whole range.
    var rangeWidth: Int { BitPacking.width(forRange: UInt64(bitPattern: max &- min)) }

    /// Bits per run length (offset from the shortest run).
    var runLengthWidth: Int { BitPacking.width(forRange: UInt64(maxRun - minRun)) }

    private static func distinctValues<T: PhysicalInteger>(
        _ values: UnsafeBufferPointer<T>, min: Int64, max: Int64
    ) -> [Int64]? {
        let range = UInt64(bitPattern: max &- min)
        if range < 1 << 16 {
            // A narrow range (dates, levels, codes) is counted with a bitmap: no hashing at all.
            var seen = [UInt64](repeating: 0, count: Int(range / 64) + 1)
            seen.withUnsafeMutableBufferPointer { bits in
                for value in values {
                    let offset = Int(truncatingIfNeeded: Int64(value) &- min)
                    bits[offset >> 6] |= UInt64(1) << UInt64(offset & 63)
                }
            }
            var result: [Int64] = []
            for (wordIndex, word) in seen.enumerated() where word != 0 {
                var remaining = word
                while remaining != 0 {
                    result.append(min &+ Int64(wordIndex * 64 + remaining.trailingZeroBitCount))
                    remaining &= remaining &- 1
                }
            }
            return result.count <= distinctLimit ? result : nil
        }
        var set = IntegerSet(capacity: Swift.min(distinctLimit, values.count))
        for value in values {
            if !set.insert(Int64(value)) { return nil }
        }
        return set.sortedValues()
    }
}

/// A fixed-capacity open-addressing set of Int64 used to count distinct values.
struct IntegerSet {
    private var slots: [Int64]
    private var used: [Bool]
    private let mask: Int
    private let limit: Int
    private(set) var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int64](repeating: 0, count: size)
        used = [Bool](repeating: false, count: size)
        mask = size - 1
        limit = capacity
    }

    /// Inserts `value`; returns false when the set would exceed its capacity.
    @inline(__always)
    mutating func insert(_ value: Int64) -> Bool {
        var index = Int(truncatingIfNeeded: (UInt64(bitPattern: value) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while used[index] {
            if slots[index] == value { return true }
            index = (index &+ 1) & mask
        }
        guard count < limit else { return false }
        used[index] = true
        slots[index] = value
        count += 1
        return true
    }

    func sortedValues() -> [Int64] {
        var result: [Int64] = []
        result.reserveCapacity(count)
        for (slot, isUsed) in zip(slots, used) where isUsed { result.append(slot) }
        return result.sorted()
    }
}

/// One step of counting runs without a branch: `differs` (the value differs from the previous
/// one) ends the current run. Written with masks because the optimiser turns `cond ? a : b` on
/// these into jumps, mispredicted about half the time on real columns.
enum RunTally {
    /// The shortest and longest finished runs and the current run's length after one value.
    @inline(__always)
    static func step(differs: Bool, _ shortest: Int, _ longest: Int, _ run: Int) -> (Int, Int, Int) {
        let ends = Int(unsafeBitCast(differs, to: UInt8.self))  // 1 when the run ends here
        // A run that does not end is offered as Int.max to the minimum and 0 to the maximum.
        let shortest = Swift.min(shortest, run | (ends &- 1) & Int.max)
        let longest = Swift.max(longest, run & (0 &- ends))
        return (shortest, longest, run &* (1 &- ends) &+ 1)
    }
}
