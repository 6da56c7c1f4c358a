import CSHA256
import Crypto
import Foundation
import Bench
@testable import Ingest
import Storage
import Support
import Testing

@Suite("Pseudonymisation")
struct PseudonymiserTests {
    static let key = try! PseudonymisationKey(bytes: Array("0123456789abcdef0123456789abcdef".utf8))

    static func day(_ year: Int, _ month: Int, _ day: Int) -> Int32 {
        CivilDate(year: year, month: month, day: day).daysSinceEpoch
    }

    /// Known answers computed independently (Python's hmac module, same key and messages).
    @Test("HMAC-SHA256 of the normalised identity, first 64 bits, matches an independent computation")
    func knownAnswers() throws {
        let pseudonymiser = Pseudonymiser(key: Self.key)
        #expect(try pseudonymiser.pseudonym(birthName: "Lefèvre", firstName: "Hélène", birthDate: Self.day(1980, 3, 7)) == 0x43EC_311F_339A_9B4D)
        #expect(try pseudonymiser.pseudonym(birthName: "N'Diaye", firstName: "Jean-Noël", birthDate: Self.day(1975, 12, 31)) == 0x8B73_6C28_4F68_4A0D)
        #expect(try pseudonymiser.pseudonym(birthName: "Saint-Martin", firstName: "Œuvre", birthDate: Self.day(2001, 1, 1)) == 0xE4AE_3C5F_5798_A74B)
        #expect(Self.key.fingerprint == "70981025917018af")
    }

    @Test("spellings of the same person agree; another person, date or key does not")
    func normalisation() throws {
        let pseudonymiser = Pseudonymiser(key: Self.key)
        let birth = Self.day(1980, 3, 7)
        let reference = try pseudonymiser.pseudonym(birthName: "Lefèvre", firstName: "Hélène", birthDate: birth)
        for (name, first) in [("LEFEVRE", "HELENE"), ("le fèvre", "hélène"), (" Lefèvre ", "Hélène"), ("LEFÈVRE", "HÉLÈNE")] {
            #expect(try pseudonymiser.pseudonym(birthName: name, firstName: first, birthDate: birth) == reference, "\(name) \(first)")
        }
        #expect(Pseudonymiser.normalise("Jean-Noël") == Pseudonymiser.normalise("JEAN NOEL"))
        #expect(Pseudonymiser.normalise("d'Arcy") == "DARCY")
        #expect(try pseudonymiser.pseudonym(birthName: "Lefèvre", firstName: "Hélène", birthDate: birth + 1) != reference)
        #expect(try pseudonymiser.pseudonym(birthName: "Lefebvre", firstName: "Hélène", birthDate: birth) != reference)
        let other = Pseudonymiser(key: try PseudonymisationKey(bytes: Array("another key, sixteen bytes or more".utf8)))
        #expect(try other.pseudonym(birthName: "Lefèvre", firstName: "Hélène", birthDate: birth) != reference)
        #expect(throws: PrivacyError.incompleteIdentity(missing: "first name")) {
            try pseudonymiser.pseudonym(birthName: "Lefèvre", firstName: " - ", birthDate: birth)
        }
    }

    @Test("keys: too short is refused; from a file without its line end; from the environment")
    func keys() throws {
        #expect(throws: PrivacyError.keyTooShort(bytes: 5, minimum: 16)) { try PseudonymisationKey(bytes: Array("short".utf8)) }
        let path = NSTemporaryDirectory() + "parcours-key-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "0123456789abcdef0123456789abcdef\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try PseudonymisationKey(file: path).fingerprint == Self.key.fingerprint)
        #expect(try PseudonymisationKey.fromEnvironment([:]) == nil)
        #expect(try PseudonymisationKey.fromEnvironment(["PARCOURS_KEY": "0123456789abcdef0123456789abcdef"])?.fingerprint == Self.key.fingerprint)
        #expect(throws: PrivacyError.keyFileUnreadable(path: path + ".missing", reason: "no file \(path).missing")) {
            try PseudonymisationKey(file: path + ".missing")
        }
        // The fingerprint reveals nothing of the key.
        #expect(!Self.key.fingerprint.contains("0123456789abcdef"))
    }
}

@Suite("Pseudonymisation internals")
struct PseudonymisationInternalsTests {
    /// Letters French files hold, the Windows-1252 extras, separators, and a few characters
    /// outside both tables (which must send the fast path to the slow one).
    static let alphabet: [Character] = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -'.,éèêëàâäîïôöùûüçÉÈÊËÀÂÎÏÔÖÙÛÜÇæÆœŒšŠžŽÿŸñÑßøØåÅµªº’«»čłşŁ\u{301}")

