import ArgumentParser
import Bench
import Foundation
import Query

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark Parcours beside SQLite (in process, same data, same run).",
        discussion: """
            Suites: storage (append, column scans, beside SQLite), ingest (certifier files into a store: harmonised \
            on one thread and on every core, raw files through their mappings with pseudonymisation; \
            Benchmarks/peers/compare.sh adds DuckDB, Polars and DataFusion on the same files), query (the SQL files \
            of Benchmarks/queries on one thread and on every core, beside SQLite; compare.sh adds DuckDB). \
            Build with `swift build -c release` before timing.
            """)

    @Argument(help: "The suite to run: storage, ingest or query.")
    var suite: String

    @Option(help: "ingest: a folder `parcours generate` wrote, to load instead of generating --rows pathways.")
    var files: String?

    @Option(help: "ingest: the folder of the raw styles' mapping files.")
    var mappings = "mappings"

    @Option(help: "query: an existing store to query instead of generating --rows pathways.")
    var store: String?

    @Option(help: "query: the folder of the suite's SQL files.")
    var queries = "Benchmarks/queries"

    @Flag(name: .customLong("no-sqlite"), help: "query: skip SQLite (loading 10M rows into it takes minutes).")
    var noSQLite = false

    @Option(help: "Pathways to generate for the run.")
    var rows: Int = 1_000_000

    @Option(help: "Timed runs per case (after one warm-up).")
    var runs: Int = 5

    @Option(help: "Seed of the generated data.")
    var seed: UInt64 = 1

    @Option(help: "Folder for the stores the benchmark writes (removed afterwards).")
    var work: String?

    @Option(help: "Also write the results as JSON to this file.")
    var json: String?

    func validate() throws {
        guard ["storage", "ingest", "query"].contains(suite) else {
            throw ValidationError("unknown suite '\(suite)'; suites: storage, ingest, query")
        }
        guard rows > 0, runs > 0 else { throw ValidationError("--rows and --runs must be positive") }
    }

    func run() throws {
        let workDirectory = work ?? NSTemporaryDirectory() + "parcours-bench-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        var context = MachineContext.describe()
        context["suite"] = suite
        context["rows"] = files == nil ? String(rows) : "from \(files!)"
        context["runs"] = String(runs)
        context["seed"] = String(seed)
        for key in context.keys.sorted() { print("\(key): \(context[key]!)") }
        let log = { (message: String) in FileHandle.standardError.write(Data("bench: \(message)\n".utf8)) }
        let (cases, notes): ([BenchCase], [String: [String: Double]])
        switch suite {
        case "storage": (cases, notes) = try StorageSuite.cases(rows: rows, seed: seed, workDirectory: workDirectory, log: log)
        case "ingest":
            (cases, notes) = try IngestSuite.cases(files: files, rows: rows, seed: seed, mappings: mappings, workDirectory: workDirectory, log: log)
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
        if let json {
            try BenchReport.json(results, context: context).write(to: URL(fileURLWithPath: json))
            print("\nwrote \(json)")
        }
    }
}
