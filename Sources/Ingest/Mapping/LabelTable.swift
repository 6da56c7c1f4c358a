import Foundation

/// A code table for one field: a certifier's labels (as bytes in the file's encoding) → the
/// harmonised code's index in the field's sorted code list, plus the harmonised codes themselves.
/// Looked up straight from field bytes: an exact match costs a hash and a compare over flat
/// buffers (no reference counting per lookup); otherwise the label is retried with case, accents
/// and spacing folded ("validation  TOTALE" finds "Validation totale"), the slow path for odd rows.
///
/// Immutable after `init`; the buffers it allocates are freed with it.
final class LabelTable: @unchecked Sendable {
    fileprivate struct Slot {
        /// A label of at most 16 bytes as two zero-padded little-endian words (compared as such).
        var low: UInt64 = 0, high: UInt64 = 0
        var start: UInt32 = 0
        var length: UInt16 = 0
        var code: UInt8 = 0
        var used = false
    }

    private let slots: UnsafeMutableBufferPointer<Slot>
    /// The labels' bytes, back to back.
    private let pool: UnsafeMutableBufferPointer<UInt8>
    private let mask: Int
    private let folded: [String: UInt8]

    /// `labels`: label → harmonised code (one of `list`, checked when the mapping was loaded);
    /// the codes of `list` are accepted as they are.
    init(labels: [String: String], list: [String], encoding: CSVDialect.Encoding) {
        var all: [(String, UInt8)] = list.enumerated().map { ($1, UInt8($0)) }
        all += labels.map { ($0.key, UInt8(list.firstIndex(of: $0.value)!)) }
        var size = 16
        while size < all.count * 4 { size <<= 1 }
        var encoded: [([UInt8], UInt8)] = []
        var folded: [String: UInt8] = [:]
        for (label, code) in all.sorted(by: { $0.0 < $1.0 }) {
            var bytes: [UInt8] = []
            switch encoding {
            case .utf8: bytes = Array(label.utf8)
            case .windows1252: Windows1252.encode(label, into: &bytes)
            }
            encoded.append((bytes, code))
            folded[HeaderResolution.normalise(label)] = code
        }
        slots = .allocate(capacity: size)
        slots.initialize(repeating: Slot())
        pool = .allocate(capacity: max(1, encoded.reduce(0) { $0 + $1.0.count }))
        mask = size - 1
        self.folded = folded
        var start = 0
        for (bytes, code) in encoded {
            _ = UnsafeMutableBufferPointer(rebasing: pool[start..<(start + bytes.count)]).initialize(from: bytes)
            let (low, high) = bytes.count <= 16 ? bytes.withUnsafeBytes { Self.words($0) } : (0, 0)
            let candidate = Slot(low: low, high: high, start: UInt32(start), length: UInt16(bytes.count), code: code, used: true)
            var slot = bytes.withUnsafeBytes { Self.hash($0, readableEnd: nil) } & mask
            while slots[slot].used && !Self.matches(slots[slot], bytes, pool) { slot = (slot + 1) & mask }
            // A label listed twice (a harmonised code also given as a label) keeps its last meaning.
            slots[slot] = candidate
            start += bytes.count
        }
    }

    deinit {
        slots.deallocate()
        pool.deallocate()
    }

    /// The bytes of a label of at most 16 bytes as two zero-padded words: two masked word loads
    /// when 16 bytes from its start are readable (before `readableEnd`), else a byte at a time.
    @inline(__always)
    fileprivate static func words(_ field: UnsafeRawBufferPointer, readableEnd: UnsafeRawPointer? = nil) -> (UInt64, UInt64) {
        let count = field.count
        if let start = field.baseAddress, let readableEnd, start + 16 <= readableEnd {
            var low = start.loadUnaligned(as: UInt64.self), high = start.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            if count < 8 {
                low &= (UInt64(1) << UInt64(count * 8)) &- 1
                high = 0
            } else if count < 16 {
                high &= (UInt64(1) << UInt64((count - 8) * 8)) &- 1
            }
            return (low, high)
        }
        var low: UInt64 = 0, high: UInt64 = 0
        for index in 0..<count {
            let byte = UInt64(field[index])
            if index < 8 { low |= byte << UInt64(index * 8) } else { high |= byte << UInt64((index - 8) * 8) }
        }
        return (low, high)
    }

