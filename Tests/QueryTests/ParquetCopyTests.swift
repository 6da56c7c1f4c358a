import Foundation
@testable import Query
import QueryRecordTables
import StorageTestSupport
import Testing

/// `COPY … TO 'f.parquet'`: the files read back by DuckDB and by pyarrow hold exactly what
/// `SELECT` returns, with the documented type map, on the record tables (NULLs in every column,
/// empty and non-ASCII strings, extreme values, empty and single-row tables) and on every SQL type.
@Suite("COPY … TO Parquet")
struct ParquetCopyTests {
    /// Reads each file with DuckDB and with pyarrow; prints, per file, each reader's column types
    /// and rows. Values are text except dates (days since 1970-01-01, whatever the year) and
    /// doubles (Python's repr, compared as numbers).
    static let reader = """
        import duckdb, json, sys
        import pyarrow.parquet as pq, pyarrow.compute as pc, pyarrow as pa
        def text(v):
            if v is None: return None
            if isinstance(v, bool): return 'true' if v else 'false'
            if isinstance(v, float): return repr(v)
            return str(v)
        out = []
        for path in sys.argv[1:]:
            rel = duckdb.sql(f"SELECT * FROM read_parquet('{path}')")
            names, types = rel.columns, [str(t) for t in rel.types]
            exprs = [f'("{n}" - DATE \\'1970-01-01\\')' if t == 'DATE' else f'"{n}"' for n, t in zip(names, types)]
            duck = [[text(v) for v in row] for row in duckdb.sql(f"SELECT {', '.join(exprs) or '1'} FROM read_parquet('{path}')").fetchall()]
            table = pq.read_table(path)
            columns = []
            for field, column in zip(table.schema, table.columns):
                if pa.types.is_date32(field.type): column = pc.cast(column, pa.int32())
                columns.append([text(v) for v in column.to_pylist()])
            arrow = [list(row) for row in zip(*columns)] if columns else []
            # Every row group's statistics against its values (DuckDB prunes row groups by them).
            stats_errors = []
            parquet = pq.ParquetFile(path)
            for g in range(parquet.metadata.num_row_groups):
                group = parquet.read_row_group(g)
                for c, field in enumerate(group.schema):
                    values, st = group.column(c), parquet.metadata.row_group(g).column(c).statistics
                    if pa.types.is_date32(field.type): values = pc.cast(values, pa.int32())
                    real = pc.drop_null(values)
                    if pa.types.is_floating(field.type): real = real.filter(pc.invert(pc.is_nan(real)))
                    where = f"row group {g}, column {field.name}"
                    if st is None or st.null_count != values.null_count:
                        stats_errors.append(f"{where}: null count"); continue
                    if len(real) == 0:
                        if st.has_min_max: stats_errors.append(f"{where}: bounds without values")
                        continue
                    low, high = pc.min_max(real)['min'].as_py(), pc.min_max(real)['max'].as_py()
                    bounds = (st.min_raw, st.max_raw) if pa.types.is_date32(field.type) else (st.min, st.max)
                    if not st.has_min_max or bounds != (low, high):
                        stats_errors.append(f"{where}: bounds {bounds} for values from {low} to {high}")
            out.append({"duckdb_types": types, "arrow_types": [str(f.type) for f in table.schema], "duckdb": duck, "arrow": arrow,
                        "rows": table.num_rows, "stats_errors": stats_errors})
        print(json.dumps(out))
        """

    struct FileRead: Decodable {
        let duckdb_types: [String]
        let arrow_types: [String]
        let duckdb: [[String?]]
        let arrow: [[String?]]
        let rows: Int
        let stats_errors: [String]
    }

    /// What each reader must call a column of `type`.
    static func expectedTypes(_ type: SQLType) -> (duckdb: String, arrow: String) {
        switch type {
        case .boolean: ("BOOLEAN", "bool")
        case .integer: ("BIGINT", "int64")
        case .hugeint: ("DECIMAL(38,0)", "decimal128(38, 0)")
        case .decimal(let d): ("DECIMAL(\(d.width),\(d.scale))", "decimal128(\(d.width), \(d.scale))")
        case .double: ("DOUBLE", "double")
        case .date: ("DATE", "date32[day]")
        case .varchar: ("VARCHAR", "string")
        case .null: ("\"NULL\"", "null")
        }
    }

    /// `value` as the reader script writes it.
    static func matches(_ value: Value, _ text: String?) -> Bool {
        switch value {
        case .null: return text == nil
        case .double(let d):
            guard let text, let read = Double(text == "nan" ? "nan" : text) else { return false }
            return read == d || (read.isNaN && d.isNaN)
        case .date(let days): return text == String(days)
        case .boolean(let b): return text == (b ? "true" : "false")
        default: return text == value.description
        }
    }

