import Foundation
import Ingest
import Query
import Storage

/// The `query` suite: the indicator-shaped SQL files of `Benchmarks/queries` over a pathways
/// store, on one thread and on every core, beside SQLite (in this process, the same rows; on one
/// thread) running the same SQL. `Benchmarks/peers/query_peers.py` adds DuckDB.
///
/// Before timing, each query's answer is checked against SQLite's (same rows, numbers to 1e-6
/// relative): a benchmark of wrong answers would be worthless.
public enum QuerySuite {
    /// `store`: an existing store with a `pathways` table; when nil, `rows` harmonised pathways
    /// are generated and ingested into `workDirectory`. `sqlite`: also load the rows into SQLite
    /// and time it (slow at 10M rows: minutes).
    public static func cases(store: String?, rows: Int, seed: UInt64, queries: String, sqlite: Bool, workDirectory: String,
                             log: (String) -> Void = { _ in }) throws -> (cases: [BenchCase], notes: [String: [String: Double]]) {
        guard let listing = try? FileManager.default.contentsOfDirectory(atPath: queries) else {
            throw BenchError.invalidArgument("cannot read the query folder \(queries) (--queries; run from the repository for Benchmarks/queries)")
        }
        let files = listing.filter { $0.hasSuffix(".sql") }.sorted()
        guard !files.isEmpty else { throw BenchError.invalidArgument("no .sql file in \(queries)") }
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let path = try store ?? generatedStore(rows: rows, seed: seed, workDirectory: workDirectory, log: log)
        let snapshot = try Store.open(at: path).snapshot()
        let table = try snapshot.table(PathwaySchema.tableName)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let single = QueryEngine(snapshot: snapshot, threads: 1)
        let parallel = QueryEngine(snapshot: snapshot, threads: cores)
        let peer = sqlite ? try loadSQLite(table, path: workDirectory + "/peer.sqlite", log: log) : nil

        var cases: [BenchCase] = []
        for file in files {
            let sql = try String(contentsOfFile: queries + "/" + file, encoding: .utf8)
            let name = String(file.dropLast(4))
            if let peer {
                try check(name, try single.query(sql), try peer.query(sqliteDialect(sql)))
            }
            cases.append(BenchCase("\(name), 1 thread", rows: table.rowCount, parcours: { _ = try single.query(sql) },
                                   sqlite: peer.map { peer in { _ = try peer.query(sqliteDialect(sql)) } }))
            if cores > 1 {
                cases.append(BenchCase("\(name), \(cores) threads", rows: table.rowCount, parcours: { _ = try parallel.query(sql) }))
            }
        }
        return (cases, [:])
    }

    private static func generatedStore(rows: Int, seed: UInt64, workDirectory: String, log: (String) -> Void) throws -> String {
        let directory = workDirectory + "/files"
        log("generating \(rows) pathways (seed \(seed))")
        _ = try SampleGenerator.run(GeneratorOptions(rows: rows, seed: seed), directory: directory, raw: false)
        let path = workDirectory + "/store"
        try? FileManager.default.removeItem(atPath: path)
        log("ingesting them")
        _ = try FileIngest.run(file: directory + "/pathways.csv", into: try Store.create(at: path), mapping: nil, key: nil,
                               options: IngestOptions())
        return path
    }

    /// The pathways in a SQLite file: dates as day numbers, booleans as 0/1 (SQLite's fastest forms).
    private static func loadSQLite(_ table: TableSnapshot, path: String, log: (String) -> Void) throws -> SQLitePeer {
        try? FileManager.default.removeItem(atPath: path)
        log("loading \(table.rowCount) rows into SQLite")
        let peer = try SQLitePeer(path: path)
        try peer.createTable(PathwaySchema.tableName, schema: table.schema)
        let all = Array(table.schema.columns.indices)
        for segment in table.segments where segment.liveRowCount > 0 {
            var columns = try table.read(segment, columns: all)
            if let deleted = segment.deleted, !deleted.isEmpty {
                columns = columns.map { $0.removing(rows: deleted.rows.map(Int.init)) }
            }
            try peer.insert(try ColumnBatch(columns), into: PathwaySchema.tableName)
        }
        peer.registerQuantiles()
        return peer
    }

    /// The suite's SQL for SQLite: DATE literals become day numbers, `year(d)` a strftime expression.
    static func sqliteDialect(_ sql: String) -> String {
        let text = sqliteDates(sql)
        let years = try! NSRegularExpression(pattern: "year\\(([a-z_]+)\\)")
        return years.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text),
                                              withTemplate: "CAST(strftime('%Y', $1 * 86400, 'unixepoch') AS INTEGER)")
    }

    /// `DATE 'YYYY-MM-DD'` → its day number: how SQLite peers store dates.
    public static func sqliteDates(_ sql: String) -> String {
        var text = sql
        let dates = try! NSRegularExpression(pattern: "DATE\\s*'(\\d{4}-\\d{2}-\\d{2})'", options: [.caseInsensitive])
        for match in dates.matches(in: sql, range: NSRange(sql.startIndex..., in: sql)).reversed() {
            let days = CivilDate.parseISO(String(sql[Range(match.range(at: 1), in: sql)!]))!
            text.replaceSubrange(Range(match.range, in: text)!, with: "(\(days))")
        }
        return text
    }

    private static func check(_ name: String, _ ours: QueryResult, _ theirs: [[SQLitePeer.Value]]) throws {
        guard ours.rowCount == theirs.count else {
            throw BenchError.peerFailed("\(name): Parcours returned \(ours.rowCount) rows, SQLite \(theirs.count)")
        }
        for (row, values) in theirs.enumerated() {
            for (column, theirs) in values.enumerated() {
                let mine = ours.value(row: row, column: column)
                let agree: Bool
                switch (mine, theirs) {
                case (.null, .null): agree = true
                case (.varchar(let a), .text(let b)): agree = a == b
                case (.boolean(let a), .integer(let b)): agree = (a ? 1 : 0) == b
                case (.date(let a), .integer(let b)): agree = Int64(a) == b
                case (.integer(let a), .integer(let b)): agree = a == b
                default:
                    let a = Double(mine.description) ?? .nan
                    let b: Double
                    switch theirs {
                    case .integer(let value): b = Double(value)
                    case .real(let value): b = value
                    default: b = .nan
                    }
                    agree = abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1)
                }
                guard agree else {
                    throw BenchError.peerFailed("\(name): row \(row + 1), column \(column + 1): Parcours \(mine), SQLite \(theirs)")
                }
            }
        }
    }
}