    @Test("byte-level folding equals Pseudonymiser.normalise on random names, in UTF-8 and Windows-1252")
    func folding() {
        var rng = SplitMix64(seed: 17)
        var fastPaths = 0
        for _ in 0..<3_000 {
            let name = String((0..<Int(rng.next() % 14)).map { _ in Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))] })
            let slow = Pseudonymiser.normalise(name)
            for encoding in [CSVDialect.Encoding.utf8, .windows1252] {
                var bytes: [UInt8] = []
                if encoding == .utf8 { bytes = Array(name.utf8) } else { Windows1252.encode(name, into: &bytes) }
                // What a Windows-1252 file holds of the name is what its pseudonym is made of.
                let expected = encoding == .utf8 ? slow : Pseudonymiser.normalise(Windows1252.decode(bytes))
                var folded: [UInt8] = []
                if bytes.withUnsafeBytes({ IdentityFolding.fold($0, encoding: encoding, into: &folded) }) {
                    fastPaths += 1
                    #expect(String(decoding: folded, as: UTF8.self) == expected, "\(name) in \(encoding)")
                }
            }
        }
        #expect(fastPaths > 3_000, "most names take the fast path")
    }

    @Test("SipHash-2-4 matches the reference vectors")
    func sipHash() {
        let hash = SipHash24(key: Array(0..<16))
        let message = [UInt8](0..<64)
        let expected: [Int: UInt64] = [0: 0x726F_DB47_DD0E_0E31, 1: 0x74F8_39C5_93DC_67FD, 8: 0x93F5_F579_9A93_2462,
                                       15: 0xA129_CA61_49BE_45E5, 63: 0x958A_324C_EB06_4572]
        for (length, value) in expected {
            #expect(message[0..<length].withUnsafeBytes { hash.hash($0) } == value, "length \(length)")
        }
    }

    @Test("the key set agrees with a Set through dense, growing-down and sparse phases")
    func keySet() {
        var rng = SplitMix64(seed: 3)
        for phase in 0..<5 {
            var keys = PathwayKeySet()
            var reference = Set<[Int64]>()
            var recent: [Int64] = []
            // Past 32,768 sparse keys the hash set grows (rehashes) once.
            for step in 0..<(phase >= 2 ? 40_000 : 20_000) {
                var id: Int64
                switch phase {
                case 0: id = Int64(rng.next() % 30_000) + 1_000_000          // dense
                case 1: id = 5_000_000 - Int64(step) * 3 - Int64(rng.next() % 3)  // dense, growing downwards
                default: id = Int64(bitPattern: rng.next() >> 1) * (step % 2 == 0 ? 1 : -1)  // sparse, both signs
                }
                // Sparse ids seen again now and then: duplicates.
                if phase >= 2, !recent.isEmpty, rng.next() % 8 == 0 { id = recent[Int(rng.next() % UInt64(recent.count))] }
                if phase >= 2 { recent.append(id) }
                // Phases 3 and 4: one certifier (a raw file's), then in phase 4 a second one after
                // 12,000 keys, with ids the first one already had.
                let certifier = phase == 3 || (phase == 4 && step < 12_000) ? 5 : UInt8(rng.next() % 12)
                #expect(keys.insert(certifier: certifier, id: id) == reference.insert([Int64(certifier), id]).inserted)
            }
            #expect(keys.count == reference.count)
            for probe in reference.prefix(500) { #expect(keys.contains(certifier: UInt8(probe[0]), id: probe[1])) }
            #expect(!keys.contains(certifier: 0, id: Int64.min))
        }
    }
}

@Suite("Pseudonymisation fast path")
struct PseudonymisationFastPathTests {
    @Test("the prepared SHA-256 states give HMAC-SHA256's codes, for short and long keys and messages")
    func preparedEqualsHMAC() throws {
        var rng = SplitMix64(seed: 5)
        for keyLength in [16, 32, 63, 64, 65, 100] {
            let key = try PseudonymisationKey(bytes: (0..<keyLength).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            let pseudonymiser = Pseudonymiser(key: key)
            var prepared = pseudonymiser.prepared()
            for length in [0, 1, 20, 55, 56, 64, 119, 200] {
                prepared.message = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                let reference = HMAC<SHA256>.authenticationCode(for: prepared.message, using: key.key)
                    .prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                #expect(Pseudonymiser.pseudonym(prepared) == reference, "key \(keyLength) bytes, message \(length) bytes")
            }
        }
    }
}

@Suite("SHA-256 blocks (CSHA256)")
struct SHA256BlockTests {
    private static func digest(_ message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        message.withUnsafeBufferPointer { parcours_sha256_finish(parcours_sha256_initial(), 0, $0.baseAddress, $0.count, &digest) }
        return digest
    }

    @Test("FIPS 180-4 examples")
    func knownAnswers() {
        let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
        #expect(hex(Self.digest(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex(Self.digest([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(Self.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("every length from 0 to 300 bytes agrees with swift-crypto's SHA-256")
    func agreesWithSwiftCrypto() {
        var rng = SplitMix64(seed: 17)
        for length in 0...300 {
            let message = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            #expect(Self.digest(message) == Array(SHA256.hash(data: message)), "\(length) bytes")
        }
    }

    @Test("the processor's SHA extensions and the portable code give the same states",
          .enabled(if: parcours_sha256_uses_extensions() == 1, "this processor has no SHA extensions"))
    func extensionsEqualPortable() {
        var rng = SplitMix64(seed: 23)
        for blockCount in [1, 2, 3, 7, 16] {
            let blocks = (0..<(64 * blockCount)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            var state = parcours_sha256_state()
            withUnsafeMutableBytes(of: &state.words) { words in
                for index in 0..<32 { words[index] = UInt8(truncatingIfNeeded: rng.next()) }
            }
            var portable = state, extensions = state
            blocks.withUnsafeBufferPointer { parcours_sha256_compress_portable(&portable, $0.baseAddress, blockCount) }
            blocks.withUnsafeBufferPointer { parcours_sha256_compress_extensions(&extensions, $0.baseAddress, blockCount) }
            #expect(withUnsafeBytes(of: portable.words) { Array($0) } == withUnsafeBytes(of: extensions.words) { Array($0) },
                    "\(blockCount) blocks")
        }
    }
}
