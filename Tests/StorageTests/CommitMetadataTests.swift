import Foundation
import Testing
@testable import Storage

/// A layer above Storage keeps its own tables in the catalog (`CatalogExtension`) and records what
/// it knows of a commit in them, in the commit's own transaction.
@Suite("Commit metadata and catalog extensions")
struct CommitMetadataTests {
    /// A stand-in for the ingest's ledger: one table, one row per commit, with a check constraint.
    static let notes = CatalogExtension(name: "notes", migrations: [
        { catalog in
            try catalog.execute("CREATE TABLE notes (snapshot_id INTEGER NOT NULL, rows INTEGER NOT NULL, claimed INTEGER NOT NULL, CHECK (rows = claimed))")
        },
    ])

    static func store(_ name: String) throws -> (Store, String) {
        let path = TestData.temporaryDirectory(name)
        let store = try Store.create(at: path)
        try store.createTable("t", schema: try TableSchema([ColumnDefinition("x", .int32)]))
        try store.install(notes)
        return (store, path)
    }

    static func note(claiming rows: Int) -> AppendSession.CommitMetadata {
        { catalog, result throws(StorageError) in
            try catalog.run("INSERT INTO notes VALUES (?, ?, ?)",
                            [.integer(result.snapshot), .integer(Int64(result.rowsAdded)), .integer(Int64(rows))])
        }
    }

    static func noteCount(_ store: Store) throws -> Int64 {
        try store.readCatalog { catalog throws(StorageError) in try catalog.integer("SELECT count(*) FROM notes") }
    }

    @Test("the metadata is committed with the append, in the same snapshot")
    func committedTogether() throws {
        let (store, path) = try Self.store("metadata")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try store.append(try ColumnBatch([Column(.int32([1, 2, 3]))]), to: "t", metadata: Self.note(claiming: 3))
        let rows = try store.readCatalog { catalog throws(StorageError) in try catalog.query("SELECT snapshot_id, rows FROM notes") }
        #expect(rows.count == 1)
        #expect(try rows[0].integer(0) == result.snapshot && rows[0].integer(1) == 3)
        #expect(try store.extensionVersion("notes") == 1)
    }

    @Test("metadata that fails rolls the whole commit back: no rows, no snapshot, no file")
    func failureRollsBack() throws {
        let (store, path) = try Self.store("metadata-fails")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let before = try store.latestSnapshotID()
        #expect(throws: StorageError.self) {
            try store.append(try ColumnBatch([Column(.int32([1, 2, 3]))]), to: "t", metadata: Self.note(claiming: 4))
        }
        #expect(try Self.noteCount(store) == 0)
        #expect(try store.latestSnapshotID() == before)
        #expect(try store.snapshot().table("t").rowCount == 0)
        #expect(try FileSystem.listDirectory(path + "/segments").isEmpty)
    }

    @Test("a read transaction refuses writes; an extension newer than the binary is refused")
    func accessRules() throws {
        let (store, path) = try Self.store("metadata-rules")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: StorageError.self) {
            try store.readCatalog { catalog throws(StorageError) in try catalog.run("DELETE FROM notes") }
        }
        try store.updateCatalog { catalog throws(StorageError) in
            try catalog.run("UPDATE catalog_extensions SET version = 7 WHERE name = 'notes'")
        }
        #expect(throws: StorageError.self) { try store.install(Self.notes) }
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
            try store.catalog.database.execute("DROP TABLE notes")
            try store.catalog.database.execute("DROP TABLE catalog_extensions")
            try store.catalog.database.execute("PRAGMA user_version=1")
            try FileManager.default.moveItem(atPath: created, toPath: path)
        }
        let reader = try Store.open(at: path)
        #expect(try reader.catalog.version == 1)
        #expect(try reader.extensionVersion("notes") == 0)
        #expect(try reader.snapshot().table("t").rowCount == 1)
        #expect(try reader.log().allSatisfy { $0.rowsDeleted == 0 })
        let writer = try Store.open(at: path, forWriting: true)
        #expect(try writer.catalog.version == CatalogSchema.version)
        try writer.install(Self.notes)
        try writer.append(try ColumnBatch([Column(.int32([1, 2]))]), to: "t", metadata: Self.note(claiming: 2))
        #expect(try Self.noteCount(writer) == 1)
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
