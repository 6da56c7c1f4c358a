import Storage

/// A hash map from byte strings to values, keyed by the bytes themselves: looking up a dictionary
/// entry creates no `String` (a String per lookup, hashed by Unicode rules, cost more than the
/// rest of a group-by's key translation).
///
/// Keys live back to back in one arena; slots (open addressing, at most half full) hold the index
/// of their key plus one.
struct BytesMap<Value> {
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    private(set) var values: [Value] = []
    private var slots = [Int32](repeating: 0, count: 16)

    var count: Int { values.count }

    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 { ByteHash.hash(bytes) }

    /// The index of `key`'s entry, if present.
    func index(of key: UnsafeRawBufferPointer) -> Int? {
        let hash = BytesMap.hash(key)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = Int(slots[slot])
            if stored == 0 { return nil }
            let entry = stored - 1
            if hashes[entry] == hash, equals(entry, key) { return entry }
            slot = (slot + 1) & mask
        }
    }

    func value(for key: UnsafeRawBufferPointer) -> Value? {
        index(of: key).map { values[$0] }
    }

    /// The value of `key`, inserting `make()` when absent.
    mutating func value(for key: UnsafeRawBufferPointer, orInsert make: () -> Value) -> Value {
        if let entry = index(of: key) { return values[entry] }
        let value = make()
        arena.append(contentsOf: key)
        offsets.append(arena.count)
        hashes.append(BytesMap.hash(key))
        values.append(value)
        if values.count * 2 > slots.count { rehash(slots.count * 2) } else { place(values.count - 1) }
        return value
    }

    private func equals(_ entry: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let start = offsets[entry], end = offsets[entry + 1]
        guard end - start == key.count else { return false }
        return arena.withUnsafeBytes { all in
            key.count == 0 || memcmp(all.baseAddress! + start, key.baseAddress!, key.count) == 0
        }
    }

    private mutating func place(_ entry: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hashes[entry]) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry + 1)
    }

    private mutating func rehash(_ size: Int) {
        slots = [Int32](repeating: 0, count: size)
        for entry in values.indices { place(entry) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
