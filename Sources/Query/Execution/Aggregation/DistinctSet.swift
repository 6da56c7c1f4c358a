/// The (group, value) pairs of a `count(DISTINCT x)`, and their distinct count per group.
///
/// Rows only append their pair to one of 256 partitions chosen by hash (sequential writes, no
/// lookup); `counts` then deduplicates one partition at a time in a hash set small enough to stay
/// in cache. A single big hash set would miss the cache on almost every row once it holds
/// millions of candidates; this is the radix-partitioned aggregation of DuckDB and ClickHouse.
/// Values are the 64-bit forms of numbers, dates and booleans, or ids of interned strings.
final class DistinctPairs {
    static let partitionBits = 8
    static let partitionCount = 1 << partitionBits

    /// One growable buffer of pairs per partition (unsafe storage: appends are the hot loop and
    /// must not pay array uniqueness checks).
    private struct Partition {
        var groups: UnsafeMutablePointer<UInt32>
        var values: UnsafeMutablePointer<Int64>
        var count = 0
        var capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            groups = .allocate(capacity: capacity)
            values = .allocate(capacity: capacity)
        }

        mutating func grow() {
            let larger = capacity * 2
            let newGroups = UnsafeMutablePointer<UInt32>.allocate(capacity: larger)
            let newValues = UnsafeMutablePointer<Int64>.allocate(capacity: larger)
            newGroups.update(from: groups, count: count)
            newValues.update(from: values, count: count)
            groups.deallocate()
            values.deallocate()
            groups = newGroups
            values = newValues
            capacity = larger
        }
    }

    private var partitions: [Partition]

    init() {
        partitions = (0..<DistinctPairs.partitionCount).map { _ in Partition(capacity: 64) }
    }

    deinit {
        for partition in partitions {
            partition.groups.deallocate()
            partition.values.deallocate()
        }
    }

    @inline(__always)
    static func hash(_ group: UInt32, _ value: Int64) -> UInt64 {
        var x = UInt64(bitPattern: value) &+ UInt64(group) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 32
        x &*= 0xD6E8_FEB8_6659_FD93
        x ^= x >> 32
        return x
    }

    /// Appends the pairs of the rows whose `mask` byte is not 0.
    func append(groups g: UnsafeBufferPointer<UInt32>, values v: UnsafeBufferPointer<Int64>, mask m: UnsafeBufferPointer<UInt8>) {
        partitions.withUnsafeMutableBufferPointer { parts in
            for i in 0..<g.count where m[i] != 0 {
                let group = g[i], value = v[i]
                let index = Int(truncatingIfNeeded: DistinctPairs.hash(group, value) >> UInt64(64 - DistinctPairs.partitionBits))
                if parts[index].count == parts[index].capacity { parts[index].grow() }
                let position = parts[index].count
                parts[index].groups[position] = group
                parts[index].values[position] = value
                parts[index].count = position + 1
            }
        }
    }

    /// Appends every pair of `other` (a worker's partial state), its groups renumbered through
    /// `groupMap` and its values through `valueMap` when given (string ids).
    func absorb(_ other: DistinctPairs, groupMap: [UInt32], valueMap: ((Int64) -> Int64)?) {
        for partition in other.partitions where partition.count > 0 {
            let groups = (0..<partition.count).map { groupMap[Int(partition.groups[$0])] }
            let values = (0..<partition.count).map { valueMap?(partition.values[$0]) ?? partition.values[$0] }
            let mask = [UInt8](repeating: 1, count: partition.count)
            groups.withUnsafeBufferPointer { g in
                values.withUnsafeBufferPointer { v in
                    mask.withUnsafeBufferPointer { m in append(groups: g, values: v, mask: m) }
                }
            }
        }
    }

    /// The number of distinct values per group.
    func counts(groupCount: Int) -> [Int64] {
        var counts = [Int64](repeating: 0, count: groupCount)
        let largest = partitions.map(\.count).max() ?? 0
        var size = 16
        while size < largest * 2 { size <<= 1 }
        var slotGroups = [UInt32](repeating: 0, count: size)
        var slotValues = [Int64](repeating: 0, count: size)
        for partition in partitions where partition.count > 0 {
            var partitionSize = 16
            while partitionSize < partition.count * 2 { partitionSize <<= 1 }
            let mask = partitionSize - 1
            slotGroups.withUnsafeMutableBufferPointer { tags in
                slotValues.withUnsafeMutableBufferPointer { stored in
                    counts.withUnsafeMutableBufferPointer { c in
                        for slot in 0..<partitionSize { tags[slot] = 0 }
                        for i in 0..<partition.count {
                            let group = partition.groups[i], value = partition.values[i]
                            let tag = group &+ 1
                            var slot = Int(truncatingIfNeeded: DistinctPairs.hash(group, value)) & mask
                            while true {
                                let seen = tags[slot]
                                if seen == 0 {
                                    tags[slot] = tag
                                    stored[slot] = value
                                    c[Int(group)] &+= 1
                                    break
                                }
                                if seen == tag && stored[slot] == value { break }
                                slot = (slot &+ 1) & mask
                            }
                        }
                    }
                }
            }
        }
        return counts
    }
}
