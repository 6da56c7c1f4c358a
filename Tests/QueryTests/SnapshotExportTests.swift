import Foundation
@testable import Query
import QueryRecordTables
import Storage
import StorageTestSupport
import Testing

/// `parcours export`: a snapshot's tables as files DuckDB and pyarrow read as they are — one file
/// per table, or Hive partitions (NULL and non-ASCII values included) — holding what `SELECT`
/// returns; a manifest whose counts and SHA-256 match the files; a folder that appears whole or
/// not at all.
@Suite("parcours export")
struct SnapshotExportTests {
    /// Reads an export with DuckDB (hive partitioning, partition columns as text) and pyarrow
    /// (a dataset with hive partitioning); prints per table both readers' rows, sorted, as text
    /// (dates as day numbers), and whether every file's SHA-256 and rows match the manifest.
    static let reader = """
        import duckdb, hashlib, json, os, sys
        import pyarrow.dataset as ds, pyarrow.compute as pc, pyarrow as pa, pyarrow.parquet as pq
        root = sys.argv[1]
        manifest = json.load(open(os.path.join(root, '_SUCCESS')))
        def text(v):
            if v is None: return None
            if isinstance(v, bool): return 'true' if v else 'false'
            if isinstance(v, float): return repr(v)
            return str(v)
        files_ok = all(hashlib.sha256(open(os.path.join(root, f['path']), 'rb').read()).hexdigest() == f['sha256']
                       and pq.ParquetFile(os.path.join(root, f['path'])).metadata.num_rows == f['rows']
                       and os.path.getsize(os.path.join(root, f['path'])) == f['bytes']
                       for t in manifest['tables'] for f in t['files'])
        out = {"files_ok": files_ok, "tables": {}}
        for t in manifest['tables']:
            folder = os.path.join(root, t['name'])
            names = [c['name'] for c in t['columns']] + ([t['partition_column']] if t['partition_column'] else [])
            kinds = {c['name']: c['sql_type'] for c in t['columns']}
            hive = f", hive_types={{'{t['partition_column']}': VARCHAR}}" if t['partition_column'] else ''
            rel = duckdb.sql(f"SELECT * FROM read_parquet('{folder}/**/*.parquet', hive_partitioning=true{hive})")
            exprs = [f'("{n}" - DATE \\'1970-01-01\\')' if kinds.get(n) == 'DATE' else f'"{n}"' for n in names]
            duck = [[text(v) for v in row] for row in rel.query('r', f"SELECT {', '.join(exprs)} FROM r").fetchall()]
            part = ds.partitioning(pa.schema([(t['partition_column'], pa.string())]), flavor='hive') if t['partition_column'] else None
            table = ds.dataset(folder, format='parquet', partitioning=part).to_table()
            columns = []
            for n in names:
                column = table.column(n)
                if pa.types.is_date32(column.type): column = pc.cast(column, pa.int32())
                columns.append([text(v) for v in column.to_pylist()])
            arrow = [list(r) for r in zip(*columns)]
            out["tables"][t['name']] = {"duckdb": duck, "arrow": arrow, "files": [f['path'] for f in t['files']]}
        print(json.dumps(out))
        """

    struct Read: Decodable {
        struct Table: Decodable {
            let duckdb: [[String?]]
            let arrow: [[String?]]
            let files: [String]
        }
        let files_ok: Bool
        let tables: [String: Table]
    }

    /// `value` as the reader prints it (a partition value is text: its folder name decoded).
    static func text(_ value: Value) -> String? {
        switch value {
        case .null: nil
        case .date(let days): String(days)
        case .boolean(let b): b ? "true" : "false"
        case .double(let d): d.isNaN ? "nan" : (d == d.rounded() && abs(d) < 1e16 ? String(format: "%.1f", d) : String(d))
        default: value.description
        }
    }

    /// Checks that the export in `folder` holds, per table, the rows of `query(table)` (its last
    /// column the partition key, as text).
    static func check(_ folder: String, engine: QueryEngine, query: (String) -> String) throws {
        let read = try JSONDecoder().decode(Read.self, from: Data(try CopyTests.python(reader, [folder]).utf8))
        #expect(read.files_ok, "SHA-256, rows and bytes of the manifest")
        #expect(Set(read.tables.keys) == Set(engine.snapshot.tables.map(\.name)))
        for (name, table) in read.tables {
            let result = try engine.query(query(name))
            let expected = sorted(result.rows.map { (row: [Value]) -> [String?] in row.map(text) })
            for (reader, read) in [("DuckDB", table.duckdb), ("pyarrow", table.arrow)] {
                let rows = sorted(read)
                #expect(rows.count == expected.count, "\(name) by \(reader)")
                for (mine, theirs) in zip(expected, rows) where !zip(mine, theirs).allSatisfy(same) {
                    Issue.record("\(name) by \(reader): \(theirs) for \(mine)")
                    break
                }
            }
        }
    }

    /// Rows in one order (NULLs last, text by its bytes), whoever read them.
    static func sorted(_ rows: [[String?]]) -> [[String?]] {
        rows.sorted { (a: [String?], b: [String?]) -> Bool in
            for (x, y) in zip(a, b) where x != y {
                guard let x else { return false }
                guard let y else { return true }
                return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
            }
            return a.count < b.count
        }
    }

