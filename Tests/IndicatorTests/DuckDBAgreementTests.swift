import Foundation
import Indicators
import Query
import StorageTestSupport
import Testing

/// The indicator SQL runs unchanged in DuckDB and gives the same numbers as Parcours on the same
/// generated rows (DuckDB through `Benchmarks/peers/indicator_peers.py`). Skipped when Python's
/// duckdb module is absent, unless PARCOURS_REQUIRE_DUCKDB=1 (CI sets it) makes that a failure.
@Suite(.enabled(if: Peers.duckdb, "DuckDB (python3 -m pip install duckdb) is not installed"))
struct DuckDBAgreementTests {
    static let repository = Peers.repository

    @Test(arguments: [2022, 2025])
    func everyFamilyGivesTheSameRowsInBothEngines(year: Int) throws {
        let fixture = GeneratedStore.shared
        let results = fixture.directory + "/duckdb-\(year).json"
        let child = try ChildProcess("/usr/bin/env", [
            "python3", Self.repository.appendingPathComponent("Benchmarks/peers/indicator_peers.py").path,
            "--csv", fixture.csv, "--sql", Self.repository.appendingPathComponent("Sources/Indicators/SQL").path,
            "--year", String(year), "--workdir", fixture.directory, "--database", "indicators-\(year).duckdb", "--results", results,
        ])
        let status = child.waitForExit()
        try #require(status == 0, "indicator_peers.py failed: \(child.readErrors())")
        let duckdb = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: results))) as! [String: [String: Any]]
        let engine = QueryEngine(snapshot: try fixture.store.snapshot(), threads: 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("Sources/Indicators/SQL").path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files.count == IndicatorSet.standardCount && duckdb.count == files.count)
        for (file, family) in zip(files, try IndicatorSet.standard().families) {
            let ours = try engine.query(family.sql, parameters: ["year": .integer(Int64(year))])
            let theirs = try #require(duckdb[file])
            #expect(ours.columns.map(\.name) == theirs["columns"] as! [String], "\(file): columns")
            let rows = theirs["rows"] as! [[Any]]
            #expect(ours.rowCount == rows.count, "\(file): \(ours.rowCount) rows here, \(rows.count) in DuckDB")
            var differences = 0
            for (row, theirRow) in zip(ours.rows, rows) {
                for (value, their) in zip(row, theirRow) where !Self.same(value, their) {
                    differences += 1
                    if differences <= 5 { Issue.record("\(file): \(value) here, \(their) in DuckDB, row \(row.prefix(3))") }
                }
            }
            #expect(differences == 0, "\(file): \(differences) values differ")
        }
    }

    static func same(_ value: Value, _ their: Any) -> Bool {
        switch value {
        case .null: return their is NSNull
        case .integer(let number): return (their as? NSNumber)?.int64Value == number
        case .hugeint, .decimal:
            // JSON numbers arrive as doubles: equal to the last digit a double holds.
            guard let other = (their as? NSNumber)?.doubleValue, let number = value.numeric else { return false }
            return abs(number - other) <= 1e-15 * max(1, abs(number))
        case .double(let number):
            guard let other = (their as? NSNumber)?.doubleValue else { return false }
            return abs(number - other) <= 1e-9 * max(1, abs(number))
        case .varchar(let text): return their as? String == text
        case .boolean(let flag): return (their as? NSNumber)?.boolValue == flag
        case .date: return their as? String == value.description
        }
    }
}
