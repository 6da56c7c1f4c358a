import Crypto
import Foundation
import Storage

/// The observatory's secret key for candidate pseudonyms. It is read from a file or from the
/// `PARCOURS_KEY` environment variable, kept in memory only, and never written to the store, the
/// rejects, the logs or any output: the catalog keeps its `fingerprint`, which reveals nothing of it.
///
/// Invariant: at least 16 bytes (32 random bytes recommended: `head -c 32 /dev/urandom > key`).
public struct PseudonymisationKey: Sendable {
    public static let environmentVariable = "PARCOURS_KEY"
    public static let minimumBytes = 16

    /// The secret itself; `SymmetricKey` is built from it where needed (it is not `Sendable`).
    private let secret: [UInt8]

    var key: SymmetricKey { SymmetricKey(data: secret) }

    public init(bytes: [UInt8]) throws(PrivacyError) {
        guard bytes.count >= Self.minimumBytes else { throw .keyTooShort(bytes: bytes.count, minimum: Self.minimumBytes) }
        secret = bytes
    }

    /// A key file holds a few dozen bytes; anything this large is not one.
    public static let maximumFileBytes = 4096

    /// The key in a file (a trailing line end is not part of it).
    public init(file: String) throws(PrivacyError) {
        var bytes: [UInt8]
        do throws(StorageError) {
            bytes = try RegularFile.read(file, maximumBytes: Self.maximumFileBytes)
        } catch {
            throw .keyFileUnreadable(path: file, reason: error.description)
        }
        while let last = bytes.last, last == 10 || last == 13 { bytes.removeLast() }
        try self.init(bytes: bytes)
    }

    /// Why this key is too weak to protect identities, or nil when it is not: a key anyone could
    /// guess lets anyone recompute pseudonyms from names. Weak: all bytes equal, fewer than 8
    /// distinct bytes, or printable text shorter than 32 characters (a password, not a key).
    public var weakness: String? {
        let distinct = Set(secret).count
        if distinct == 1 { return "its \(secret.count) bytes are all the same" }
        if distinct < Self.minimumDistinctBytes { return "it has only \(distinct) distinct bytes" }
        if secret.allSatisfy({ (0x20...0x7E).contains($0) }) && secret.count < Self.minimumTextCharacters {
            return "it is text of \(secret.count) characters (a password, not a key)"
        }
        return nil
    }

    public static let minimumDistinctBytes = 8
    public static let minimumTextCharacters = 32
    /// How to make a good key, as messages say it.
    public static let howToMakeOne = "make one with `head -c 32 /dev/urandom > observatory.key` and keep it outside the store"

    /// The key in `PARCOURS_KEY`, or nil when the variable is not set.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(PrivacyError) -> PseudonymisationKey? {
        guard let value = environment[environmentVariable] else { return nil }
        return try PseudonymisationKey(bytes: Array(value.utf8))
    }

    /// The keyed hash that turns a certifier's pathway key (dossier number) into `pathway_id`; its
    /// 128-bit key is derived from this key, so ids are stable per observatory and secret.
    var pathwayKeyHash: SipHash24 {
        SipHash24(key: Array(HMAC<SHA256>.authenticationCode(for: Array("parcours pathway key v1".utf8), using: key).prefix(16)))
    }

    /// 16 hex digits that identify the key (an HMAC of a fixed text under it): batches under
    /// another key are refused by comparing fingerprints, without ever storing the key.
    public var fingerprint: String {
        let code = HMAC<SHA256>.authenticationCode(for: Array("parcours key fingerprint v1".utf8), using: key)
        return code.prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}

/// What can go wrong with the key or an identity, in words a user can act on.
public enum PrivacyError: Error, CustomStringConvertible, Equatable {
    case keyTooShort(bytes: Int, minimum: Int)
    case keyFileUnreadable(path: String, reason: String)
    case noKey
    case incompleteIdentity(missing: String)
    /// A new store refuses a key that is too easy to guess (`PseudonymisationKey.weakness`).
    case weakKey(reason: String)

    public var description: String {
        switch self {
        case .keyTooShort(let bytes, let minimum):
            "the pseudonymisation key has \(bytes) bytes; it needs at least \(minimum) (\(PseudonymisationKey.howToMakeOne))"
        case .keyFileUnreadable(let path, let reason):
            "cannot read the pseudonymisation key file \(path): \(reason)"
        case .weakKey(let reason):
            "the pseudonymisation key is too weak: \(reason); \(PseudonymisationKey.howToMakeOne)"
        case .noKey:
            "raw files carry identities: give the pseudonymisation key with --key-file FILE or the \(PseudonymisationKey.environmentVariable) environment variable"
        case .incompleteIdentity(let missing):
            "the identity lacks its \(missing)"
        }
    }
}
