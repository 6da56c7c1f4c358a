import ArgumentParser
import Ingest
import Storage

struct UpgradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Bring a store written by an older Parcours up to this version now (any ingest does it too).",
        discussion: """
            Upgrades the catalog and the ingest's ledger. Rejects recorded before the privacy rule, which could keep \
            names, birth dates or whole lines of a damaged file, are rewritten under it (a value is kept only when it \
            cannot identify anyone; otherwise what it looks like), then the catalog is compacted so that no freed page \
            or log frame keeps an old value. Readers never change a store: until it is upgraded, they show old \
            rejects under the rule.
            """)

    @Argument(help: "The store folder.")
    var store: String

    func run() throws {
        let opened = try Store.open(at: store, forWriting: true)
        let before = try opened.extensionVersion("ingest")
        let ledger = try IngestLedger(opened)
        print(before == ledger.version ? "\(Format.printable(store)) is up to date (ingest ledger version \(ledger.version))"
              : "upgraded \(Format.printable(store)): ingest ledger version \(before) → \(ledger.version); old rejects rewritten, catalog compacted")
    }
}
