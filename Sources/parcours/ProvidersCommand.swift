import ArgumentParser
import Foundation
import Ingest
import Storage

/// `parcours providers add|list|remove`: the organisations that send files, declared in the store.
struct ProvidersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "providers",
        abstract: "Declare, list and remove the data providers that send files (several may share one certifier).",
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Declare a provider, with the mapping its files are read through (kept in the store) and its delivery month.")

        @Argument(help: "The store folder (created if missing).")
        var store: String

        @Argument(help: "The provider's name, e.g. \"DAVA Auvergne-Rhône-Alpes\".")
        var name: String

        @Option(help: "The certifier code of its files (EDUC_NAT, SANTE_SOCIAL, TRAVAIL, SUP, ...).")
        var certifier: String

        @Option(help: "The mapping file (JSON5) its files are read through; its text is kept in the store.")
        var mapping: String

        @Option(help: "The month (1-12) it is expected to deliver each year's file in, the year after the data's year.")
        var deliveryMonth: Int?

        func validate() throws {
            if let deliveryMonth, !(1...12).contains(deliveryMonth) { throw ValidationError("--delivery-month takes 1 to 12") }
        }

        func run() throws {
            let opened = FileManager.default.fileExists(atPath: store) ? try Store.open(at: store, forWriting: true) : try Store.create(at: store)
            let provider = try IngestLedger(opened).addProvider(name: name, certifier: certifier, mapping: try Mapping.load(path: mapping),
                                                                deliveryMonth: deliveryMonth)
            print("declared provider \(Format.printable(provider.name)) (\(provider.certifier), mapping \(Format.printable(provider.mappingName ?? "-"))"
                  + (provider.deliveryMonth.map { ", delivers in month \($0)" } ?? "") + ")")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the store's providers.")

        @Argument(help: "The store folder.")
        var store: String

        @Flag(help: "Also list removed providers.")
        var all = false

        func run() throws {
            let ledger = try IngestLedger(try Store.open(at: store))
            let batches = Dictionary(grouping: try ledger.batches(), by: { $0.provider ?? -1 })
            print(TextTable(header: ["provider", "certifier", "mapping", "delivery month", "batches", "declared", "removed"],
                            rows: try ledger.providers(includingRemoved: all).map { provider in
                                [provider.name, provider.certifier, provider.mappingName ?? "", provider.deliveryMonth.map(String.init) ?? "",
                                 String(batches[provider.id]?.count ?? 0), provider.createdAt, provider.removedAt ?? ""]
                            }, rightAligned: [3, 4]).rendered)
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a provider: it takes no more files; its batches keep naming it.")

        @Argument(help: "The store folder.")
        var store: String

        @Argument(help: "The provider's name.")
        var name: String

        func run() throws {
            try IngestLedger(try Store.open(at: store, forWriting: true)).removeProvider(named: name)
            print("removed provider \(Format.printable(name))")
        }
    }
}
