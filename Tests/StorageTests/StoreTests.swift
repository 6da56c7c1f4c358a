import Foundation
import Testing
@testable import Storage

@Suite("Store")
struct StoreTests {
    static let allTypes = try! TableSchema(ColumnType.allCases.map { ColumnDefinition("c_\($0.name)", $0) })

    static func randomBatch(rows: Int, seed: UInt64) -> ColumnBatch {
        var rng = SeededGenerator(seed: seed)
        return try! ColumnBatch(ColumnType.allCases.enumerated().map { index, type in
            TestData.column(type, count: rows, shape: DataShape.allCases[index % DataShape.allCases.count],
                            nulls: index % 2 == 0 ? .some : .none, rng: &rng)
        })
    }

    /// Reads every row of `table` back through a scan, one `Column` per schema column.
    static func readAll(_ table: TableSnapshot) throws -> [[Column]] {
        var scan = try table.scan(columns: table.schema.columns.map(\.name), vectorSize: 1000)
        var segments: [[Column]] = []
        var lastSegment: Int64 = -1
        while let batch = try scan.next() {
            #expect(batch.count <= 1000)
            if batch.segmentID != lastSegment {
                segments.append(batch.columns)
                lastSegment = batch.segmentID
            }
        }
        return segments
    }

    @Test("appended rows come back identical from disk, across row groups and reopen")
    func roundTripThroughFiles() throws {
        let path = TestData.temporaryDirectory("roundtrip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let batch = Self.randomBatch(rows: 5_500, seed: 11)
        do {
            let store = try Store.create(at: path, options: StoreOptions(rowGroupSize: 2_000))
            try store.createTable("t", schema: Self.allTypes)
            let result = try store.append(batch, to: "t", note: "first")
            #expect(result.segmentFiles.count == 3)
            #expect(result.rowsAdded == 5_500)
        }
        let store = try Store.open(at: path)
        let table = try store.snapshot().table("t")
        #expect(table.rowCount == 5_500)
        let segments = try Self.readAll(table)
        #expect(segments.count == 3)
        for (column, original) in batch.columns.enumerated() {
            var start = 0
            for segment in segments {
                let piece = original.slice(start..<(start + segment[column].count))
                let difference = TestData.firstDifference(piece, segment[column])
                #expect(difference == nil, "column \(column): \(difference ?? "")")
                start += segment[column].count
            }
            #expect(start == 5_500)
        }
        #expect(try store.verify().isHealthy)
    }

    @Test("a pinned snapshot does not see later commits; as-of reads an older one")
    func snapshotIsolation() throws {
        let path = TestData.temporaryDirectory("snapshots")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try Store.create(at: path, options: StoreOptions(rowGroupSize: 100))
        try writer.createTable("t", schema: Self.allTypes)
        let first = try writer.append(Self.randomBatch(rows: 250, seed: 1), to: "t")
        let reader = try Store.open(at: path)
        let pinned = try reader.snapshot()
        try writer.append(Self.randomBatch(rows: 40, seed: 2), to: "t")
        #expect(try pinned.table("t").rowCount == 250)
        #expect(try Self.readAll(pinned.table("t")).reduce(0) { $0 + $1[0].count } == 250)
        #expect(try reader.snapshot().table("t").rowCount == 290)
        #expect(try reader.snapshot(asOf: first.snapshot).table("t").rowCount == 250)
        #expect(try reader.snapshot(asOf: first.snapshot - 1).table("t").rowCount == 0)
        #expect(throws: StorageError.noSuchTable("t", available: [])) { try reader.snapshot(asOf: 1).table("t") }
        #expect(throws: StorageError.noSuchSnapshot(99, latest: 4)) { try reader.snapshot(asOf: 99) }
        let log = try reader.log()
        #expect(log.map(\.operation) == ["create store", "create table", "append", "append"])
        #expect(log.last?.rowsAdded == 40)
    }

    @Test("bad appends are refused and change nothing")
    func refusedAppends() throws {
        let path = TestData.temporaryDirectory("refused")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Store.create(at: path)
        let schema = try TableSchema([ColumnDefinition("id", .int64, nullable: false), ColumnDefinition("name", .string)])
        try store.createTable("people", schema: schema)
        #expect(throws: StorageError.tableExists("people")) { try store.createTable("people", schema: schema) }
        let wrongType = try ColumnBatch([Column(.int32([1])), Column(.string(StringColumn(["a"])))])
        #expect(throws: StorageError.self) { try store.append(wrongType, to: "people") }
        let nullID = try ColumnBatch([Column(.int64([1, 2]), validity: ValidityBitmap([true, false])),
                                      Column(.string(StringColumn(["a", "b"])))])
        #expect(throws: StorageError.schemaMismatch(table: "people", detail: "column 'id' is NOT NULL but the batch has 1 nulls")) {
            try store.append(nullID, to: "people")
        }
        #expect(throws: StorageError.noSuchTable("nobody", available: ["people"])) {
            try store.append(nullID, to: "nobody")
        }
        #expect(try store.snapshot().table("people").rowCount == 0)
        #expect(try FileSystem.listDirectory(path + "/segments").isEmpty)
        #expect(throws: StorageError.invalidSchema("column 'id' appears twice")) {
            try TableSchema([ColumnDefinition("id", .int8), ColumnDefinition("id", .int8)])
        }
    }

    @Test("one writer at a time; readers cannot write; stores are not created twice")
    func locking() throws {
        let path = TestData.temporaryDirectory("lock")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try Store.create(at: path)
        #expect(throws: StorageError.storeLocked(path: path)) { try Store.open(at: path, forWriting: true) }
        let reader = try Store.open(at: path)
        #expect(throws: StorageError.readOnly(operation: "create a table")) {
            try reader.createTable("t", schema: Self.allTypes)
        }
        #expect(throws: StorageError.storeAlreadyExists(path: path)) { try Store.create(at: path) }
        #expect(throws: StorageError.storeNotFound(path: path + "/nope")) { try Store.open(at: path + "/nope") }
        _ = writer
    }

    @Test("files no snapshot names are swept when the store is opened for writing")
    func sweep() throws {
        let path = TestData.temporaryDirectory("sweep")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let store = try Store.create(at: path)
            try store.createTable("t", schema: Self.allTypes)
            try store.append(Self.randomBatch(rows: 10, seed: 3), to: "t")
        }
        _ = FileManager.default.createFile(atPath: path + "/segments/abc-0.seg.tmp", contents: Data([1, 2, 3]))
        _ = FileManager.default.createFile(atPath: path + "/segments/abc-1.seg", contents: Data([1, 2, 3]))
        let reader = try Store.open(at: path)
        let report = try reader.verify()
        #expect(report.isHealthy)
        #expect(report.unreferencedFiles == ["abc-0.seg.tmp", "abc-1.seg"])
        _ = try Store.open(at: path, forWriting: true)
        #expect(try FileSystem.listDirectory(path + "/segments").count == 1)
        #expect(try reader.verify().unreferencedFiles.isEmpty)
    }

    @Test("a version-1 segment (no valid-only chunk) is still read")
    func olderFormat() throws {
        let path = TestData.temporaryDirectory("older")
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Run-length and other version-1 encodings only, as a version-1 writer chose them.
        let store = try Store.create(at: path, options: StoreOptions(encoding: EncodingPolicy(forcedEncoding: .runLength)))
        try store.createTable("t", schema: Self.allTypes)
        let batch = Self.randomBatch(rows: 3_000, seed: 5)
        let result = try store.append(batch, to: "t")
        let file = path + "/segments/" + result.segmentFiles[0]
        var bytes = [UInt8](FileManager.default.contents(atPath: file)!)
        #expect(bytes[8] == UInt8(SegmentFormat.version))
        bytes[8] = 1  // header version
        bytes[bytes.count - 24 + 4] = 1  // trailer version
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let segments = try Self.readAll(try Store.open(at: path).snapshot().table("t"))
        for (column, original) in batch.columns.enumerated() {
            #expect(TestData.firstDifference(original, segments[0][column]) == nil, "column \(column)")
        }
    }

    @Test("a segment or catalog from a newer format is refused with a clear message")
    func newerFormat() throws {
        let path = TestData.temporaryDirectory("newer")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Store.create(at: path)
        try store.createTable("t", schema: Self.allTypes)
        let result = try store.append(Self.randomBatch(rows: 10, seed: 4), to: "t")
        let file = path + "/segments/" + result.segmentFiles[0]
        var bytes = [UInt8](FileManager.default.contents(atPath: file)!)
        bytes[8] = 9  // header version
        bytes[bytes.count - 24 + 4] = 9  // trailer version
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        #expect(throws: StorageError.newerFormat(file: file, found: 9, supported: Int(SegmentFormat.version))) {
            _ = try SegmentReader(path: file)
        }
        try store.catalog.database.execute("PRAGMA user_version=7")
        #expect(throws: StorageError.newerFormat(file: path + "/catalog.sqlite", found: 7, supported: Int(CatalogSchema.version))) {
            _ = try Store.open(at: path)
        }
        #expect(StorageError.newerFormat(file: "x.seg", found: 9, supported: 1).description
            == "x.seg uses format version 9, but this parcours reads versions up to 1; upgrade parcours")
    }
}
