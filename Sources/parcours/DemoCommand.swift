import ArgumentParser
import Bench
import Foundation
import Indicators
import Ingest
import Query
import Storage

/// The main job for a newcomer, in one command: generate a sample, ingest it pseudonymised,
/// publish the indicator set of the latest full year, and say where the report is.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a sample, ingest it, publish the indicators of the latest full year (CSV, JSON, HTML report).",
        discussion: """
            Writes DIR/files (harmonised rows and raw exports of three certifiers, with fake identities), DIR/demo.key \
            (a fixed demo key: a real observatory keeps a random key outside the store), DIR/store, DIR/report and \
            DIR/quality (each provider's data-quality page). \
            A DIR left by an earlier demo is replaced; any other non-empty DIR is refused.
            """)

    @Argument(help: "The demo folder.")
    var directory = "demo"

    @Option(help: "Number of pathways generated.")
    var rows = 1_000_000

    @Option(help: "The report's language: fr or en.")
    var lang = "fr"

    @Option(help: "Folder of the mapping files of the raw certifier formats (default: mappings/ here or beside the build).")
    var mappings: String?

    static let marker = ".parcours-demo"

    /// The organisations sending the three raw files (one per `RawFileStyle.all`), their delivery month and folder.
    static let providers: [(name: String, month: Int, folder: String)] = [
        ("DAVA Auvergne-Rhône-Alpes (Éducation nationale)", 3, "dava"),
        ("DREETS Auvergne-Rhône-Alpes (santé et social)", 2, "dreets"),
        ("DDETS du Rhône (titres professionnels)", 4, "ddets"),
    ]

    func run() throws {
        guard Language(rawValue: lang) != nil else { throw ValidationError("--lang takes fr or en") }
        guard rows > 0 else { throw ValidationError("--rows must be positive") }
        let mappingFolder = try mappings ?? DemoCommand.defaultMappings()
        let manager = FileManager.default
        let root = URL(fileURLWithPath: directory)
        if let existing = try? manager.contentsOfDirectory(atPath: directory), !existing.isEmpty {
            guard existing.contains(DemoCommand.marker) else {
                throw ValidationError("\(directory) is not empty and was not made by `parcours demo`: choose another folder")
            }
            try manager.removeItem(at: root)
        }
        try manager.createDirectory(at: root, withIntermediateDirectories: true)
        try Data().write(to: root.appendingPathComponent(DemoCommand.marker))
        let files = root.appendingPathComponent("files").path, store = root.appendingPathComponent("store").path
        let key = root.appendingPathComponent("demo.key").path
        let start = ContinuousClock.now

        step("1/5 generate \(Format.count(rows)) pathways: harmonised rows and three certifiers' raw exports")
        try run(GenerateCommand.self, ["--rows", String(rows), "--seed", "1", "--out", files, "--harmonised-others-only"])

        step("2/5 declare the three raw files' providers, ingest everything into \(store), pseudonymised with the demo key \(key)")
        try Data("parcours demo key: not a secret!".utf8).write(to: URL(fileURLWithPath: key))
        let extraction = GeneratorOptions(rows: rows, seed: 1).extractionDate.description
        // The generator draws pathways from every region: a national store.
        try run(InitCommand.self, [store, "--scope", "national"])
        try run(IngestCommand.self, [store, files + "/pathways.csv", "--extraction-date", extraction])
        for (style, provider) in zip(RawFileStyle.all, DemoCommand.providers) {
            try run(ProvidersCommand.Add.self, [store, provider.name, "--certifier", style.certifiers[0].rawValue,
                                                "--mapping", mappingFolder + "/\(style.name).json5", "--delivery-month", String(provider.month)])
            try run(IngestCommand.self, [store, files + "/raw/\(style.name).csv", "--provider", provider.name, "--key-file", key,
                                         "--extraction-date", extraction])
        }

        step("3/5 publish the indicator set of the latest full year: the regional edition of Auvergne-Rhône-Alpes "
             + "(the demo providers' region) with France beside it, and the national set")
        var options = PublicationFiles.Options()
        options.language = Language(rawValue: lang)!
        options.sources = try PublicationSources.of(Store.open(at: store))
        let storePath = store
        options.quality = { year in try PublicationSources.quality(Store.open(at: storePath), year: year) }
        AllocatorTuning.keepFreedBlocks()
        let report = root.appendingPathComponent("report").path
        let publishStart = ContinuousClock.now
        let national = try PublicationFiles.write(store: store, to: root.appendingPathComponent("report-france").path, options: options)
        IndicatorsCommand.report(national, elapsed: ContinuousClock.now - publishStart)
        options.region = Region(code: DemoCommand.region, departments: Departments.all.filter { $0.region == DemoCommand.region }.map(\.code))
        options.france = .sameStore // the demo store is national
        let regionalStart = ContinuousClock.now
        let summary = try PublicationFiles.write(store: store, to: report, options: options)
        IndicatorsCommand.report(summary, elapsed: ContinuousClock.now - regionalStart)

        step("4/5 write each provider's data-quality page")
        for provider in DemoCommand.providers {
            try run(QualityCommand.self, [store, "--provider", provider.name, "--out", root.appendingPathComponent("quality/\(provider.folder)").path])
        }

        step("5/5 done in \(Format.duration(ContinuousClock.now - start)); open the report:")
        let html = URL(fileURLWithPath: report).appendingPathComponent("report.html").standardizedFileURL
        print("  \(html.absoluteString)")
        print("  and a provider's data-quality page: \(root.appendingPathComponent("quality/\(DemoCommand.providers[0].folder)/quality.html").standardizedFileURL.absoluteString)")
        print("  then try: \(CommandLine.arguments[0]) query \(store) \"SELECT certifier, count(*) FROM pathways GROUP BY 1 ORDER BY 2 DESC\"")
    }

    /// The region of the demo's three data providers (Auvergne-Rhône-Alpes).
    static let region = "84"

    private func step(_ text: String) {
        print("\n== \(text)")
    }

    private func run<Command: ParsableCommand>(_ command: Command.Type, _ arguments: [String]) throws {
        var parsed = try command.parse(arguments)
        try parsed.run()
    }

    /// `mappings/` in the working folder, else in the checkout the running binary was built in.
    static func defaultMappings() throws -> String {
        var candidates = ["mappings"]
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            folder = folder.deletingLastPathComponent()
            candidates.append(folder.appendingPathComponent("mappings").path)
        }
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0 + "/educ-nat.json5") }) else {
            throw ValidationError("cannot find the mapping files (mappings/educ-nat.json5…): run from the Parcours folder or pass --mappings DIR")
        }
        return found
    }
}
