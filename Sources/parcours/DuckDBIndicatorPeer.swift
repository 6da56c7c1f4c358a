import ArgumentParser
import Bench
import Foundation

/// DuckDB running the indicator SQL files in the same benchmark run, through
/// `Benchmarks/peers/indicator_peers.py` (Python's duckdb; installed by it from PyPI if missing).
enum DuckDBIndicatorPeer {
    /// The median seconds of the whole annual set, by DuckDB thread count.
    static func run(script: String, csv: String, sql: String, year: Int, runs: Int, workDirectory: String,
                    log: (String) -> Void) throws -> [(threads: Int, seconds: Double)] {
        guard FileManager.default.fileExists(atPath: script) else {
            throw ValidationError("cannot find \(script) (run from the repository, pass --peers DIR, or --no-duckdb)")
        }
        let output = workDirectory + "/duckdb-indicators.json"
        log("DuckDB: loading \(csv) and running the indicator SQL files (\(runs) runs)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--csv", csv, "--sql", sql, "--year", String(year), "--runs", String(runs),
                             "--workdir", workDirectory, "--json", output]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("\(script) failed (exit \(process.terminationStatus))") }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any]
        let cases = json?["cases"] as? [[String: Any]] ?? []
        return cases.compactMap { item in
            guard let threads = item["threads"] as? Int, let median = item["median"] as? Double else { return nil }
            return (threads, median)
        }
    }

    /// Parcours's queries beside DuckDB's, thread count by thread count.
    static func comparison(_ results: [BenchResult], _ peer: [(threads: Int, seconds: Double)]) -> String {
        var lines = ["| threads | Parcours, queries | Parcours, whole publication | DuckDB, same SQL | DuckDB / Parcours queries |",
                     "|---:|---:|---:|---:|---:|"]
        for (threads, duckdb) in peer {
            let label = threads == 1 ? "1 thread" : "\(threads) threads"
            guard let queries = results.first(where: { $0.name.hasSuffix("queries, \(label)") })?.parcours.median,
                  let whole = results.first(where: { $0.name.hasSuffix("whole publication, \(label)") })?.parcours.median else { continue }
            lines.append(String(format: "| %d | %.1f ms | %.1f ms | %.1f ms | %.1fx |", threads, queries * 1000, whole * 1000, duckdb * 1000,
                                duckdb / queries))
        }
        return lines.joined(separator: "\n")
    }
}
