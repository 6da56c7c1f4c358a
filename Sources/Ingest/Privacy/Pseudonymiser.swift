import Crypto
import Foundation
import Storage

/// Computes candidate pseudonyms: HMAC-SHA256, under the observatory's key, of the normalised
/// identity (birth name, first name, birth date), kept to 64 bits.
///
/// A plain hash would not do: anyone could hash candidate names and compare. Normalisation makes
/// the same person get the same pseudonym across certifiers' spellings: "Lefèvre", "LEFEVRE" and
/// "le fèvre" agree, as do "Jean-Noël" and "JEAN NOEL".
public struct Pseudonymiser: Sendable {
    public let key: PseudonymisationKey

    public init(key: PseudonymisationKey) {
        self.key = key
    }

    /// The 64-bit pseudonym of an identity; the birth date is days since 1970-01-01.
    public func pseudonym(birthName: String, firstName: String, birthDate: Int32) throws(PrivacyError) -> UInt64 {
        let name = Self.normalise(birthName), first = Self.normalise(firstName)
        guard !name.isEmpty else { throw .incompleteIdentity(missing: "birth name") }
        guard !first.isEmpty else { throw .incompleteIdentity(missing: "first name") }
        let message = Array("\(name)|\(first)|\(CivilDate(daysSinceEpoch: birthDate))".utf8)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: key.key)
        return code.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Upper case, accents and ligatures folded, everything but letters and digits removed
    /// (spaces, hyphens, apostrophes, dots).
    public static func normalise(_ text: String) -> String {
        let unligatured = text.replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "Œ", with: "OE")
            .replacingOccurrences(of: "æ", with: "ae").replacingOccurrences(of: "Æ", with: "AE")
        let folded = unligatured.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
            .uppercased()
        return String(String.UnicodeScalarView(folded.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
    }
}
