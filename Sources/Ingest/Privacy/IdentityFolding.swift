/// Folds identity text straight from a file's bytes (UTF-8 or Windows-1252) into the normalised
/// form `Pseudonymiser.normalise` gives, without making a `String` per field.
///
/// The table of what each character folds to is computed once *by* `Pseudonymiser.normalise`, one
/// character at a time, so both paths agree by construction (a property test checks whole names).
/// Characters outside Latin-1 and Windows-1252's extras (a combining accent, a Polish ł...) are
/// not in the table: `fold` then answers false and the caller folds the field as a `String`.
enum IdentityFolding {
    /// One character's folded UTF-8 bytes packed in a word: the byte count in the low byte, then
    /// up to seven bytes; `unknown` for a character the table does not cover.
    private static let unknown = UInt64.max

    /// By byte value: the folding of that byte read as Windows-1252.
    static let windows1252: [UInt64] = (0..<256).map { byte in
        let scalar = Windows1252.scalar(of: UInt8(byte))
        return scalar == 0xFFFD ? unknown : pack(scalar)
    }
    /// By scalar U+0000...U+00FF: its folding (the Latin-1 block, UTF-8's two-byte sequences).
    static let latin1: [UInt64] = (0..<256).map { pack(UInt32($0)) }
    /// The Windows-1252 extras above U+00FF (Œ œ Š š Ž ž Ÿ ƒ ...), by scalar.
    static let extras: [UInt32: UInt64] = Dictionary(uniqueKeysWithValues: Windows1252.high.filter { $0 > 0xFF && $0 != 0xFFFD }.map { ($0, pack($0)) })

    private static func pack(_ scalar: UInt32) -> UInt64 {
        let folded = Array(Pseudonymiser.normalise(String(Character(Unicode.Scalar(scalar)!))).utf8)
        precondition(folded.count <= 7, "a character folds to at most 7 bytes")
        return folded.enumerated().reduce(UInt64(folded.count)) { $0 | UInt64($1.element) << UInt64(8 * ($1.offset + 1)) }
    }

    /// Appends the folded form of `field` to `output`; false (output unspecified) when a character
    /// is not in the tables. The folded bytes are gathered in a scratch buffer on the stack and
    /// appended at once (one array append per field, not one per byte).
    static func fold(_ field: UnsafeRawBufferPointer, encoding: CSVDialect.Encoding, into output: inout [UInt8]) -> Bool {
        // A character folds to at most 7 bytes, and takes at least one byte of the field.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: field.count * 7 + 8) { scratch in
            var length = 0
            /// Stores a packed folding (all eight bytes: the spare ones are overwritten next).
            @inline(__always) func put(_ packed: UInt64) {
                UnsafeMutableRawPointer(scratch.baseAddress! + length).storeBytes(of: (packed >> 8).littleEndian, as: UInt64.self)
                length &+= Int(packed & 0xFF)
            }
            let known: Bool
            switch encoding {
            case .windows1252:
                known = windows1252.withUnsafeBufferPointer { table in
                    for byte in field {
                        let packed = table[Int(byte)]
                        guard packed != unknown else { return false }
                        put(packed)
                    }
                    return true
                }
            case .utf8:
                known = latin1.withUnsafeBufferPointer { table in
                    var index = 0
                    while index < field.count {
                        let lead = field[index]
                        if lead < 0x80 {
                            put(table[Int(lead)])
                            index += 1
                            continue
                        }
                        guard lead & 0xE0 == 0xC0, index + 1 < field.count, field[index + 1] & 0xC0 == 0x80 else { return false }
                        let scalar = UInt32(lead & 0x1F) << 6 | UInt32(field[index + 1] & 0x3F)
                        if scalar < 0x100 {
                            put(table[Int(scalar)])
                        } else if let packed = extras[scalar] {
                            put(packed)
                        } else {
                            return false
                        }
                        index += 2
                    }
                    return true
                }
            }
            if known { output.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[0..<length])) }
            return known
        }
    }
}
