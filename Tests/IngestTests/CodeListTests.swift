import Bench
@testable import Ingest
import Support
import Testing

@Suite("Code lists")
struct CodeListTests {
    static let lists = [PathwayCodes.certifiers, PathwayCodes.regions, PathwayCodes.departments, PathwayCodes.sexes,
                        PathwayCodes.employmentStatuses, PathwayCodes.fundings, PathwayCodes.outcomes]

    /// Matches `text` as a field in the middle of a buffer (word loads) and at its very end (byte loads).
    private static func match(_ list: CodeList, _ text: [UInt8]) -> (UInt8?, UInt8?) {
        let padded = text + Array(repeating: UInt8(ascii: ";"), count: 16)
        let middle = padded.withUnsafeBytes { bytes in
            list.match(UnsafeRawBufferPointer(rebasing: bytes.prefix(text.count)), readableEnd: bytes.baseAddress! + bytes.count)
        }
        let end = text.withUnsafeBytes { bytes in list.match(bytes, readableEnd: bytes.baseAddress! + bytes.count) }
        return (middle, end)
    }

    @Test("every code of every harmonised list is found at its index; near-misses are not found")
    func matches() {
        var rng = SplitMix64(seed: 41)
        for codes in Self.lists {
            let list = CodeList(codes)
            for (index, code) in codes.enumerated() {
                let found = Self.match(list, Array(code.utf8))
                #expect(found.0 == UInt8(index) && found.1 == UInt8(index), "\(code)")
                // One byte changed, one byte more, one byte less, lower case.
                var changed = Array(code.utf8)
                changed[Int(rng.next() % UInt64(changed.count))] ^= UInt8(1 + rng.next() % 127)
                var variants = [changed, Array(code.utf8) + [UInt8(ascii: "X")], Array(code.utf8.dropLast()), Array(code.lowercased().utf8)]
                variants.append(Array(repeating: UInt8(ascii: "A"), count: 17))
                for variant in variants where !codes.contains(String(decoding: variant, as: UTF8.self)) {
                    let missed = Self.match(list, variant)
                    #expect(missed.0 == nil && missed.1 == nil, "\(String(decoding: variant, as: UTF8.self)) is not a code of \(codes.prefix(3))")
                }
            }
            #expect(Self.match(list, []) == (nil, nil))
        }
    }

    @Test("random lists of up to 200 codes of 1 to 16 bytes get a collision-free table")
    func randomLists() {
        var rng = SplitMix64(seed: 43)
        for _ in 0..<50 {
            var codes = Set<String>()
            let size = 1 + Int(rng.next() % 200)
            while codes.count < size {
                let length = 1 + Int(rng.next() % 16)
                codes.insert(String(decoding: (0..<length).map { _ in UInt8(ascii: "A") + UInt8(rng.next() % 4) }, as: UTF8.self))
            }
            let list = CodeList(Array(codes))
            for (index, code) in codes.enumerated() {
                let found = Self.match(list, Array(code.utf8))
                #expect(found.0 == UInt8(index) && found.1 == UInt8(index), "\(code)")
            }
        }
    }

    @Test("certification codes: RNCP and digits, nothing else")
    func certificationCodes() {
        func check(_ text: String) -> Bool { Array(text.utf8).withUnsafeBytes { FieldParsing.isRNCPCode($0) } }
        for valid in ["RNCP1", "RNCP34168", "RNCP0000000000000001"] { #expect(check(valid), "\(valid)") }
        for invalid in ["", "RNCP", "RNC1", "rncp123", "RNCP12a", "XRNCP1", "RNCP 12", "RNCP-1", "RNCP1/", "RNCP1:", "RSCP12", "RNCP\u{00E9}"] {
            #expect(!check(invalid), "\(invalid)")
        }
    }
}

@Suite("Label tables")
struct LabelTableTests {
    @Test("every label, short or long, UTF-8 or Windows-1252, is found from the middle or the end of a buffer; folded spellings too")
    func labels() {
        var rng = SplitMix64(seed: 47)
        let list = ["NONE", "PARTIAL", "TOTAL"]
        let alphabet = Array("abcdeéèAZ -'ç".unicodeScalars)
        for encoding in [CSVDialect.Encoding.utf8, .windows1252] {
            for _ in 0..<20 {
                var labels: [String: String] = [:]
                while labels.count < 1 + Int(rng.next() % 30) {
                    let length = 1 + Int(rng.next() % 30)  // across the 16-byte word path
                    let label = String(String.UnicodeScalarView((0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }))
                    guard !label.hasPrefix(" ") && !label.hasSuffix(" ") else { continue }
                    labels[label] = list[Int(rng.next() % 3)]
                }
                let table = LabelTable(labels: labels, list: list, encoding: encoding)
                func bytes(_ text: String) -> [UInt8] {
                    var out: [UInt8] = []
                    if encoding == .utf8 { out = Array(text.utf8) } else { Windows1252.encode(text, into: &out) }
                    return out
                }
                func find(_ text: String) -> (UInt8?, UInt8?) {
                    let field = bytes(text), padded = field + Array(repeating: UInt8(ascii: ";"), count: 16)
                    let middle = padded.withUnsafeBytes { buffer in
                        table.lookup.code(UnsafeRawBufferPointer(rebasing: buffer.prefix(field.count)), encoding: encoding,
                                          readableEnd: buffer.baseAddress! + buffer.count)
                    }
                    return (middle, field.withUnsafeBytes { table.code($0, encoding: encoding) })
                }
                for (label, code) in labels {
                    // A label's meaning, unless folding makes two labels collide (then any of theirs).
                    let expected = UInt8(list.firstIndex(of: code)!)
                    let found = find(label)
                    #expect(found.0 == found.1 && found.0 != nil, "\(label)")
                    if labels.filter({ HeaderResolution.normalise($0.key) == HeaderResolution.normalise(label) }).count == 1 {
                        #expect(found.0 == expected, "\(label)")
                        #expect(find(label.uppercased()).0 == expected, "\(label) in upper case")
                    }
                }
                for code in list { #expect(find(code).0 == UInt8(list.firstIndex(of: code)!)) }
                #expect(find("#nothing like it#") == (nil, nil))
            }
        }
    }
}
