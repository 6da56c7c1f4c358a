/// The pathways one ingest has seen, by key (certifier code of `PathwayCodes`, `pathway_id`): a second row with the same
/// key in the file is a duplicate, and stored rows with a key of the file are superseded.
///
/// Pathway ids are usually dense integers (a certifier's sequence), so they are kept as one bitmap
/// per certifier over the range seen — a bit per id, sequential memory, about 1 MB per 8 million
/// ids. When ids are sparse (hashed dossier numbers) the set switches to a hash set. Perfect
/// hashing when the key space is small, a hash table otherwise: the usual analytical-engine choice.
struct PathwayKeySet {
    /// Dense form: bit (id − base) of `bitmaps[certifier]`; nil once switched to `sparse`.
    private var bitmaps: [[UInt64]]? = Array(repeating: [], count: PathwayCodes.certifiers.count)
    private var base: Int64 = 0
    /// Words in each bitmap (all have the same range).
    private var wordCount = 0
    private var sparse = SparseKeys()
    private(set) var count = 0
    /// The range of ids and the certifiers seen (what lets the supersede skip whole segments).
    private(set) var minimumID = Int64.max
    private(set) var maximumID = Int64.min
    /// About how many keys the file holds (estimated from its first chunk): the hash set, if one is
    /// needed, is sized for them at once instead of growing and rehashing on the way.
    var expectedCount = 0
    /// Bit c set: certifier code c was seen.
    private var certifierMask: UInt64 = 0
    var certifiers: [UInt8] { (0..<64).filter { certifierMask & (1 << $0) != 0 }.map(UInt8.init) }

    /// Adds the key; false when it was already there.
    @inline(__always)
    mutating func insert(certifier: UInt8, id: Int64) -> Bool {
        minimumID = min(minimumID, id)
        maximumID = max(maximumID, id)
        certifierMask |= 1 << UInt64(certifier)
        // Inside the bitmaps' range (almost every key of a dense file): no call.
        if bitmaps != nil, let bit = offset(of: id), bit >> 6 < wordCount { return setBit(bit, of: certifier) }
        return insertOutsideRange(certifier: certifier, id: id)
    }

    private mutating func insertOutsideRange(certifier: UInt8, id: Int64) -> Bool {
        if bitmaps != nil && !makeRoom(for: id) { switchToSparse() }
        guard bitmaps != nil else {
            let inserted = sparse.insert(certifier: certifier, id: id)
            if inserted { count += 1 }
            return inserted
        }
        return setBit(offset(of: id)!, of: certifier)
    }

    /// Sets bit `bit` of the certifier's bitmap (inside its range); false when it was set.
    @inline(__always)
    private mutating func setBit(_ bit: Int, of certifier: UInt8) -> Bool {
        let mask = UInt64(1) << UInt64(bit & 63)
        let word = bitmaps![Int(certifier)][bit >> 6]
        guard word & mask == 0 else { return false }
        bitmaps![Int(certifier)][bit >> 6] = word | mask
        count += 1
        return true
    }

    /// Adds the keys in order; the positions of those already present (earlier or in this call).
    mutating func insert(certifiers: [UInt32], ids: [Int64]) -> [Int] {
        var duplicates: [Int] = []
        var start = 0
        while start < ids.count {
            let end = min(start + 16, ids.count)
            // In the hash-set form, touch the next keys' slots first: sixteen independent loads
            // overlap their cache misses instead of paying them one after the other.
            if bitmaps == nil { sparse.touch(certifiers[start..<end], ids[start..<end]) }
            for row in start..<end where !insert(certifier: UInt8(truncatingIfNeeded: certifiers[row]), id: ids[row]) {
                duplicates.append(row)
            }
            start = end
        }
        return duplicates
    }

    func contains(certifier: UInt8, id: Int64) -> Bool {
        guard let bitmaps else { return sparse.contains(certifier: certifier, id: id) }
        let words = bitmaps[Int(certifier)]
        guard let bit = offset(of: id), bit / 64 < words.count else { return false }
        return words[bit >> 6] & (UInt64(1) << UInt64(bit & 63)) != 0
    }

    /// The bit of `id` in the bitmaps, if it is not below their range.
    @inline(__always)
    private func offset(of id: Int64) -> Int? {
        let (offset, overflow) = id.subtractingReportingOverflow(base)
        return overflow || offset < 0 ? nil : Int(offset)
    }

    /// Widens the bitmaps' range to hold `id`; false when the range would get too sparse to pay.
    private mutating func makeRoom(for id: Int64) -> Bool {
        if wordCount > 0, let offset = offset(of: id), offset / 64 < wordCount { return true }
        let low = wordCount == 0 ? id : min(base, id)
        let (top, topOverflow) = base.addingReportingOverflow(Int64(wordCount) * 64 - 1)
        let high = wordCount == 0 ? id : max(top, id)
        let (span, overflow) = high.subtractingReportingOverflow(low & ~63)
        // A bit per id pays while ids fill at least 1/64 of their range (the bitmap is then no
        // bigger than a hash set of the same keys), or while it is small anyway.
        guard !topOverflow, !overflow, span < max(Int64(count) * 64, 1 << 24) else { return false }
        let newBase = low & ~63
        let needed = Int(span / 64) + 1
        let newCount = needed + needed / 4
        let shift = wordCount == 0 ? 0 : Int((base - newBase) / 64)
        for index in bitmaps!.indices {
            var grown = [UInt64](repeating: 0, count: newCount)
            for (offset, word) in bitmaps![index].enumerated() where word != 0 { grown[offset + shift] = word }
            bitmaps![index] = grown
        }
        base = newBase
        wordCount = newCount
        return true
    }

