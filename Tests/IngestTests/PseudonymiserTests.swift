import Foundation
import Ingest
import Storage
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
        #expect(throws: PrivacyError.keyFileUnreadable(path: path + ".missing")) { try PseudonymisationKey(file: path + ".missing") }
        // The fingerprint reveals nothing of the key.
        #expect(!Self.key.fingerprint.contains("0123456789abcdef"))
    }
}