    static func check(_ engine: QueryEngine, queries: [String: String], folder: String) throws {
        let names = queries.keys.sorted()
        var paths: [String] = []
        var results: [QueryResult] = []
        for name in names {
            let path = folder + "/\(name).parquet"
            _ = try engine.run("COPY (\(queries[name] ?? "")) TO '\(path)' (FORMAT parquet)")
            paths.append(path)
            results.append(try engine.query(queries[name] ?? ""))
        }
        let reads = try JSONDecoder().decode([FileRead].self, from: Data(try CopyTests.python(reader, paths).utf8))
        #expect(reads.count == names.count)
        for (index, read) in reads.enumerated() where index < results.count {
            let result = results[index], name = names[index]
            #expect(read.rows == result.rowCount, "\(name)")
            #expect(read.stats_errors.isEmpty, "\(name): \(read.stats_errors.prefix(5))")
            #expect(read.duckdb_types == result.columns.map { expectedTypes($0.type).duckdb }, "\(name)")
            #expect(read.arrow_types == result.columns.map { expectedTypes($0.type).arrow }, "\(name)")
            for (reader, rows) in [("DuckDB", read.duckdb), ("pyarrow", read.arrow)] {
                #expect(rows.count == result.rowCount, "\(name) by \(reader)")
                for (row, values) in zip(result.rows, rows) {
                    for (value, text) in zip(row, values) where !matches(value, text) {
                        Issue.record("\(name) by \(reader): \(value) read as \(text ?? "NULL")")
                    }
                }
            }
        }
    }

    @Test("the record tables read back by DuckDB and pyarrow: every value and type of the SELECT", .enabled(if: ParquetReaders.available))
    func recordTables() throws {
        let folder = CopyTests.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var queries: [String: String] = [:]
        for table in CopyTests.tables { queries[table] = "SELECT * FROM \(table)" }
        try Self.check(try CopyTests.engine, queries: queries, folder: folder)
    }

    /// Under every configuration of the matrix (tiny row groups and vectors, forced encodings,
    /// fast paths off, 1 and 3 threads) the files hold the rows of that engine's SELECT, in its
    /// order: row groups are cut from streamed batches, small ones gathered.
    @Test("every configuration of the matrix writes files DuckDB and pyarrow read back as SELECT",
          .enabled(if: ParquetReaders.available), arguments: RecordConfiguration.selected)
    func matrix(configuration: RecordConfiguration) throws {
        let folder = CopyTests.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var queries: [String: String] = [:]
        for table in CopyTests.tables { queries[table] = "SELECT * FROM \(table)" }
        queries["filtered"] = "SELECT id, dept, amount, adm_date FROM p WHERE level = 3 OR note IS NULL"
        try Self.check(try RecordStores.shared.engine(configuration), queries: queries, folder: folder)
    }

    @Test("every SQL type: HUGEINT as DECIMAL(38,0), the three DECIMAL widths, NULL, extreme values", .enabled(if: ParquetReaders.available))
    func everyType() throws {
        let folder = CopyTests.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let queries = [
            "numbers": """
                SELECT CAST(99999999999999999999999999999999999999 AS HUGEINT) AS huge,
                       CAST(-99999999999999999999999999999999999999 AS HUGEINT) AS huge_low,
                       CAST(-9.99 AS DECIMAL(3,2)) AS d3, CAST(123456789.123 AS DECIMAL(18,3)) AS d18,
                       CAST(-12345678901234567890.123456 AS DECIMAL(38,6)) AS d38, NULL AS nothing,
                       9223372036854775807 AS big, -9223372036854775808 AS small, CAST('nan' AS DOUBLE) AS nan,
                       CAST('-inf' AS DOUBLE) AS ninf, -0.0 AS negzero, DATE '9999-12-31' AS late, DATE '0001-01-01' - 1000 AS early,
                       'é€😀' AS text, '' AS empty, true AS yes
                UNION ALL
                SELECT NULL, 0, NULL, CAST(0 AS DECIMAL(18,3)), NULL, NULL, NULL, 0, NULL, 1e308, NULL, NULL, DATE '1970-01-01', NULL, NULL, false
                """,
            "grouped": "SELECT level, sum(cand) AS total, avg(amount) AS mean, sum(CAST(amount AS DECIMAL(12,2))) AS exact, count(*) AS n FROM p GROUP BY level ORDER BY level",
        ]
        try Self.check(try CopyTests.engine, queries: queries, folder: folder)
    }

    @Test("row groups of several pages (more than 65,536 rows) and a row group size of the user's", .enabled(if: ParquetReaders.available))
    func severalPages() throws {
        let folder = CopyTests.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let engine = try CopyTests.engine
        let sql = Array(repeating: "SELECT * FROM p", count: 20).joined(separator: " UNION ALL ")
        let path = folder + "/pages.parquet"
        _ = try engine.run("COPY (\(sql)) TO '\(path)' (ROW_GROUP_SIZE 100000, COMPRESSION uncompressed)")
        let groups = try CopyTests.python("""
            import pyarrow.parquet as pq, sys
            m = pq.ParquetFile(sys.argv[1]).metadata
            print(m.num_row_groups, m.row_group(0).num_rows, m.row_group(0).column(0).compression)
            """, [path])
        let rows = try engine.query(sql).rowCount
        #expect(rows > 65_536 && rows < 100_000)
        #expect(groups.trimmingCharacters(in: .whitespacesAndNewlines) == "1 \(rows) UNCOMPRESSED")
        try Self.check(engine, queries: ["pages": sql], folder: folder)
    }

    @Test("a HUGEINT of 39 digits is refused with what to do, and the file is left as it was")
    func hugeintBeyondDecimal() throws {
        let folder = CopyTests.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/huge.parquet"
        try "before".write(toFile: path, atomically: true, encoding: .utf8)
        let engine = try CopyTests.engine
        #expect {
            try engine.run("COPY (SELECT CAST(170141183460469231731687303715884105 AS HUGEINT) * 1000 AS huge) TO '\(path)'")
        } throws: { error in
            "\(error)".contains("beyond 38 digits") && "\(error)".contains("CAST it to DOUBLE")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "before")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["huge.parquet"])
    }
}
