import Foundation
import Indicators
import Ingest
import Query
import Storage

/// The `indicators` suite: the whole annual indicator set over a pathways store — the five
/// families' queries alone (what DuckDB runs from the same SQL files), and the whole publication
/// (queries, suppression, CSV, JSON and HTML in memory) — on one thread and on every core.
/// `Benchmarks/peers/indicator_peers.py` times DuckDB on the same rows; `parcours bench indicators`
/// runs it in the same run when Python's duckdb is installed.
public enum IndicatorSuite {
    public struct Setup {
        public let cases: [BenchCase]
        /// The harmonised CSV holding the store's rows (for the DuckDB peer), when known.
        public let csv: String?
        public let year: Int
    }

    /// `store`: an existing store (its rows also in `csv` for DuckDB); when nil, `rows` pathways are
    /// generated and ingested into `workDirectory`. `year`: the year published (default: the
    /// latest full year of the store).
    public static func setup(store: String?, csv: String?, rows: Int, seed: UInt64, year: Int?, workDirectory: String,
                             log: (String) -> Void = { _ in }) throws -> Setup {
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        var csvPath = csv
        let path: String
        if let store {
            path = store
        } else {
            let directory = workDirectory + "/files"
            log("generating \(rows) pathways (seed \(seed))")
            _ = try SampleGenerator.run(GeneratorOptions(rows: rows, seed: seed), directory: directory, raw: false)
            path = workDirectory + "/store"
            try? FileManager.default.removeItem(atPath: path)
            log("ingesting them")
            _ = try FileIngest.run(file: directory + "/pathways.csv", into: try Store.create(at: path))
            csvPath = directory + "/pathways.csv"
        }
        let opened = try Store.open(at: path)
        let snapshot = try opened.snapshot()
        let sources = try PublicationSources.of(opened)
        let rowCount = try snapshot.table(PathwaySchema.tableName).rowCount
        let set = try IndicatorSet.standard()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let published = try year ?? IndicatorComputation(set: set, engine: QueryEngine(snapshot: snapshot)).latestFullYear()
        var cases: [BenchCase] = []
        for threads in cores > 1 ? [1, cores] : [1] {
            let computation = IndicatorComputation(set: set, engine: QueryEngine(snapshot: snapshot, threads: threads))
            let label = threads == 1 ? "1 thread" : "\(threads) threads"
            cases.append(BenchCase("annual set \(published), queries, \(label)", rows: rowCount, parcours: {
                _ = try computation.run(year: published)
            }))
            cases.append(BenchCase("annual set \(published), whole publication, \(label)", rows: rowCount, parcours: {
                let tables = try computation.run(year: published).map(\.table)
                let publication = Publication(tables: tables, year: published, snapshot: snapshot.id, threshold: 11, sources: sources)
                _ = (publication.csv(), publication.json(), Report(publication: publication, language: .fr).html())
            }))
        }
        return Setup(cases: cases, csv: csvPath, year: published)
    }
}
