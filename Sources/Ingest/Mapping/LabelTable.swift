import Foundation

/// A code table for one field: a certifier's labels (as bytes in the file's encoding) → the
/// harmonised code's index in the field's sorted code list, plus the harmonised codes themselves. Looked up straight from field bytes:
/// an exact match costs a hash and a compare; otherwise the label is retried with case, accents
/// and spacing folded ("validation  TOTALE" finds "Validation totale"), the slow path for odd rows.
struct LabelTable: Sendable {
    private struct Entry: Sendable {
        let bytes: [UInt8]
        let code: UInt8
    }

    private let slots: [Entry?]
    private let mask: Int
    private let folded: [String: UInt8]

    /// `labels`: label → harmonised code (one of `list`, checked when the mapping was loaded);
    /// the codes of `list` are accepted as they are.
    init(labels: [String: String], list: [String], encoding: CSVDialect.Encoding) {
        var all: [(String, UInt8)] = list.enumerated().map { ($1, UInt8($0)) }
        all += labels.map { ($0.key, UInt8(list.firstIndex(of: $0.value)!)) }
        var size = 16
        while size < all.count * 4 { size <<= 1 }
        var slots = [Entry?](repeating: nil, count: size)
        var folded: [String: UInt8] = [:]
        for (label, code) in all.sorted(by: { $0.0 < $1.0 }) {
            var bytes: [UInt8] = []
            switch encoding {
            case .utf8: bytes = Array(label.utf8)
            case .windows1252: Windows1252.encode(label, into: &bytes)
            }
            var slot = bytes.withUnsafeBytes { Self.hash($0) } & (size - 1)
            while let entry = slots[slot], entry.bytes != bytes { slot = (slot + 1) & (size - 1) }
            slots[slot] = Entry(bytes: bytes, code: code)
            folded[HeaderResolution.normalise(label)] = code
        }
        self.slots = slots
        mask = size - 1
        self.folded = folded
    }

    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: hash >> 17)
    }

    /// The index of the harmonised code for `field` (its raw bytes in the file's encoding), or nil.
    func code(_ field: UnsafeRawBufferPointer, encoding: CSVDialect.Encoding) -> UInt8? {
        var slot = Self.hash(field) & mask
        while let entry = slots[slot] {
            if entry.bytes.count == field.count && entry.bytes.withUnsafeBytes({ $0.elementsEqual(field) }) { return entry.code }
            slot = (slot + 1) & mask
        }
        let text = encoding == .utf8 ? String(decoding: field, as: UTF8.self) : Windows1252.decode(field)
        return folded[HeaderResolution.normalise(text)]
    }
}
