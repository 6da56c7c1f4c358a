import CSHA256
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

    /// What one thread needs to compute pseudonyms quickly: the two SHA-256 states of HMAC with
    /// the key's pads already absorbed (RFC 2104: HMAC(K, m) = H(K⊕opad ‖ H(K⊕ipad ‖ m))), and a
    /// buffer for the message. A pseudonym is then two block compressions (`CSHA256`, on the
    /// processor's SHA extensions when it has them) with no allocation: through `HMAC<SHA256>`,
    /// whose digest contexts are allocated and copied per call, the HMAC took a third of a raw
    /// file's ingest. The known-answer tests check both give the same codes.
    struct Prepared {
        let inner: parcours_sha256_state
        let outer: parcours_sha256_state
        var message: [UInt8] = []
        /// The birth year of the identity last hashed (the row keeps it).
        var birthYear: Int16 = 0
    }

    func prepared() -> Prepared {
        var block = [UInt8](repeating: 0, count: SHA256.blockByteCount)
        key.key.withUnsafeBytes { secret in
            if secret.count > block.count {
                block.replaceSubrange(0..<SHA256.byteCount, with: Array(SHA256.hash(data: secret)))
            } else {
                block.replaceSubrange(0..<secret.count, with: secret)
            }
        }
        func absorbed(_ pad: UInt8) -> parcours_sha256_state {
            var state = parcours_sha256_initial()
            block.map { $0 ^ pad }.withUnsafeBufferPointer { parcours_sha256_compress(&state, $0.baseAddress, 1) }
            return state
        }
        var prepared = Prepared(inner: absorbed(0x36), outer: absorbed(0x5C))
        prepared.message.reserveCapacity(128)
        return prepared
    }

    /// The pseudonym of the message in `prepared` — "NAME|FIRST|YYYY-MM-DD", already folded.
    static func pseudonym(_ prepared: Prepared) -> UInt64 {
        withUnsafePointer(to: prepared.inner) { inner in
            withUnsafePointer(to: prepared.outer) { outer in
                prepared.message.withUnsafeBufferPointer { message in
                    parcours_hmac_sha256_prefix64(inner, outer, message.baseAddress, message.count)
                }
            }
        }
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

extension Pseudonymiser {
    /// Appends `YYYY-MM-DD` (the form the pseudonym's message uses) without making a `String`.
    static func appendISODate(_ date: (year: Int, month: Int, day: Int), to bytes: inout [UInt8]) {
        let zero = UInt8(ascii: "0")
        let year = date.year
        bytes.append(zero + UInt8(year / 1000 % 10))
        bytes.append(zero + UInt8(year / 100 % 10))
        bytes.append(zero + UInt8(year / 10 % 10))
        bytes.append(zero + UInt8(year % 10))
        bytes.append(UInt8(ascii: "-"))
        bytes.append(zero + UInt8(date.month / 10))
        bytes.append(zero + UInt8(date.month % 10))
        bytes.append(UInt8(ascii: "-"))
        bytes.append(zero + UInt8(date.day / 10))
        bytes.append(zero + UInt8(date.day % 10))
    }
}
