import ArgumentParser
import Bench
import Foundation
import Indicators
import Query

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark Parcours beside SQLite (in process, same data, same run).",
        discussion: """
            Suites: storage (append, column scans, beside SQLite), ingest (certifier files into a store: harmonised \
            on one thread and on every core, raw files through their mappings with pseudonymisation; \
            Benchmarks/peers/compare.sh adds DuckDB, Polars and DataFusion on the same files), query (the SQL files \
            of Benchmarks/queries on one thread and on every core, beside SQLite; compare.sh adds DuckDB), indicators \
            (the whole annual indicator set, beside DuckDB running the same SQL files in the same run). \
            Build with `swift build -c release` before timing.
            """)

    @Argument(help: "The suite to run: storage, ingest, query or indicators.")
    var suite: String

    @Option(help: "ingest: a folder `parcours generate` wrote, to load instead of generating --rows pathways.")
    var files: String?

    @Flag(help: "ingest: also load the raw files as .xlsx workbooks, beside the same rows as CSV, on one thread (generated with --xlsx, or found in --files).")
    var xlsx = false

    @Option(help: "ingest: the folder of the raw styles' mapping files.")
    var mappings = "mappings"

    @Option(help: "query, indicators: an existing store to query instead of generating --rows pathways.")
    var store: String?

    @Option(help: "query: the folder of the suite's SQL files.")
    var queries = "Benchmarks/queries"

    @Flag(name: .customLong("no-sqlite"), help: "query: skip SQLite (loading 10M rows into it takes minutes).")
    var noSQLite = false

    @Option(help: "indicators: the harmonised CSV holding the --store's rows, for DuckDB.")
    var csv: String?

    @Option(help: "indicators: the year published (default: the latest full year of the store).")
    var year: Int?

    @Flag(name: .customLong("no-duckdb"), help: "indicators: do not run DuckDB beside Parcours.")
    var noDuckDB = false

    @Option(help: "indicators: the folder of the DuckDB peer scripts.")
    var peers = "Benchmarks/peers"

    @Option(name: .customLong("duckdb-dir"), help: "indicators: keep DuckDB's copy of the rows here for later runs (default: the work folder).")
    var duckdbDirectory: String?

    @Option(help: "Pathways to generate for the run.")
    var rows: Int = 1_000_000

    @Option(help: "Timed runs per case (after one warm-up).")
    var runs: Int = 5

    @Option(help: "Seed of the generated data.")
    var seed: UInt64 = 1

    @Option(help: "Folder for the stores the benchmark writes: a new or empty folder; what the run writes in it is removed afterwards (a folder it created, too).")
    var work: String?

    @Option(help: "Also write the results as JSON to this file.")
    var json: String?

    func validate() throws {
        guard ["storage", "ingest", "query", "indicators"].contains(suite) else {
            throw ValidationError("unknown suite '\(suite)'; suites: storage, ingest, query, indicators")
        }
        if suite == "indicators", store != nil, csv == nil, !noDuckDB {
            throw ValidationError("with --store, give --csv (the same rows, for DuckDB) or --no-duckdb")
        }
        guard rows > 0, runs > 0 else { throw ValidationError("--rows and --runs must be positive") }
    }

    func run() throws {
        let workspace = try BenchWorkspace(work)
        defer { workspace.clean() }
        let workDirectory = workspace.path
        var context = MachineContext.describe()
        context["suite"] = suite
        context["rows"] = files == nil ? String(rows) : "from \(files!)"
        context["runs"] = String(runs)
        context["seed"] = String(seed)
        for key in context.keys.sorted() { print("\(key): \(context[key]!)") }
        let log = { (message: String) in FileHandle.standardError.write(Data("bench: \(message)\n".utf8)) }
        let (cases, notes): ([BenchCase], [String: [String: Double]])
        var indicators: IndicatorSuite.Setup?
        switch suite {
        case "storage": (cases, notes) = try StorageSuite.cases(rows: rows, seed: seed, workDirectory: workDirectory, log: log)
        case "ingest":
            (cases, notes) = try IngestSuite.cases(files: files, rows: rows, seed: seed, mappings: mappings, workDirectory: workDirectory,
                                                   workbooks: xlsx, log: log)
        case "indicators":
            AllocatorTuning.keepFreedBlocks()
            let setup = try IndicatorSuite.setup(store: store, csv: csv, rows: rows, seed: seed, year: year, workDirectory: workDirectory, log: log)
            indicators = setup
            (cases, notes) = (setup.cases, [:])
        default:
            AllocatorTuning.keepFreedBlocks()
            (cases, notes) = try QuerySuite.cases(store: store, rows: rows, seed: seed, queries: queries, sqlite: !noSQLite,
                                                  workDirectory: workDirectory, log: log)
        }
        var runner = BenchRunner(runs: runs)
        runner.onResult = { log("\($0.name): parcours \(String(format: "%.4f", $0.parcours.median)) s") }
        let results = try runner.run(suite: suite, cases, notes: notes)
        print("")
        print(BenchReport.table(results))
        if let indicators, !noDuckDB, let csv = indicators.csv {
            let peer = try DuckDBIndicatorPeer.run(script: peers + "/indicator_peers.py", csv: csv, sql: try IndicatorSet.standardFolder().path,
                                                   year: indicators.year, runs: runs, workDirectory: duckdbDirectory ?? workDirectory, log: log)
            print("")
            print(DuckDBIndicatorPeer.comparison(results, peer))
            for (threads, seconds) in peer { context["duckdb_\(threads)_threads_median_s"] = String(seconds) }
        }
        if let json {
            try BenchReport.json(results, context: context).write(to: URL(fileURLWithPath: json))
            print("\nwrote \(json)")
        }
    }
}

/// Where a benchmark writes its stores: a folder it may empty afterwards. Never one that holds
/// something already — the run would remove files it did not write —, so a given `--work` must be
/// new or empty; afterwards the run removes what it wrote, and the folder itself only if it made it.
struct BenchWorkspace {
    let path: String
    private let created: Bool

    init(_ given: String?) throws {
        let manager = FileManager.default
        guard let given else {
            path = NSTemporaryDirectory() + "parcours-bench-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
            created = true
            return
        }
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: given, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ValidationError("--work \(Format.printable(given)) is a file, not a folder") }
            guard try manager.contentsOfDirectory(atPath: given).isEmpty else {
                throw ValidationError("--work \(Format.printable(given)) is not empty: give a new or empty folder (the run removes what it writes there)")
            }
            created = false
        } else {
            try manager.createDirectory(atPath: given, withIntermediateDirectories: true)
            created = true
        }
        path = given
    }

    /// Removes what the run wrote: the folder if the run made it, else only its contents.
    func clean() {
        let manager = FileManager.default
        if created {
            try? manager.removeItem(atPath: path)
        } else {
            for entry in (try? manager.contentsOfDirectory(atPath: path)) ?? [] { try? manager.removeItem(atPath: path + "/" + entry) }
        }
    }
}