    /// Doubles compared as numbers (Python's repr and Swift's description differ in form).
    static func same(_ pair: (String?, String?)) -> Bool {
        if pair.0 == pair.1 { return true }
        guard let a = pair.0.flatMap(Double.init), let b = pair.1.flatMap(Double.init) else { return false }
        return a == b
    }

    @Test("every table whole: DuckDB and pyarrow read what SELECT returns; the manifest's counts and SHA-256 hold",
          .enabled(if: ParquetReaders.available))
    func whole() throws {
        let folder = CopyTests.folder() + "/export"
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: folder).deletingLastPathComponent().path) }
        let engine = try CopyTests.engine
        let manifest = try SnapshotExport.run(engine, into: folder, options: .init())
        #expect(manifest.snapshot == engine.snapshot.id && manifest.partitionBy == nil)
        #expect(manifest.tables.map(\.rows) == manifest.tables.map { (try? engine.snapshot.table($0.name).rowCount) ?? -1 })
        #expect(try ExportManifest.read(folder + "/_SUCCESS") == manifest)
        try Self.check(folder, engine: engine) { "SELECT * FROM \($0)" }
    }

    @Test("partitioned by a text column with NULLs, and by year(date) with NULLs: Hive folders read back by DuckDB and pyarrow",
          .enabled(if: ParquetReaders.available), arguments: ["dept", "year(adm_date)"])
    func partitioned(key: String) throws {
        let folder = CopyTests.folder() + "/export"
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: folder).deletingLastPathComponent().path) }
        let engine = try CopyTests.engine
        var options = SnapshotExport.Options()
        options.partitionBy = try PartitionKey(parsing: key)
        let manifest = try SnapshotExport.run(engine, into: folder, options: options)
        let partitioned = try #require(manifest.tables.first { $0.name == "p" })
        #expect(partitioned.files.contains { $0.path.contains("=__HIVE_DEFAULT_PARTITION__/") }, "the NULL partition")
        #expect(manifest.tables.filter { $0.name != "p" }.allSatisfy { $0.partitionColumn == nil && $0.files.count == 1 })
        let columns = try engine.snapshot.table("p").schema.columns.map(\.name)
        try Self.check(folder, engine: engine) { table in
            guard table == "p" else { return "SELECT * FROM \(table)" }
            let kept = key == "dept" ? columns.filter { $0 != "dept" } : columns
            return "SELECT \(kept.joined(separator: ", ")), CAST(\(key) AS VARCHAR) FROM p"
        }
    }

    @Test("folder names: percent-encoded bytes, NULL and the empty string as DuckDB writes them")
    func folderNames() {
        #expect(PartitionKey.folder("k", .varchar("05")) == "k=05")
        #expect(PartitionKey.folder("k", .varchar("a/b=c é")) == "k=a%2Fb%3Dc%20%C3%A9")
        #expect(PartitionKey.folder("k", .varchar("")) == "k=")
        #expect(PartitionKey.folder("k", .null) == "k=__HIVE_DEFAULT_PARTITION__")
        #expect(PartitionKey.folder("k", .integer(-3)) == "k=-3")
    }

    @Test("refusals leave nothing behind: a folder that is not empty, an unknown column, a DOUBLE key, a bad key")
    func refusals() throws {
        let parent = CopyTests.folder()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let engine = try CopyTests.engine
        let occupied = parent + "/occupied"
        try FileManager.default.createDirectory(atPath: occupied, withIntermediateDirectories: true)
        try "keep".write(toFile: occupied + "/mine.txt", atomically: true, encoding: .utf8)
        #expect(throws: QueryError.self) { try SnapshotExport.run(engine, into: occupied, options: .init()) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: occupied) == ["mine.txt"])
        for key in ["nope", "amount", "year(dept)"] {
            var options = SnapshotExport.Options()
            options.partitionBy = try PartitionKey(parsing: key)
            #expect(throws: QueryError.self, "\(key)") { try SnapshotExport.run(engine, into: parent + "/out", options: options) }
        }
        #expect(throws: QueryError.self) { try PartitionKey(parsing: "sum(x)") }
        #expect(throws: QueryError.self) { try PartitionKey(parsing: "a\"b") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["occupied"], "no temporary folder left")
    }

    @Test("the command: an older snapshot with --as-of, the summary, a refusal with a non-zero exit")
    func command() throws {
        let folder = CopyTests.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try RecordStores.shared.path(RecordConfiguration.selected[0])
        let snapshot = try Store.open(at: store).snapshot()
        let older = snapshot.id - 1
        let child = try ChildProcess(QueryCommandTests.parcoursPath,
                                     ["export", store, folder + "/old", "--as-of", "\(older)", "--partition-by", "level", "--threads", "1"])
        let run = child.collect()
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("snapshot \(older) exported"))
        let manifest = try ExportManifest.read(folder + "/old/_SUCCESS")
        let then = try Store.open(at: store).snapshot(asOf: older)
        #expect(manifest.snapshot == older)
        #expect(manifest.tables.map(\.rows) == manifest.tables.map { (try? then.table($0.name).rowCount) ?? -1 })
        let refused = try ChildProcess(QueryCommandTests.parcoursPath, ["export", store, folder + "/old"]).collect()
        #expect(refused.status != 0 && refused.errors.contains("not an empty folder"))
    }
}
