import Bench
import Foundation
import Testing
@testable import Ingest
import Storage

@Suite("Harmonised ingest")
struct HarmonisedIngestTests {
    static func directory(_ name: String) -> String {
        NSTemporaryDirectory() + "parcours-ingest-\(name)-\(UUID().uuidString)"
    }

    static let header = PathwaySchema.columnNames.joined(separator: ",")

    /// Every row of the pathways table, in order, as the builder of the generated rows gives them.
    static func storedColumns(_ store: Store) throws -> [Column] {
        let table = try store.snapshot().table(PathwaySchema.tableName)
        var perColumn = [[Column]](repeating: [], count: table.schema.count)
        for segment in table.segments {
            for (index, column) in try table.read(segment, columns: Array(0..<table.schema.count)).enumerated() {
                perColumn[index].append(column)
            }
        }
        return perColumn.map { Column.concatenate($0) }
    }

    /// Chunks of 256 KB are cut and glued into row groups; chunks of up to 1 MB are cut at a
    /// little under a row group's rows, and most become a row group as they are.
    @Test("generate → ingest → scan gives back exactly the generated pathways", arguments: [1, 4], [1 << 18, 1 << 20])
    func roundTrip(threads: Int, chunkBytes: Int) throws {
        let directory = Self.directory("roundtrip")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let options = GeneratorOptions(rows: 30_000, seed: 21)
        _ = try SampleGenerator.run(options, directory: directory, raw: false)
        let store = try Store.create(at: directory + "/store", options: StoreOptions(rowGroupSize: 4_096))
        var ingest = IngestOptions()
        ingest.threads = threads
        ingest.chunkBytes = chunkBytes  // many chunks, to exercise the ordered merge
        let summary = try FileIngest.run(file: directory + "/pathways.csv", into: store, options: ingest)
        #expect(summary.rowsRead == 30_000 && summary.rowsStored == 30_000 && summary.rejected.isEmpty)

        var generator = PathwayGenerator(options)
        var builder = PathwayColumnsBuilder()
        while let synthetic = generator.next() { builder.append(synthetic.pathway) }
        let expected = builder.takeBatch().columns
        let stored = try Self.storedColumns(store)
        for (index, name) in PathwaySchema.columnNames.enumerated() {
            let column = expected[index], back = stored[index]
            #expect(column.count == back.count && column.nullCount == back.nullCount, "\(name)")
            let same = (0..<column.count).allSatisfy { column.value(at: $0) == back.value(at: $0) }
            #expect(same, "\(name) differs after ingest")
        }
        let batch = try IngestLedger(store).batches()
        #expect(batch.count == 1 && batch[0].rowsRead == 30_000 && batch[0].sourceSHA256 == summary.sha256)
        #expect(try store.verify().isHealthy)
        let segments = try store.snapshot().table(PathwaySchema.tableName).segments
        #expect(segments.allSatisfy { $0.rowCount <= 4_096 })
        if chunkBytes == 1 << 20 { #expect(segments.filter { $0.rowCount < 4_096 }.count > 2, "chunks became row groups") }
    }

    @Test("bad rows are rejected with their reason; the good ones are stored; read = stored + rejected")
    func rejects() throws {
        let directory = Self.directory("rejects")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let good = "1,00000000000000a1,EDUC_NAT,RNCP34825,3,84,69,F,1980,EMPLOYED,CPF,2020-01-05,2020-02-01,2020-03-15,Y,2020-04-01,2020-10-01,2021-03-01,TOTAL,2021-03-01"
        func variant(_ id: Int, _ column: Int, _ value: String) -> String {
            var fields = good.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[0] = String(id)
            fields[column] = value
            return fields.joined(separator: ",")
        }
        let lines = [
            Self.header,
            variant(1, 0, "1"),                       // line 2: stored
            variant(2, 4, "IV"),                      // unparseable level
            variant(3, 13, "2020-02-30"),             // impossible date
            variant(4, 17, "2020-01-01"),             // jury before portfolio
            variant(5, 2, "MINISTERE"),               // unknown certifier
            "6,00000000000000a1,EDUC_NAT",            // wrong column count
            variant(7, 1, "ZZZZ"),                    // bad pseudonym (not echoed)
            variant(8, 6, "13"),                      // department 13 is not in region 84
            variant(9, 12, ""),                       // missing application date
            "",                                       // a blank line: rejected, so every line is accounted for
            variant(10, 18, ""),                      // stored (no outcome... but outcome date alone is allowed)
            variant(1, 0, "1"),                       // the pathway of line 2 again
        ]
        let file = directory + "/pathways.csv"
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let store = try Store.create(at: directory + "/store")
        let summary = try FileIngest.run(file: file, into: store)
        #expect(summary.rowsRead == 12 && summary.linesRead == 12)
        #expect(summary.rowsStored == 2)
        let reasons = summary.rejected.map { "\($0.line) \($0.column ?? "-") \($0.reason) \($0.value ?? $0.valueDescription.map { "(\($0))" } ?? "-")" }
        #expect(reasons == [
            "3 level unparseable value, expected an integer IV",
            "4 admissibility_date impossible date (10 characters: digits and punctuation)",
            "5 jury_date stage dates out of order: jury_date before portfolio_date 2020-01-01",
            "6 certifier unknown code MINISTERE",
            "7 - wrong column count: 3 fields, expected 20 -",
            "8 candidate_id unparseable value, expected 16 hex digits -",
            "9 department department 13 is not in region 84 13",
            "10 application_date missing required value -",
            "11 - blank line -",
            "13 pathway_id duplicated pathway: the same certifier and pathway key appear earlier in the file -",
        ])
        let stored = try IngestLedger(store).rejects()
        #expect(stored.map(\.row) == summary.rejected)
        let info = try IngestLedger(store).batches()[0]
        #expect(info.rowsRead == info.rowsStored + info.rowsRejected)
    }

    @Test("the same file is refused the second time; forced, its rows supersede the first ones")
    func reingest() throws {
        let directory = Self.directory("reingest")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try SampleGenerator.run(GeneratorOptions(rows: 500, seed: 2), directory: directory, raw: false)
        let store = try Store.create(at: directory + "/store")
        let file = directory + "/pathways.csv"
        let first = try FileIngest.run(file: file, into: store)
        #expect(throws: IngestError.alreadyIngested(file: file, batch: 1, snapshot: first.snapshot, sourceName: "pathways.csv")) {
            _ = try FileIngest.run(file: file, into: store)
        }
        var force = IngestOptions()
        force.force = true
        let again = try FileIngest.run(file: file, into: store, options: force)
        #expect(again.rowsSuperseded == 500)
        let table = try store.snapshot().table(PathwaySchema.tableName)
        #expect(table.rowCount == 500 && table.deletedRowCount == 500)
        #expect(try store.snapshot(asOf: first.snapshot).table(PathwaySchema.tableName).rowCount == 500)
        #expect(try IngestLedger(store).batches().count == 2)
    }

    @Test("a file that fails half-way leaves the store exactly as it was")
    func failureChangesNothing() throws {
        let directory = Self.directory("failure")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try SampleGenerator.run(GeneratorOptions(rows: 20_000, seed: 3), directory: directory, raw: false)
        let file = directory + "/pathways.csv"
        // A byte that is not UTF-8 on the last line of a file declared UTF-8: found after every
        // chunk was parsed and written, when the whole file's encoding is settled.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        bytes.append(contentsOf: Array("20001,caf".utf8) + [0xE9] + Array("\n".utf8))
        try bytes.write(to: URL(fileURLWithPath: file))
        let store = try Store.create(at: directory + "/store", options: StoreOptions(rowGroupSize: 1_000))
        try store.createTable(PathwaySchema.tableName, schema: PathwaySchema.schema)
        let before = try store.log().count
        var options = IngestOptions()
        options.chunkBytes = 1 << 18
        options.encoding = .utf8
        #expect(throws: IngestError.self) { _ = try FileIngest.run(file: file, into: store, options: options) }
        #expect(try store.log().count == before)
        #expect(try IngestLedger(store).batches().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/store/segments").isEmpty, "no file of the failed ingest may remain")

        // Into an empty store, a failed first ingest does not even leave the table behind.
        let empty = try Store.create(at: directory + "/empty")
        #expect(throws: IngestError.self) { _ = try FileIngest.run(file: file, into: empty, options: options) }
        #expect(try empty.log().map(\.operation) == ["create store"])
        #expect(try empty.snapshot().tables.isEmpty)
    }

    @Test("a header that is not the harmonised one is refused before anything is read")
    func badHeader() throws {
        let directory = Self.directory("header")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = directory + "/x.csv"
        try "pathway_id;nom;prenom\n1;DUPONT;Jean\n".write(toFile: file, atomically: true, encoding: .utf8)
        let store = try Store.create(at: directory + "/store")
        #expect(throws: IngestError.self) { _ = try FileIngest.run(file: file, into: store) }
        #expect(try store.log().count == 1)
    }
}
