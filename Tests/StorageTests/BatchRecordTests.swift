import Foundation
import Testing
@testable import Storage

@Suite("Ingest records")
struct BatchRecordTests {
    static func store(_ name: String) throws -> (Store, String) {
        let path = TestData.temporaryDirectory(name)
        let store = try Store.create(at: path)
        try store.createTable("t", schema: try TableSchema([ColumnDefinition("x", .int32)]))
        return (store, path)
    }

    static func record(read: Int, rejected: Int) -> IngestRecord {
        IngestRecord(sourceName: "f.csv", sourceSHA256: "ab12", sourceBytes: 100, mapping: nil, keyFingerprint: "k1",
                     rowsRead: read, rejected: (0..<rejected).map {
                         RejectedRow(line: $0 + 2, byteOffset: $0 * 10, column: "x", reason: "not a number", value: "z")
                     })
    }

    @Test("a batch and its rejects are committed with the append")
    func committedTogether() throws {
        let (store, path) = try Self.store("batches")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try store.append(try ColumnBatch([Column(.int32([1, 2, 3]))]), to: "t", ingest: Self.record(read: 5, rejected: 2))
        let batches = try store.batches()
        #expect(batches.count == 1)
        #expect(batches[0].snapshot == result.snapshot && batches[0].rowsStored == 3 && batches[0].rowsRejected == 2)
        #expect(try store.batches(sha256: "ab12").count == 1)
        #expect(try store.batches(sha256: "other").isEmpty)
        let rejects = try store.rejectedRows()
        #expect(rejects.map(\.row.line) == [2, 3] && rejects.allSatisfy { $0.batch == batches[0].id })
    }

    @Test("counts that do not reconcile are refused and change nothing")
    func reconcile() throws {
        let (store, path) = try Self.store("reconcile")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: StorageError.self) {
            try store.append(try ColumnBatch([Column(.int32([1, 2, 3]))]), to: "t", ingest: Self.record(read: 6, rejected: 2))
        }
        #expect(try store.batches().isEmpty)
        #expect(try store.snapshot().table("t").rowCount == 0)
        #expect(try FileSystem.listDirectory(path + "/segments").isEmpty)
    }

    @Test("a version-1 catalog is upgraded when opened for writing, and read as it is otherwise")
    func migration() throws {
        let path = TestData.temporaryDirectory("migration")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let (store, created) = try Self.store("migration-source")
            try store.append(try ColumnBatch([Column(.int32([7]))]), to: "t")
            // Back to what version 1 had.
            try store.catalog.database.execute("DROP TABLE deletions")
            try store.catalog.database.execute("ALTER TABLE snapshots DROP COLUMN rows_deleted")
            try store.catalog.database.execute("DROP TABLE rejected_rows")
            try store.catalog.database.execute("DROP TABLE batches")
            try store.catalog.database.execute("PRAGMA user_version=1")
            try FileManager.default.moveItem(atPath: created, toPath: path)
        }
        let reader = try Store.open(at: path)
        #expect(try reader.catalog.version == 1)
        #expect(try reader.batches().isEmpty)
        #expect(try reader.snapshot().table("t").rowCount == 1)
        #expect(try reader.log().allSatisfy { $0.rowsDeleted == 0 })
        let writer = try Store.open(at: path, forWriting: true)
        #expect(try writer.catalog.version == CatalogSchema.version)
        try writer.append(try ColumnBatch([Column(.int32([1, 2]))]), to: "t", ingest: Self.record(read: 2, rejected: 0))
        #expect(try writer.batches().count == 1)
        let segment = try writer.snapshot().table("t").segments[0]
        try writer.append(try ColumnBatch([Column(.int32([3]))]), to: "t",
                          deleting: [segment.id: try DeletionVector(rows: [0], segmentRowCount: 1)])
        #expect(try writer.snapshot().table("t").rowCount == 3)
        #expect(try writer.verify().isHealthy)
    }
}

@Suite("Append sessions")
struct AppendSessionTests {
    @Test("pieces written over time become visible in one commit; an abort leaves nothing")
    func streamingAppend() throws {
        let path = TestData.temporaryDirectory("session")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Store.create(at: path, options: StoreOptions(rowGroupSize: 1_000))
        try store.createTable("t", schema: StoreTests.allTypes)
        let session = try store.beginAppend(to: "t")
        var expected: [ColumnBatch] = []
        for piece in 0..<7 {
            let batch = StoreTests.randomBatch(rows: 450 + piece * 100, seed: UInt64(piece))
            expected.append(batch)
            try session.write(batch)
            #expect(try store.snapshot().table("t").rowCount == 0, "rows are invisible before the commit")
        }
        #expect(try FileSystem.listDirectory(path + "/segments").allSatisfy { $0.hasSuffix(".tmp") })
        let result = try session.commit(note: "streamed")
        let total = expected.reduce(0) { $0 + $1.rowCount }
        #expect(result.rowsAdded == total)
        let table = try store.snapshot().table("t")
        #expect(table.rowCount == total)
        #expect(table.segments.dropLast().allSatisfy { $0.rowCount == 1_000 })
        // The rows come back in order.
        let original = (0..<StoreTests.allTypes.count).map { column in Column.concatenate(expected.map { $0.columns[column] }) }
        let segments = try StoreTests.readAll(table)
        for column in original.indices {
            let stored = Column.concatenate(segments.map { $0[column] })
            let difference = TestData.firstDifference(original[column], stored)
            #expect(difference == nil, "column \(column): \(difference ?? "")")
        }

        let aborted = try store.beginAppend(to: "t")
        try aborted.write(StoreTests.randomBatch(rows: 2_500, seed: 9))
        aborted.abort()
        #expect(try store.snapshot().table("t").rowCount == total)
        #expect(try FileSystem.listDirectory(path + "/segments").count == table.segments.count)
        #expect(try store.verify().isHealthy)
    }
}