    /// Labels are short ("VT", "Salarié"): up to 16 bytes they are hashed from their two words;
    /// longer ones eight bytes to a word, one multiply per word.
    @inline(__always)
    fileprivate static func hash(_ bytes: UnsafeRawBufferPointer, readableEnd: UnsafeRawPointer?) -> Int {
        if bytes.count <= 16 {
            let (low, high) = words(bytes, readableEnd: readableEnd)
            return wordHash(low, high, bytes.count)
        }
        var hash = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        var word: UInt64 = 0, shift: UInt64 = 0
        for byte in bytes {
            word |= UInt64(byte) << shift
            shift += 8
            if shift == 64 {
                hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
                word = 0
                shift = 0
            }
        }
        hash = (hash ^ word) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: hash >> 29)
    }

    @inline(__always)
    fileprivate static func wordHash(_ low: UInt64, _ high: UInt64, _ count: Int) -> Int {
        Int(truncatingIfNeeded: ((low ^ high &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)) &* 0x94D0_49BB_1331_11EB) >> 29)
    }

    @inline(__always)
    fileprivate static func matches(_ slot: Slot, _ field: some Collection<UInt8>, _ pool: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        Int(slot.length) == field.count
            && UnsafeBufferPointer(rebasing: pool[Int(slot.start)..<(Int(slot.start) + Int(slot.length))]).elementsEqual(field)
    }

    /// The index of the harmonised code for `field` (its raw bytes in the file's encoding), or nil.
    func code(_ field: UnsafeRawBufferPointer, encoding: CSVDialect.Encoding) -> UInt8? {
        lookup.code(field, encoding: encoding, readableEnd: nil)
    }

    fileprivate func foldedCode(_ field: UnsafeRawBufferPointer, encoding: CSVDialect.Encoding) -> UInt8? {
        let text = encoding == .utf8 ? String(decoding: field, as: UTF8.self) : Windows1252.decode(field)
        return folded[HeaderResolution.normalise(text)]
    }

    /// A view of the table that costs no reference counting to copy or use: the hot loops of
    /// several threads would otherwise contend on the table's reference count (measured: 15% of
    /// a raw ingest). Valid while the table lives; its owner keeps it.
    struct Lookup: @unchecked Sendable {
        fileprivate let slots: UnsafeMutableBufferPointer<Slot>
        fileprivate let pool: UnsafeMutableBufferPointer<UInt8>
        fileprivate let mask: Int
        unowned(unsafe) let table: LabelTable

        /// `readableEnd`: the end of the memory holding `field`, when it may be read past its end
        /// (the mapped file), so that a short label is read as two word loads.
        @inline(__always)
        func code(_ field: UnsafeRawBufferPointer, encoding: CSVDialect.Encoding, readableEnd: UnsafeRawPointer?) -> UInt8? {
            if field.count <= 16 {
                // Short labels: hashed and compared as two words.
                let (low, high) = LabelTable.words(field, readableEnd: readableEnd)
                var slot = LabelTable.wordHash(low, high, field.count) & mask
                while slots[slot].used {
                    let candidate = slots[slot]
                    if Int(candidate.length) == field.count && candidate.low == low && candidate.high == high { return candidate.code }
                    slot = (slot + 1) & mask
                }
                return table.foldedCode(field, encoding: encoding)
            }
            var slot = LabelTable.hash(field, readableEnd: nil) & mask
            while slots[slot].used {
                if LabelTable.matches(slots[slot], field, pool) { return slots[slot].code }
                slot = (slot + 1) & mask
            }
            return table.foldedCode(field, encoding: encoding)
        }
    }

    var lookup: Lookup { Lookup(slots: slots, pool: pool, mask: mask, table: self) }
}
