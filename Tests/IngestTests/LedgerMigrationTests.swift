import Foundation
@testable import Ingest
import Storage
import Testing

/// A store written by a Parcours from before the ledger's version 2 (commit 97608b8), whose rejects
/// kept raw values: five whole lines of identities swallowed by a stray quote, a birth name under
/// the level, a first name under the RNCP code, a birth date, a NIR, a phone, an address and a
/// postcode under stored fields (`scripts/make-old-store-fixture` made it). Opened by today's
/// code, no byte of it may keep any of them.
@Suite("Ingest ledger migration")
struct LedgerMigrationTests {
    static var fixture: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/store-before-ledger-v2").path
    }

    /// Every value of the damaged file's identity columns, in the forms a store could hold them.
    static func identities() throws -> Set<[UInt8]> {
        let text = try String(contentsOfFile: fixture + "/damaged-travail.csv", encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n")
        var lines = text.split(separator: "\n").map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) }
        let header = lines.removeFirst().map { $0.replacingOccurrences(of: "\u{FEFF}", with: "") }
        let columns = ["NIR", "Nom", "Prénom", "Date naissance", "Adresse", "Code postal", "Téléphone"].compactMap { header.firstIndex(of: $0) }
        #expect(columns.count == 7)
        var values = Set<[UInt8]>()
        for line in lines where line.count == header.count {
            for column in columns {
                let value = line[column].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
                if value.count >= 5 { values.insert(Array(value.utf8)) }
            }
        }
        return values
    }

    /// Identity values in any byte of any file of `store`: in the catalog and its log, every value
    /// of five bytes and more that is not only digits (a postcode's digits can be those of a
    /// stored RNCP code); in the compressed segments, values of eight bytes and more (shorter ones
    /// can occur in binary data by chance).
    static func leaks(_ store: String, _ identities: Set<[UInt8]>) -> [String] {
        var found: [String] = []
        let words = identities.filter { value in value.count >= 5 && !value.allSatisfy { (0x30...0x39).contains($0) } }
        for file in FileManager.default.enumerator(atPath: store)?.compactMap({ $0 as? String }) ?? [] {
            let bytes = FileManager.default.contents(atPath: store + "/" + file).map(Array.init) ?? []
            let segment = file.hasPrefix("segments/")
            found += PrivacyScan.occurrences(of: segment ? identities : words, minimum: segment ? 8 : 5, in: bytes)
                .map { "\(file): \(String(decoding: $0, as: UTF8.self))" }
        }
        return found
    }

    static func copyOfFixture(_ name: String) throws -> String {
        let directory = HarmonisedIngestTests.directory(name)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = directory + "/store"
        try FileManager.default.copyItem(atPath: fixture, toPath: store)
        try FileManager.default.removeItem(atPath: store + "/damaged-travail.csv")
        return store
    }

    @Test("an old store's rejects are rewritten under the rule, its freed pages and log wiped: no identity left in any byte")
    func migrationWipesIdentities() throws {
        let identities = try Self.identities()
        #expect(identities.count > 200)
        let store = try Self.copyOfFixture("ledger-migration")
        defer { try? FileManager.default.removeItem(atPath: (store as NSString).deletingLastPathComponent) }
        // Control: the old store does hold identities, in its rejects.
        let before = Self.leaks(store, identities)
        #expect(before.count >= 8, "the fixture keeps identities: \(before.prefix(3))")
        // Read-only (a reader must not write): shown under the rule, not as stored.
        let reader = try IngestLedger(try Store.open(at: store))
        #expect(reader.version == 0)
        let shown = try reader.rejects().map(\.row)
        #expect(shown.count == 8)
        for row in shown {
            for text in [row.value, row.valueDescription].compactMap({ $0 }) {
                #expect(!identities.contains(Array(text.utf8)) && PrivacyScan.occurrences(of: identities, minimum: 8, in: Array(text.utf8)).isEmpty,
                        "shown: \(text.prefix(40))")
            }
        }
        let printed = try PrivacyScan.parcours(["rejects", store, "--limit", "0"])
        let printedIdentities = PrivacyScan.printed(printed.output, identities: identities, directory: store)
        #expect(printed.status == 0 && printedIdentities.isEmpty, "parcours rejects on the old store printed \(printedIdentities)")
        #expect(Self.leaks(store, identities).count == before.count, "reading changed nothing")
        // Opened for writing: migrated, compacted.
        let ledger = try IngestLedger(try Store.open(at: store, forWriting: true))
        #expect(ledger.version == 2)
        let after = Self.leaks(store, identities)
        #expect(after.isEmpty, "\(after.prefix(5))")
        let rewritten = try ledger.rejects().map(\.row)
        #expect(rewritten.count == shown.count && rewritten == shown, "the rewritten rejects are those shown before")
        #expect(rewritten.contains { $0.value == nil && $0.valueDescription != nil }, "withheld values are described")
        let batch = try #require(try ledger.batches().first)
        #expect(batch.rowsRead == batch.rowsStored + batch.rowsRejected && batch.linesRead == nil)
        #expect(try ledger.store.verify().isHealthy)
    }
}
