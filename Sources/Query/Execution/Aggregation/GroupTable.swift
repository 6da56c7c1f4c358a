/// Assigns each distinct combination of group-key values a dense group id.
///
/// Each key column has its own `KeyInterner`; with several keys the per-column ids are combined
/// pairwise through `Int64Map`s (id so far << 32 | next id), so any number of keys costs one
/// small-integer hash per extra key and row. Without keys there is exactly one group (a global
/// aggregate returns one row even over no rows).
struct GroupTable {
    private(set) var interners: [KeyInterner]
    private var combiners: [Int64Map]
    /// Per combiner, the combined id of pairs whose two ids are both below 256, by `a << 8 | b`
    /// (`UInt32.max`: not seen yet): group keys are usually a few codes, and an array lookup
    /// beats hashing. Allocated by the first `groupIDs` (256 KB each: see `directTableBytes`).
    private var direct: [[UInt32]]

    /// What the direct tables of a table with `keyCount` keys take (the aggregation reserves it
    /// from the memory budget before its first chunk: a CUBE of 12 keys has 4,096 tables).
    static func directTableBytes(keyCount: Int) -> Int { max(0, keyCount - 1) * (1 << 16) * 4 }

    var hasDirectTables: Bool { direct.first.map { !$0.isEmpty } ?? true }

    init(keyTypes: [SQLType]) {
        interners = keyTypes.map { KeyInterner(type: $0) }
        combiners = keyTypes.count > 1 ? (1..<keyTypes.count).map { _ in Int64Map() } : []
        direct = combiners.map { _ in [] }
    }

    var count: Int {
        if interners.isEmpty { return 1 }
        return combiners.last?.count ?? interners[0].count
    }

    /// One group id per row.
    mutating func groupIDs(_ keys: [Vector], rowCount: Int) -> [UInt32] {
        groupIDs(keys.map(GroupKey.vector), rowCount: rowCount)
    }

    /// One group id per row, keys stored or evaluated.
    mutating func groupIDs(_ keys: [GroupKey], rowCount: Int) -> [UInt32] {
        if interners.isEmpty { return [UInt32](repeating: 0, count: rowCount) }
        var ids = interners[0].ids(keys[0])
        for index in 1..<interners.count {
            let next = interners[index].ids(keys[index])
            let combiner = index - 1
            if direct[combiner].isEmpty { direct[combiner] = [UInt32](repeating: .max, count: 1 << 16) }
            var combinerMap = combiners[combiner]
            combiners[combiner] = Int64Map() // moved out while used: no copy, no per-row exclusivity check
            direct[combiner].withUnsafeMutableBufferPointer { table in
                ids.withUnsafeMutableBufferPointer { out in
                    next.withUnsafeBufferPointer { next in
                        for row in 0..<rowCount {
                            let a = out[row], b = next[row]
                            if a < 256, b < 256 {
                                let slot = Int(a &<< 8 | b)
                                var id = table[slot]
                                if id == .max {
                                    id = combinerMap.id(for: Int64(a) << 32 | Int64(b))
                                    table[slot] = id
                                }
                                out[row] = id
                            } else {
                                out[row] = combinerMap.id(for: Int64(a) << 32 | Int64(b))
                            }
                        }
                    }
                }
            }
            combiners[combiner] = combinerMap
        }
        return ids
    }

    /// The group of each row if its key combination is already present, else `UInt32.max`
    /// (also for any NULL key: NULL never equals anything in a join).
    func existingGroupIDs(_ keys: [Vector], rowCount: Int) -> [UInt32] {
        precondition(!interners.isEmpty, "a join has keys")
        var ids = interners[0].existingIDs(keys[0])
        for index in 1..<interners.count {
            let next = interners[index].existingIDs(keys[index])
            for row in 0..<rowCount where ids[row] != .max {
                ids[row] = next[row] == .max ? .max
                    : combiners[index - 1].lookup(Int64(ids[row]) << 32 | Int64(next[row])) ?? .max
            }
        }
        return ids
    }

    /// The key values of a group, in key order.
    func keyValues(_ group: UInt32) -> [Value] {
        guard !interners.isEmpty else { return [] }
        var ids = [UInt32](repeating: 0, count: interners.count)
        var current = group
        var index = interners.count - 1
        while index > 0 {
            let combined = combiners[index - 1].keys[Int(current)]
            ids[index] = UInt32(truncatingIfNeeded: combined)
            current = UInt32(truncatingIfNeeded: combined >> 32)
            index -= 1
        }
        ids[0] = current
        return zip(interners, ids).map { $0.values[Int($1)] }
    }

    /// The group of given key values, inserting it (used when merging partial aggregations).
    mutating func group(of values: [Value]) -> UInt32 {
        guard !interners.isEmpty else { return 0 }
        var id = interners[0].id(of: values[0])
        for index in 1..<interners.count {
            let next = interners[index].id(of: values[index])
            id = combiners[index - 1].id(for: Int64(id) << 32 | Int64(next))
        }
        return id
    }
}
