import ArgumentParser
import Bench
import Foundation
import Indicators
import Ingest
import Query
import Storage

struct IndicatorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators",
        abstract: "Compute the annual indicator set and publish it (CSV, JSON, XLSX, HTML report, PDF with --pdf), small cells suppressed.",
        discussion: """
            The indicator families are SQL files shipped with Parcours (they also run unchanged in DuckDB).
            Counts below --min-cell, and rates whose numerator or denominator is below it, are suppressed;
            secondary suppression keeps them from being recomputed from totals. The same snapshot gives
            byte-identical files.
            """)

    @Argument(help: "The store folder.")
    var store: String

    @Option(help: "The year published (default: the latest year the store covers in full).")
    var year: Int?

    @Option(help: "The folder the publication is written to.")
    var out: String

    @Option(name: .customLong("min-cell"), help: "Counts below this are suppressed.")
    var minCell = 11

    @Option(name: .customLong("as-of"), help: "Read this older snapshot (see `parcours log`).")
    var asOf: Int64?

    @Option(help: "The report's language: fr or en.")
    var lang = "fr"

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(help: ArgumentHelp("A regional edition: only the pathways of this region's departments (INSEE region code, e.g. 84), with France beside them.", valueName: "code"))
    var region: String?

    @Option(help: ArgumentHelp("The France figures of a regional edition from this published national indicators.json (needed unless the store is declared national: parcours init --scope national).", valueName: "file"))
    var france: String?

    @Flag(help: "Also print the report to report.pdf with headless Chromium.")
    var pdf = false

    @Option(help: ArgumentHelp("Run the indicator families of this folder (N_name.sql files, see docs/INDICATORS.md) instead of the shipped ones.", valueName: "dir"))
    var sql: String?

    func run() throws {
        guard let language = Language(rawValue: lang) else { throw ValidationError("--lang takes fr or en") }
        guard minCell >= 1 else { throw ValidationError("--min-cell must be at least 1") }
        var options = PublicationFiles.Options()
        options.year = year
        options.threshold = minCell
        options.asOf = asOf
        options.language = language
        options.threads = threads ?? QueryEngine.defaultThreads
        // The files the figures rest on, from the ingest's ledger (the report's sources and the
        // date the data were received).
        let opened = try Store.open(at: store)
        options.sources = try PublicationSources.of(opened)
        let storePath = store
        options.quality = { year in try PublicationSources.quality(Store.open(at: storePath), year: year) }
        if let region {
            guard Regions.codes.contains(region) else {
                throw CommandRefusal("--region takes an INSEE region code (\(Regions.codes.sorted().joined(separator: ", "))), not \(region)")
            }
            options.region = Region(code: region, departments: Departments.all.filter { $0.region == region }.map(\.code))
            if let france {
                options.france = .published(path: france)
            } else if try IngestLedger(opened).scope() == .national {
                options.france = .sameStore
            } else {
                throw CommandRefusal("--region shows France beside the region, but this store is not declared national "
                                      + "(parcours scope STORE national), so France cannot be computed from it: "
                                      + "give the published national set with --france indicators.json")
            }
        } else if france != nil {
            throw CommandRefusal("--france gives the national figures of a regional edition: use it with --region")
        }
        AllocatorTuning.keepFreedBlocks()
        let start = ContinuousClock.now
        let set = try sql.map { try IndicatorSet.load(from: URL(fileURLWithPath: $0)) }
        var summary = try PublicationFiles.write(store: store, to: out, options: options, set: set)
        if pdf {
            let file = URL(fileURLWithPath: out).appendingPathComponent("report.pdf").path
            try ReportPDF.print(URL(fileURLWithPath: out).appendingPathComponent("report.html").path, to: file)
            summary = PublicationFiles.Summary(publication: summary.publication, files: summary.files + [file], timings: summary.timings)
        }
        IndicatorsCommand.report(summary, elapsed: ContinuousClock.now - start)
    }

    static func report(_ summary: PublicationFiles.Summary, elapsed: Duration) {
        let publication = summary.publication
        let suppressed = publication.values.filter { $0.suppression != nil }.count
        print("indicators \(publication.year) from snapshot \(publication.snapshot): \(Format.count(publication.values.count)) values, "
              + "\(Format.count(suppressed)) suppressed (min cell \(publication.threshold)); "
              + summary.timings.map { "\($0.family) \(Format.duration($0.time))" }.joined(separator: ", ") + "; total \(Format.duration(elapsed))")
        for file in summary.files { print("  \(file)") }
    }
}
