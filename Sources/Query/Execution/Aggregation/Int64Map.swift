/// An open-addressing hash map from 64-bit keys to dense ids (0, 1, 2, ... in first-seen order):
/// the numbers of group keys and join keys, and pairs of key ids.
///
/// Linear probing over a power-of-two table at most half full; ids are stored plus one so that 0
/// marks an empty slot. No per-insert allocation except when the table doubles.
struct Int64Map {
    private var slotKeys: [Int64]
    private var slotIDs: [UInt32]
    private var mask: Int
    /// The keys in id order.
    private(set) var keys: [Int64] = []

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slotKeys = [Int64](repeating: 0, count: size)
        slotIDs = [UInt32](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { keys.count }

    @inline(__always)
    static func hash(_ key: Int64) -> Int {
        // Fibonacci hashing of a mixed key: cheap and spreads sequential keys.
        var x = UInt64(bitPattern: key)
        x ^= x >> 33
        x &*= 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        return Int(truncatingIfNeeded: x)
    }

    /// The id of `key`, inserting it with the next id when new.
    @inline(__always)
    mutating func id(for key: Int64) -> UInt32 {
        var slot = Int64Map.hash(key) & mask
        while true {
            let stored = slotIDs[slot]
            if stored == 0 { break }
            if slotKeys[slot] == key { return stored - 1 }
            slot = (slot + 1) & mask
        }
        let id = UInt32(keys.count)
        keys.append(key)
        slotKeys[slot] = key
        slotIDs[slot] = id + 1
        if keys.count * 2 > slotIDs.count { grow() }
        return id
    }

    /// The id of `key` if present (no insertion).
    @inline(__always)
    func lookup(_ key: Int64) -> UInt32? {
        var slot = Int64Map.hash(key) & mask
        while true {
            let stored = slotIDs[slot]
            if stored == 0 { return nil }
            if slotKeys[slot] == key { return stored - 1 }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let size = slotIDs.count * 2
        slotKeys = [Int64](repeating: 0, count: size)
        slotIDs = [UInt32](repeating: 0, count: size)
        mask = size - 1
        for (id, key) in keys.enumerated() {
            var slot = Int64Map.hash(key) & mask
            while slotIDs[slot] != 0 { slot = (slot + 1) & mask }
            slotKeys[slot] = key
            slotIDs[slot] = UInt32(id) + 1
        }
    }
}
