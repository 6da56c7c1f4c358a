import Foundation
@testable import Query
import QueryRecordTables
import StorageTestSupport
import Testing

/// `COPY … TO`: what the files hold is what `SELECT` returns, read back by other readers — DuckDB's
/// CSV reader (quoted empty strings apart from NULLs), Python's JSON parser — on the record tables
/// (NULLs in every column, empty and non-ASCII strings, extreme values, empty and single-row
/// tables); an existing file is replaced whole; options are DuckDB's.
@Suite("COPY … TO")
struct CopyTests {
    static func folder() -> String {
        let path = NSTemporaryDirectory() + "parcours-copy-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static var engine: QueryEngine {
        get throws { try RecordStores.shared.engine(RecordConfiguration.selected[0]) }
    }

    static let tables = QueryGenerator.typedTables + ["p"]

    /// Runs a Python script over `paths`; its standard output.
    static func python(_ script: String, _ paths: [String]) throws -> String {
        let child = try ChildProcess("/usr/bin/env", ["python3", "-c", script] + paths)
        let run = child.collect()
        guard run.status == 0 else { throw PythonError("python: \(run.errors)") }
        return run.output
    }

    struct PythonError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test("CSV read back by DuckDB holds every value of the SELECT, NULLs and empty strings apart", .enabled(if: DuckDBOracle.available))
    func csvRoundTrip() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let engine = try Self.engine
        var expected: [[[String?]]] = []
        var paths: [String] = []
        for table in Self.tables {
            let path = folder + "/\(table).csv"
            guard case .message(let message) = try engine.run("COPY \(table) TO '\(path)' (HEADER, DELIMITER ',')") else {
                Issue.record("COPY returned rows"); continue
            }
            let result = try engine.query("SELECT * FROM \(table)")
            #expect(message.hasPrefix("\(result.rowCount) row"))
            expected.append(result.rows.map { $0.map { $0.isNull ? nil : $0.description } })
            paths.append(path)
        }
        let output = try Self.python("""
            import duckdb, json, sys
            out = []
            for path in sys.argv[1:]:
                rel = duckdb.sql(f"SELECT * FROM read_csv('{path}', header=true, all_varchar=true, allow_quoted_nulls=false, "
                                 f"delim=',', quote='\\"', escape='\\"')")
                out.append([[None if v is None else str(v) for v in row] for row in rel.fetchall()])
            print(json.dumps(out))
            """, paths)
        let read = try JSONDecoder().decode([[[String?]]].self, from: Data(output.utf8))
        #expect(read.count == expected.count)
        for (index, table) in Self.tables.enumerated() where index < read.count {
            #expect(read[index] == expected[index], "\(table): \(read[index].prefix(3)) against \(expected[index].prefix(3))")
        }
    }

    @Test("JSON lines read back by Python's json module: every key, NULL, string and number of the SELECT")
    func jsonRoundTrip() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let engine = try Self.engine
        for table in Self.tables {
            let path = folder + "/\(table).json"
            _ = try engine.run("COPY (SELECT * FROM \(table)) TO '\(path)'")
            let result = try engine.query("SELECT * FROM \(table)")
            let output = try Self.python("""
                import json, sys
                rows = [json.loads(line) for line in open(sys.argv[1], encoding='utf-8')]
                print(json.dumps([[None if v is None else (repr(float(v)) if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v))
                                   for v in row.values()] for row in rows]))
                """, [path])
            let read = try JSONDecoder().decode([[String?]].self, from: Data(output.utf8))
            #expect(read.count == result.rowCount, "\(table)")
            for (row, values) in zip(result.rows, read) {
                for (value, text) in zip(row, values) {
                    switch value {
                    case .null: #expect(text == nil, "\(table)")
                    case .integer, .hugeint, .decimal, .double:
                        let number = Double(value.description) ?? .nan
                        #expect(text.flatMap(Double.init) == number || (number.isNaN && text == value.description), "\(table): \(value) read as \(text ?? "null")")
                    case .boolean(let b): #expect(text == (b ? "True" : "False"))
                    case .date, .varchar: #expect(text == value.description, "\(table)")
                    }
                }
            }
        }
    }

    /// The files DuckDB and Python read back above are written under the matrix's first
    /// configuration; under every other (row groups, encodings, vector sizes, fast paths, threads)
    /// they hold the same lines (sorted: rows may come in another order with several threads).
    @Test("every configuration of the matrix writes the same files", arguments: RecordConfiguration.selected)
    func matrix(configuration: RecordConfiguration) throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let engine = try RecordStores.shared.engine(configuration), reference = try Self.engine
        for table in Self.tables {
            for format in ["csv", "json"] {
                let (mine, theirs) = (folder + "/\(table).\(format)", folder + "/\(table)-reference.\(format)")
                _ = try engine.run("COPY \(table) TO '\(mine)'")
                _ = try reference.run("COPY \(table) TO '\(theirs)'")
                let lines = { (path: String) in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").sorted() }
                #expect(try lines(mine) == lines(theirs), "\(table).\(format) under \(configuration)")
            }
        }
    }

    @Test("a file of many batches (the rows go to disk a batch at a time) holds what SELECT returns")
    func manyBatches() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let engine = try Self.engine
        let sql = Array(repeating: "SELECT * FROM p", count: 64).joined(separator: " UNION ALL ")
        let result = try engine.query(sql)
        let path = folder + "/big.csv"
        _ = try engine.run("COPY (\(sql)) TO '\(path)'")
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(result.rowCount > ResultFile.batchRows)
        #expect(written.split(separator: "\n").sorted() == result.csvText().split(separator: "\n").sorted())
    }

    @Test("options: no header, another delimiter, quote and NULL string, a date format; an existing file replaced whole")
    func options() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let engine = try Self.engine
        let path = folder + "/out.csv"
        try "old content that must go\n".write(toFile: path, atomically: true, encoding: .utf8)
        _ = try engine.run("""
            COPY (SELECT 'a;b' AS t, CAST(NULL AS VARCHAR) AS n, DATE '2024-03-05' AS d, '' AS e, 'it''s' AS q)
            TO '\(path)' (HEADER false, DELIMITER ';', QUOTE '''', NULL 'NA', DATEFORMAT '%d/%m/%Y')
            """)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "'a;b';NA;05/03/2024;'';'it''s'\n")
        // French Excel: BOM, semicolons, decimal comma, day/month/year; a later option overrides.
        let excel = folder + "/excel.csv"
        _ = try engine.run("""
            COPY (SELECT 1.5 AS r, CAST(-2.25 AS DOUBLE) AS x, 1000 AS n, DATE '2024-03-05' AS d, 'a;b' AS t, 'x,y' AS c)
            TO '\(excel)' (PRESET 'excel-fr', HEADER false)
            """)
        #expect(try Data(contentsOf: URL(fileURLWithPath: excel)) == Data([0xEF, 0xBB, 0xBF] + Array("1,5;-2,25;1000;05/03/2024;\"a;b\";x,y\n".utf8)))
        _ = try engine.run("COPY (SELECT DATE '2024-03-05' AS d) TO '\(excel)' (PRESET 'excel-fr', DATEFORMAT '%Y%m%d', BOM false)")
        #expect(try String(contentsOfFile: excel, encoding: .utf8) == "d\n20240305\n")
        let single = folder + "/single.csv"
        _ = try engine.run("COPY (SELECT CAST(NULL AS INTEGER) AS x) TO '\(single)'")
        #expect(try String(contentsOfFile: single, encoding: .utf8) == "x\n\"\"\n", "a lone NULL is not a blank line")
        // A failing query or a bad option writes nothing and leaves the file as it was.
        #expect(throws: QueryError.self) { try engine.run("COPY (SELECT nope FROM p) TO '\(path)'") }
        #expect(throws: QueryError.self) { try engine.run("COPY p TO '\(path)' (FORMAT xml)") }
        #expect(throws: QueryError.self) { try engine.run("COPY p TO '\(path)' (DATEFORMAT '%Q')") }
        #expect(throws: QueryError.self) { try engine.run("COPY p TO '\(folder)/missing/out.csv'") }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "'a;b';NA;05/03/2024;'';'it''s'\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }
        #expect(left.isEmpty, "temporary files left: \(left)")
    }
}
