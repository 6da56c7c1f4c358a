import Foundation
import Ingest
import Storage

/// The `ingest` suite: load generated certifier files into a fresh store — the harmonised CSV on
/// one thread and on every core, and the three raw certifier files through their mappings with
/// pseudonymisation. DuckDB, Polars and DataFusion load the same files in `Benchmarks/peers/`.
public enum IngestSuite {
    /// A fixed key: benchmark stores are thrown away, and the same input gives the same store.
    static let key = try! PseudonymisationKey(bytes: Array("parcours bench key, not a secret!".utf8))

    /// `files`: a folder `parcours generate` wrote (`pathways.csv`, `raw/*.csv`), generated here
    /// with `rows` and `seed` when nil. `mappings`: the folder of the raw styles' mapping files.
    /// `workbooks`: also the raw files as `.xlsx` workbooks (`parcours generate --xlsx`), loaded on
    /// one thread beside the same rows as CSV on one thread.
    public static func cases(files: String?, rows: Int, seed: UInt64, mappings: String, workDirectory: String, workbooks: Bool = false,
                             log: (String) -> Void = { _ in }) throws -> (cases: [BenchCase], notes: [String: [String: Double]]) {
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let directory = files ?? workDirectory + "/files"
        if files == nil {
            log("generating \(rows) pathways (seed \(seed)) as harmonised and raw files")
            _ = try SampleGenerator.run(GeneratorOptions(rows: rows, seed: seed), directory: directory, workbooks: workbooks)
        }
        let harmonised = directory + "/pathways.csv"
        let raw = RawFileStyle.all.map { (file: directory + "/raw/\($0.name).csv", mapping: try? Mapping.load(path: mappings + "/\($0.name).json5")) }
        // Through symbolic links (a files folder may link to files elsewhere).
        func size(_ path: String) -> Int {
            let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            return (try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
        }
        func lines(_ path: String) throws -> Int {
            let reader = try CSVReader(path: path)
            return reader.file.bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } - 1
        }
        let harmonisedRows = try lines(harmonised)
        var cases: [BenchCase] = []
        var notes: [String: [String: Double]] = [:]

        func ingest(_ name: String, into path: String, files: [(file: String, mapping: Mapping?)], threads: Int) throws -> Int {
            try? FileManager.default.removeItem(atPath: path)
            let store = try Store.create(at: path)
            var options = IngestOptions()
            options.threads = threads
            var stored = 0
            for (file, mapping) in files {
                stored += try FileIngest.run(file: file, into: store, mapping: mapping, key: mapping == nil ? nil : key, options: options).rowsStored
            }
            return stored
        }
        func bytesPerRow(_ path: String, rows: Int) throws -> Double {
            let table = try Store.open(at: path).snapshot().table(PathwaySchema.tableName)
            return Double(table.segments.reduce(0) { $0 + $1.byteSize }) / Double(max(rows, 1))
        }

        let cores = ProcessInfo.processInfo.activeProcessorCount
        for threads in Set([1, cores]).sorted() {
            let name = "ingest harmonised CSV, \(threads) thread\(threads == 1 ? "" : "s")"
            let path = workDirectory + "/harmonised-\(threads)"
            cases.append(BenchCase(name, rows: harmonisedRows, bytes: size(harmonised), parcours: {
                _ = try ingest(name, into: path, files: [(harmonised, nil)], threads: threads)
            }))
        }
        if raw.allSatisfy({ $0.mapping != nil && FileManager.default.fileExists(atPath: $0.file) }) {
            let rawRows = try raw.reduce(0) { $0 + (try lines($1.file)) }
            let name = "ingest 3 raw certifier files (mappings, pseudonymised), \(cores) thread\(cores == 1 ? "" : "s")"
            cases.append(BenchCase(name, rows: rawRows, bytes: raw.reduce(0) { $0 + size($1.file) }, parcours: {
                _ = try ingest(name, into: workDirectory + "/raw", files: raw, threads: cores)
            }))
        } else {
            log("raw files or mappings missing (looked in \(directory)/raw and \(mappings)): raw case skipped")
        }
        let sheets = raw.map { (file: $0.file.replacingOccurrences(of: ".csv", with: ".xlsx"), mapping: $0.mapping) }
        if workbooks, raw.allSatisfy({ $0.mapping != nil }), sheets.allSatisfy({ FileManager.default.fileExists(atPath: $0.file) }) {
            let rawRows = try raw.reduce(0) { $0 + (try lines($1.file)) }
            cases.append(BenchCase("ingest 3 raw certifier files (CSV), 1 thread", rows: rawRows, bytes: raw.reduce(0) { $0 + size($1.file) },
                                   parcours: { _ = try ingest("raw csv", into: workDirectory + "/raw-csv-1", files: raw, threads: 1) }))
            cases.append(BenchCase("ingest the same rows as 3 .xlsx workbooks, 1 thread", rows: rawRows,
                                   bytes: sheets.reduce(0) { $0 + size($1.file) },
                                   parcours: { _ = try ingest("raw xlsx", into: workDirectory + "/raw-xlsx-1", files: sheets, threads: 1) }))
        } else if workbooks {
            log("workbooks missing (looked for \(directory)/raw/*.xlsx; `parcours generate --xlsx` writes them): workbook cases skipped")
        }
        // Bytes/row of the harmonised store, measured once after a load outside the timings.
        let probe = workDirectory + "/probe"
        let stored = try ingest("probe", into: probe, files: [(harmonised, nil)], threads: cores)
        notes[cases[0].name] = ["B/row": try bytesPerRow(probe, rows: stored)]
        try? FileManager.default.removeItem(atPath: probe)
        return (cases, notes)
    }
}