    private mutating func switchToSparse() {
        guard let bitmaps else { return }
        sparse = SparseKeys(capacity: max(count * 2, expectedCount))
        for (certifier, words) in bitmaps.enumerated() {
            for (index, word) in words.enumerated() where word != 0 {
                var remaining = word
                while remaining != 0 {
                    let bit = remaining.trailingZeroBitCount
                    _ = sparse.insert(certifier: UInt8(certifier), id: base + Int64(index * 64 + bit))
                    remaining &= remaining - 1
                }
            }
        }
        self.bitmaps = nil
    }
}

/// An open-addressing hash set of (certifier, id) keys in two flat arrays: no `Hasher`, and a
/// rehash that moves two arrays instead of re-hashing through the standard library (hashed
/// dossier numbers are already random bits, so a multiply-shift spreads them). Empty slots hold
/// `Int64.min` in `ids` (no pathway id is: harmonised ids are positive, hashed ones 63-bit), so a
/// probe touches one array unless the id matches.
///
/// The slots live in `HugePageBuffer`s (2 MB pages: a probe is a cache miss, not also a TLB miss
/// and a page fault). They are shared by copies of the set: the set is not copied while it is
/// filled (the ingest keeps one).
private struct SparseKeys {
    private static let empty = Int64.min
    private var ids: HugePageBuffer<Int64>
    /// The certifier of each slot — kept only once two certifiers were seen: a raw file has one
    /// (its mapping's), and an insert then touches one cache line instead of two.
    private var certifiers: HugePageBuffer<UInt8>?
    /// The certifier of every key so far while there is only one (nil before the first key).
    private var soleCertifier: UInt8?
    private var count = 0
    private let mask: Int

    init(capacity: Int = 1 << 16) {
        var size = 1 << 16
        while size < capacity * 2 { size <<= 1 }
        ids = HugePageBuffer(repeating: Self.empty, count: size)
        mask = size - 1
    }

    @inline(__always)
    private func slot(_ certifier: UInt8, _ id: Int64) -> Int {
        let mixed = (UInt64(bitPattern: id) ^ UInt64(certifier) &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: mixed >> 20) & mask
    }

    /// Whether `certifier` is the only one seen (no certifier slots to look at).
    @inline(__always)
    private mutating func isSole(_ certifier: UInt8) -> Bool {
        guard certifiers == nil else { return false }
        if soleCertifier == nil { soleCertifier = certifier }
        if soleCertifier == certifier { return true }
        // A second certifier: from now on every slot says whose key it holds.
        let table = HugePageBuffer(repeating: UInt8(0), count: ids.buffer.count)
        for index in ids.buffer.indices where ids.buffer[index] != Self.empty { table.buffer[index] = soleCertifier! }
        certifiers = table
        return false
    }

    mutating func insert(certifier: UInt8, id: Int64) -> Bool {
        precondition(id != Self.empty, "Int64.min is not a pathway id")
        if (count + 1) * 2 > ids.buffer.count { grow() }
        let ids = ids.buffer
        var index = slot(certifier, id)
        if isSole(certifier) {
            while ids[index] != Self.empty {
                if ids[index] == id { return false }
                index = (index + 1) & mask
            }
            ids[index] = id
        } else {
            let certifiers = certifiers!.buffer
            while ids[index] != Self.empty {
                if ids[index] == id && certifiers[index] == certifier { return false }
                index = (index + 1) & mask
            }
            ids[index] = id
            certifiers[index] = certifier
        }
        count += 1
        return true
    }

    /// Loads the first slot of each key (a prefetch by hand: the values are not used).
    func touch(_ certifiers: ArraySlice<UInt32>, _ keys: ArraySlice<Int64>) {
        var sink: Int64 = 0
        let table = ids.buffer
        for (certifier, id) in zip(certifiers, keys) { sink &+= table[slot(UInt8(truncatingIfNeeded: certifier), id)] }
        blackHole(sink)
    }

    func contains(certifier: UInt8, id: Int64) -> Bool {
        let ids = ids.buffer
        var index = slot(certifier, id)
        while ids[index] != Self.empty {
            if ids[index] == id && (certifiers.map { $0.buffer[index] == certifier } ?? (soleCertifier == certifier)) { return true }
            index = (index + 1) & mask
        }
        return false
    }

    private mutating func grow() {
        let old = (ids.buffer, certifiers?.buffer, soleCertifier, ids, certifiers)  // the last two keep the buffers alive
        self = SparseKeys(capacity: old.0.count)
        for index in old.0.indices where old.0[index] != Self.empty {
            _ = insert(certifier: old.1?[index] ?? old.2!, id: old.0[index])
        }
        withExtendedLifetime(old) {}
    }
}

/// Keeps a value alive so the optimiser does not drop the loads that produced it.
@inline(never)
private func blackHole(_ value: Int64) {
    withExtendedLifetime(value) {}
}
