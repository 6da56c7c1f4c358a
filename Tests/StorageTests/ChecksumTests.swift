import Testing
@testable import Storage

@Suite("Checksums")
struct ChecksumTests {
    /// Known answers from the xxHash reference implementation (XXH64, seed 0).
    @Test func knownAnswers() {
        #expect(Checksum.xxh64(Array("".utf8)) == 0xEF46_DB37_51D8_E999)
        #expect(Checksum.xxh64(Array("a".utf8)) == 0xD24E_C4F1_A98C_6E5B)
        #expect(Checksum.xxh64(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
        #expect(Checksum.xxh64(Array("Nobody inspects the spammish repetition".utf8)) == 0xFBCE_A83C_8A37_8BF1)
    }

    @Test func everySingleBitFlipChangesTheChecksum() {
        var rng = SeededGenerator(seed: 5)
        let data = (0..<300).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let original = Checksum.xxh64(data)
        for byte in data.indices {
            for bit in 0..<8 {
                var flipped = data
                flipped[byte] ^= UInt8(1) << UInt8(bit)
                #expect(Checksum.xxh64(flipped) != original)
            }
        }
    }
}

@Suite("Validity bitmaps")
struct ValidityBitmapTests {
    @Test("a slice has the bits of its range, re-based, and clear padding")
    func slices() {
        var rng = SeededGenerator(seed: 31)
        for _ in 0..<200 {
            let count = Int.random(in: 0...300, using: &rng)
            let bits = (0..<count).map { _ in Bool.random(using: &rng) }
            let bitmap = ValidityBitmap(bits)
            let start = Int.random(in: 0...count, using: &rng), end = Int.random(in: start...count, using: &rng)
            let slice = bitmap.slice(start..<end)
            #expect(slice == ValidityBitmap(Array(bits[start..<end])), "slice \(start)..<\(end) of \(count)")
        }
    }
}
