import Bench
@testable import Ingest
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
