import Foundation
import Testing
@testable import Storage

@Suite("Deletion vectors")
struct DeletionTests {
    static let schema = try! TableSchema([ColumnDefinition("id", .int64, nullable: false), ColumnDefinition("note", .string)])

    static func batch(_ ids: Range<Int64>) -> ColumnBatch {
        var notes = StringColumn()
        for id in ids { notes.append("n\(id % 7)") }
        return try! ColumnBatch([Column(.int64(Array(ids))), Column(.string(notes))])
    }

    /// Live ids of `table`, in scan order.
    static func liveIDs(_ table: TableSnapshot, vectorSize: Int = 100) throws -> [Int64] {
        var scan = try table.scan(columns: ["id"], vectorSize: vectorSize)
        var ids: [Int64] = []
        while let batch = try scan.next() {
            guard case .int64(let values) = batch.columns[0].values else { Issue.record("id is not int64"); return [] }
            batch.forEachRow { ids.append(values[$0]) }
            #expect(batch.count == (batch.selection?.count ?? batch.rows.count))
        }
        return ids
    }

    @Test("serialisation round trip, list and bitmap forms, and union", arguments: [0, 1, 5, 200, 999])
    func serialisation(deleted: Int) throws {
        var rng = SeededGenerator(seed: UInt64(deleted) + 1)
        var rows = Set<UInt32>()
        while rows.count < deleted { rows.insert(UInt32(rng.next() % 1_000)) }
        let vector = try DeletionVector(rows: Array(rows), segmentRowCount: 1_000)
        #expect(vector.rows == rows.sorted())
        let bytes = vector.serialized
        #expect(bytes.count <= 1 + 125, "the smaller form is written")
        #expect(try DeletionVector(serialized: bytes, segmentRowCount: 1_000) == vector)
        let other = try DeletionVector(rows: [0, 999], segmentRowCount: 1_000)
        #expect(vector.union(other).rows == rows.union([0, 999]).sorted())
        for row in [0, 1, 500, 999] { #expect(vector.contains(row) == rows.contains(UInt32(row))) }
        let live = vector.liveRows(in: 100..<300)
        let expected = (100..<300).filter { !rows.contains(UInt32($0)) }.map(UInt32.init)
        #expect((live ?? (100..<300).map(UInt32.init)) == expected)
    }

    @Test("invalid vectors are refused")
    func invalid() {
        #expect(throws: StorageError.self) { try DeletionVector(rows: [3, 3], segmentRowCount: 10) }
        #expect(throws: StorageError.self) { try DeletionVector(rows: [10], segmentRowCount: 10) }
        #expect(throws: StorageError.self) { try DeletionVector(serialized: [1, 0], segmentRowCount: 100) }
        #expect(throws: StorageError.self) { try DeletionVector(serialized: [7], segmentRowCount: 100) }
    }

    @Test("a commit deletes rows atomically with its append; older snapshots still see them")
    func supersede() throws {
        let path = TestData.temporaryDirectory("deletions")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Store.create(at: path, options: StoreOptions(rowGroupSize: 1_000))
        try store.createTable("t", schema: Self.schema)
        let first = try store.append(Self.batch(0..<2_500), to: "t")
        let before = try store.snapshot().table("t")
        #expect(before.segments.count == 3)
        // Supersede ids 10, 11, 999 (segment 0), 1000..1999 (all of segment 1) and 2499 (segment 2).
        let segments = before.segments
        let deletions: [Int64: DeletionVector] = [
            segments[0].id: try DeletionVector(rows: [10, 11, 999], segmentRowCount: 1_000),
            segments[1].id: try DeletionVector(rows: (0..<1_000).map(UInt32.init), segmentRowCount: 1_000),
            segments[2].id: try DeletionVector(rows: [499], segmentRowCount: 500),
        ]
        let second = try store.append(Self.batch(5_000..<5_010), to: "t", deleting: deletions)
        #expect(second.rowsDeleted == 1_004)
        let after = try store.snapshot().table("t")
        #expect(after.rowCount == 2_500 - 1_004 + 10)
        #expect(after.deletedRowCount == 1_004)
        let expected = (0..<2_500).filter { ![10, 11, 999, 2_499].contains($0) && !(1_000..<2_000).contains($0) }.map(Int64.init)
            + (5_000..<5_010).map(Int64.init)
        for vectorSize in [1, 7, 100, 2_048] { #expect(try Self.liveIDs(after, vectorSize: vectorSize) == expected) }
        // The fully deleted segment is not even opened.
        var scan = try after.scan(columns: ["id"])
        while try scan.next() != nil {}
        #expect(scan.segmentsOpened == 3)
        // As of the first append, every row is still there.
        let old = try store.snapshot(asOf: first.snapshot).table("t")
        #expect(try Self.liveIDs(old) == (0..<2_500).map(Int64.init))
        #expect(try store.log().last?.rowsDeleted == 1_004)
        #expect(try store.verify().isHealthy)
        // Reopened from disk, the deletions are still there.
        let reopened = try Store.open(at: path).snapshot().table("t")
        #expect(try Self.liveIDs(reopened) == expected)
    }

    @Test("deleting a row twice, or from an unknown segment, fails and leaves the store as it was")
    func refused() throws {
        let path = TestData.temporaryDirectory("deletions-refused")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Store.create(at: path, options: StoreOptions(rowGroupSize: 1_000))
        try store.createTable("t", schema: Self.schema)
        try store.append(Self.batch(0..<1_000), to: "t")
        let segment = try store.snapshot().table("t").segments[0]
        try store.append(Self.batch(1_000..<1_001), to: "t",
                         deleting: [segment.id: try DeletionVector(rows: [5], segmentRowCount: 1_000)])
        let latest = try store.latestSnapshotID()
        let files = try FileManager.default.contentsOfDirectory(atPath: path + "/segments").sorted()
        #expect(throws: StorageError.self) {
            try store.append(Self.batch(2_000..<2_001), to: "t",
                             deleting: [segment.id: try DeletionVector(rows: [4, 5], segmentRowCount: 1_000)])
        }
        #expect(throws: StorageError.self) {
            try store.append(Self.batch(2_000..<2_001), to: "t",
                             deleting: [12_345: try DeletionVector(rows: [1], segmentRowCount: 1_000)])
        }
        #expect(try store.latestSnapshotID() == latest)
        #expect(try FileManager.default.contentsOfDirectory(atPath: path + "/segments").sorted() == files)
        #expect(try Self.liveIDs(try store.snapshot().table("t")).count == 1_000)
    }
}
