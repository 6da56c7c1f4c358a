/// Which key a store's pseudonyms may be made under. All batches share one key (mixing keys would
/// split every returning candidate in two): a file under another key than the store's is refused.
/// A weak key (`PseudonymisationKey.weakness`) is refused for a store that has no pseudonyms yet;
/// a store already fingerprinted under a weak key keeps working — changing the key now would
/// split every candidate — but every ingest warns, and docs/MAPPINGS.md says how to re-key (a new
/// store, every file ingested again under a new key).
enum KeyPolicy {
    /// Checks `key` against the store's batches; the warnings to print (none for a good key).
    static func check(_ key: PseudonymisationKey, against ledger: IngestLedger, file: String) throws -> [String] {
        let fingerprint = key.fingerprint
        let fingerprinted = try ledger.batches().compactMap(\.keyFingerprint)
        if let other = fingerprinted.last(where: { $0 != fingerprint }) {
            throw IngestError.keyMismatch(file: file, storeFingerprint: other, givenFingerprint: fingerprint)
        }
        guard let weakness = key.weakness else { return [] }
        guard !fingerprinted.isEmpty else { throw PrivacyError.weakKey(reason: weakness) }
        return ["the store's pseudonymisation key is weak (\(weakness)): anyone who guesses it can recompute pseudonyms from names; "
                + "re-key the store as docs/MAPPINGS.md explains (\"Changing the key\")"]
    }
}
