import ArgumentParser
import Bench
import Foundation
import Storage
import Support

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate realistic synthetic pathways: the harmonised CSV, raw certifier files, and/or a store.",
        discussion: """
            Writes DIR/pathways.csv (harmonised format) and DIR/raw/{educ-nat,sante-social,travail}.csv \
            (certifier exports with fake identities and injected defects, listed in DIR/raw/defects.csv). \
            The same seed gives byte-identical files.
            """)

    @Option(help: "Number of pathways.")
    var rows: Int = 100_000

    @Option(help: "Seed of the random stream.")
    var seed: UInt64 = 1

    @Option(help: "Output folder for the CSV files.")
    var out: String?

    @Option(help: "Also load the pathways into this store (table `pathways`; created if missing).")
    var store: String?

    @Option(help: "First application year.")
    var firstYear: Int = 2015

    @Option(help: "Last application year.")
    var lastYear: Int = 2025

    @Option(help: "Share of raw-file rows given a defect.")
    var defectRate: Double = 0.01

    @Flag(help: "Do not write the raw certifier files.")
    var noRaw = false

    @Flag(help: "Also write the raw certifier files as .xlsx workbooks (DIR/raw/*.xlsx: the same rows and defects).")
    var xlsx = false

    @Flag(help: "Do not write the harmonised CSV.")
    var noHarmonised = false

    @Flag(help: "Leave out of the harmonised CSV the certifiers that have a raw file (to ingest both into one store).")
    var harmonisedOthersOnly = false

    func validate() throws {
        guard rows >= 0 else { throw ValidationError("--rows must be 0 or more") }
        guard firstYear <= lastYear else { throw ValidationError("--first-year must not be after --last-year") }
        guard (0...1).contains(defectRate) else { throw ValidationError("--defect-rate is a share between 0 and 1") }
        guard out != nil || store != nil else { throw ValidationError("give --out DIR, --store STORE, or both") }
        guard !xlsx || !noRaw else { throw ValidationError("--xlsx writes the raw files as workbooks too: it cannot go with --no-raw") }
    }

    func run() throws {
        let options = GeneratorOptions(rows: rows, seed: seed, firstYear: firstYear, lastYear: lastYear, defectRate: defectRate)
        let target = try store.map { path in
            FileManager.default.fileExists(atPath: path) ? try Store.open(at: path, forWriting: true) : try Store.create(at: path)
        }
        let summary = try SampleGenerator.run(
            options, directory: out, harmonised: !noHarmonised, raw: !noRaw, harmonisedOthersOnly: harmonisedOthersOnly, workbooks: xlsx, store: target,
            progress: ProgressReporter(label: "generate", total: rows))
        print("generated \(Format.count(summary.rows)) pathways (seed \(seed)) in "
              + String(format: "%.2f s, %@ rows/s", summary.seconds, Format.count(Int(Double(summary.rows) / max(summary.seconds, 1e-9)))))
        for file in summary.files {
            print("  \(file.path): \(Format.count(file.rows)) rows, \(Format.bytes(file.bytes))")
        }
        if !summary.defects.isEmpty {
            let list = summary.defects.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }
            print("  injected defects: " + list.joined(separator: ", "))
        }
        if let store { print("  stored \(Format.count(summary.rowsStored)) rows in \(store) (table pathways)") }
    }
}
