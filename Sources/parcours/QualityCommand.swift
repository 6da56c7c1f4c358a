import ArgumentParser
import Foundation
import Ingest
import Storage

/// `parcours quality`: the data-quality feedback a provider corrects its files from.
struct QualityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Write a printable data-quality page (quality.html) and the rejects to correct at the source (rejects.csv).",
        discussion: """
            Per batch and over the years: lines read, stored and rejected; rejects by reason with their line numbers; \
            each field's completeness compared with the store's other providers; stage dates out of order; duplicates; \
            lateness against the provider's delivery month. Values that could identify someone are described, never shown.
            """)

    @Argument(help: "The store folder.")
    var store: String

    @Option(help: "Only this provider's batches (see `parcours providers list`); default: every batch.")
    var provider: String?

    @Option(help: "Only the batches of this data year.")
    var year: Int?

    @Option(help: "The folder to write quality.html and rejects.csv into.")
    var out: String

    @Option(help: "The page's language: fr or en.")
    var lang = "fr"

    func validate() throws {
        guard QualityPage.Language(rawValue: lang) != nil else { throw ValidationError("--lang takes fr or en") }
    }

    func run() throws {
        let report = try QualityReport.build(IngestLedger(try Store.open(at: store)), provider: provider, year: year)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let page = QualityPage(report: report, language: QualityPage.Language(rawValue: lang) ?? .fr)
        let files = [("quality.html", page.html()), ("rejects.csv", RejectsCSV.document(report.rejects))]
        for (name, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out).appendingPathComponent(name), options: .atomic)
        }
        let rejected = report.batches.reduce(0) { $0 + $1.batch.rowsRejected }
        print("quality of \(Format.printable(report.scope))" + (year.map { ", data year \($0)" } ?? "") + ": \(report.batches.count) batches, "
              + "\(Format.count(rejected)) rejected lines")
        for (name, _) in files { print("  \(Format.printable(URL(fileURLWithPath: out).appendingPathComponent(name).path))") }
    }
}
