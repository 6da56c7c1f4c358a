/// The pathways one ingest has seen, by key (certifier code of `PathwayCodes`, `pathway_id`): a second row with the same
/// key in the file is a duplicate, and stored rows with a key of the file are superseded.
///
/// Pathway ids are usually dense integers (a certifier's sequence), so they are kept as one bitmap
/// per certifier over the range seen — a bit per id, sequential memory, about 1 MB per 8 million
/// ids. When ids are sparse (hashed dossier numbers) the set switches to a hash set. Perfect
/// hashing when the key space is small, a hash table otherwise: the usual analytical-engine choice.
struct PathwayKeySet {
    private struct Key: Hashable {
        let certifier: UInt8
        let id: Int64
    }

    /// Dense form: bit (id − base) of `bitmaps[certifier]`; nil once switched to `sparse`.
    private var bitmaps: [[UInt64]]? = Array(repeating: [], count: PathwayCodes.certifiers.count)
    private var base: Int64 = 0
    /// Words in each bitmap (all have the same range).
    private var wordCount = 0
    private var sparse = Set<Key>()
    private(set) var count = 0

    /// Adds the key; false when it was already there.
    mutating func insert(certifier: UInt8, id: Int64) -> Bool {
        if bitmaps != nil && !makeRoom(for: id) { switchToSparse() }
        guard bitmaps != nil else {
            let inserted = sparse.insert(Key(certifier: certifier, id: id)).inserted
            if inserted { count += 1 }
            return inserted
        }
        let bit = offset(of: id)!
        let mask = UInt64(1) << UInt64(bit & 63)
        let word = bitmaps![Int(certifier)][bit >> 6]
        guard word & mask == 0 else { return false }
        bitmaps![Int(certifier)][bit >> 6] = word | mask
        count += 1
        return true
    }

    func contains(certifier: UInt8, id: Int64) -> Bool {
        guard let bitmaps else { return sparse.contains(Key(certifier: certifier, id: id)) }
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
        sparse.reserveCapacity(count * 2)
        for (certifier, words) in bitmaps.enumerated() {
            for (index, word) in words.enumerated() where word != 0 {
                var remaining = word
                while remaining != 0 {
                    let bit = remaining.trailingZeroBitCount
                    sparse.insert(Key(certifier: UInt8(certifier), id: base + Int64(index * 64 + bit)))
                    remaining &= remaining - 1
                }
            }
        }
        self.bitmaps = nil
    }
}
