import Foundation
import Testing
@testable import Storage

/// A store damaged the ways real ones get damaged: segment files missing, cut short or emptied;
/// catalog rows deleted, edited or given values of the wrong type; a read-only mount; a full disk.
/// Each fault is reported by `verify`, refused with an error that names it — never a trap, never
/// wrong rows — and no write (nor the sweep it starts with) makes it worse.
@Suite("Store faults")
struct StoreFaultTests {
    /// Root, for the mounts (a tmpfs, a read-only bind); `PARCOURS_NO_ROOT=1` skips those tests
    /// where the machine allows no mount (CI runs them).
    static let canMount = getuid() == 0
    static let mountsSkipped = ProcessInfo.processInfo.environment["PARCOURS_NO_ROOT"] == "1"

    /// A store with table t: snapshots 1 (store) and 2 (table), then two appends — snapshot 3
    /// with segments 1 and 2, snapshot 4 with segment 3 — of 50 rows a segment. Closed.
    static func store(_ name: String) throws -> (path: String, files: [String]) {
        let path = TestData.temporaryDirectory(name)
        let store = try Store.create(at: path, options: StoreOptions(rowGroupSize: 50))
        try store.createTable("t", schema: try TableSchema([ColumnDefinition("a", .int32), ColumnDefinition("s", .string)]))
        var files: [String] = []
        for (start, count) in [(0, 100), (100, 50)] {
            let values = Array(Int32(start)..<Int32(start + count))
            files += try store.append(try ColumnBatch([Column(.int32(values)), Column(.string(StringColumn(values.map { "v\($0)" })))]), to: "t").segmentFiles
        }
        return (path, files)
    }

    static func sql(_ path: String, _ statement: String) throws {
        let database = try SQLiteDatabase(path: path + "/catalog.sqlite", readOnly: false)
        try database.execute(statement)
    }

    @Test("a missing, truncated or zero-length segment file: verify names it, reading it fails, other segments still read")
    func damagedFiles() throws {
        let (path, files) = try Self.store("fault-files")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Store.open(at: path)
        let directory = path + "/segments/"
        try FileManager.default.removeItem(atPath: directory + files[0])
        let second = try #require(FileManager.default.contents(atPath: directory + files[1]))
        try second.prefix(second.count / 2).write(to: URL(fileURLWithPath: directory + files[1]))
        try Data().write(to: URL(fileURLWithPath: directory + files[2]))
        let report = try store.verify()
        #expect(report.problems.count == 3, "\(report.problems)")
        #expect(report.problems.contains { $0.contains(files[0]) && $0.contains("missing") })
        let table = try store.snapshot().table("t")
        for segment in table.segments {
            #expect(throws: StorageError.self) { _ = try table.read(segment, columns: [0, 1]) }
        }
        // Writing is still possible (the catalog is sound); the damaged files stay for repair.
        let writer = try Store.open(at: path, forWriting: true)
        try writer.append(try ColumnBatch([Column(.int32([7])), Column(.string(StringColumn(["x"])))]), to: "t")
        #expect(FileManager.default.fileExists(atPath: directory + files[1]))
    }

    @Test("catalog rows deleted: verify reports it, and opening for writing refuses to sweep the files they named")
    func deletedRows() throws {
        let (path, files) = try Self.store("fault-deleted")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try Store.open(at: path).verify().isHealthy)
        try Self.sql(path, "DELETE FROM column_chunks WHERE segment_id = 3; DELETE FROM segments WHERE id = 3")
        let report = try Store.open(at: path).verify()
        #expect(report.problems.contains { $0.contains("snapshot 4 says it added 50 rows, its segments hold 0") }, "\(report.problems)")
        #expect(throws: StorageError.self) { _ = try Store.open(at: path, forWriting: true) }
        do {
            _ = try Store.open(at: path, forWriting: true)
        } catch {
            #expect("\(error)".contains("inconsistent") && "\(error)".contains("parcours verify"))
        }
        #expect(FileManager.default.fileExists(atPath: path + "/segments/" + files[2]), "the committed file was not swept")
    }

    @Test("snapshot ids edited: verify reports them out of sequence, and nothing is written")
    func editedSnapshotIDs() throws {
        let (path, files) = try Self.store("fault-ids")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.sql(path, "UPDATE segments SET created_snapshot = 1 WHERE created_snapshot = 4")
        #expect(!(try Store.open(at: path).verify().isHealthy))
        #expect(throws: StorageError.self) { _ = try Store.open(at: path, forWriting: true) }
        try Self.sql(path, "UPDATE segments SET created_snapshot = 4 WHERE id = 3; UPDATE snapshots SET id = 9 WHERE id = 4")
        let report = try Store.open(at: path).verify()
        #expect(report.problems.contains { $0.contains("not 1 to 4 in sequence") }, "\(report.problems)")
        #expect(throws: StorageError.self) { _ = try Store.open(at: path, forWriting: true) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: path + "/segments").count == files.count)
    }

    @Test("catalog values of the wrong type or pointing outside the store: errors naming table, row and column, never a trap")
    func mistypedValues() throws {
        let edits: [(String, String)] = [
            ("UPDATE segments SET row_count = 'many' WHERE id = 2", "row_count"),
            ("UPDATE column_chunks SET encoding = 7 WHERE segment_id = 1 AND position = 0", "encoding"),
            ("UPDATE column_chunks SET null_count = -4 WHERE segment_id = 1 AND position = 1", "null_count"),
            ("UPDATE segments SET file_name = '../../catalog.sqlite' WHERE id = 1", "file_name"),
            ("UPDATE columns SET type = 'decimal' WHERE position = 1", "type"),
            ("UPDATE snapshots SET created_at = x'00ff' WHERE id = 2", "created_at"),
        ]
        for (edit, column) in edits {
            let (path, _) = try Self.store("fault-typed")
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Self.sql(path, edit)
            let reader = try Store.open(at: path)
            do {
                _ = try reader.snapshot()
                _ = try reader.log()
                Issue.record("\(edit): read without an error")
            } catch {
                #expect("\(error)".contains(column) && "\(error)".contains("catalog damaged"), "\(edit): \(error)")
            }
            let report = try reader.verify()
            #expect(!report.isHealthy, "\(edit): verify said ok")
        }
    }

    @Test("an immutable reader notices that the catalog changed under it")
    func immutableReaderSeesChange() throws {
        let (path, _) = try Self.store("fault-immutable")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Store.open(at: path, forWriting: true)
        let reader = try SQLiteDatabase(path: path + "/catalog.sqlite", mode: .immutable)
        #expect(try reader.integer("SELECT count(*) FROM snapshots") == 4)
        try store.append(try ColumnBatch([Column(.int32([1])), Column(.string(StringColumn(["x"])))]), to: "t")
        try Self.sql(path, "PRAGMA wal_checkpoint(TRUNCATE)")
        #expect(throws: StorageError.self) { _ = try reader.integer("SELECT count(*) FROM snapshots") }
    }

    @Test("a store on a read-only mount is read: query, verify", .enabled(if: !mountsSkipped))
    func readOnlyMount() throws {
        try #require(Self.canMount, "mounting needs root (PARCOURS_NO_ROOT=1 skips this test)")
        let (path, _) = try Self.store("fault-readonly")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let expected = try Store.open(at: path).snapshot().table("t").rowCount
        let mountPoint = TestData.temporaryDirectory("readonly-mount")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: mountPoint) }
        #expect(Self.run("/bin/mount", ["--bind", path, mountPoint]) == 0)
        // Lazily: a segment this process mapped (the segment cache keeps mappings) would keep the mount busy.
        defer { _ = Self.run("/bin/umount", ["-l", mountPoint]) }
        #expect(Self.run("/bin/mount", ["-o", "remount,bind,ro", mountPoint]) == 0)
        #expect(!FileManager.default.isWritableFile(atPath: mountPoint + "/segments"))
        let reader = try Store.open(at: mountPoint)
        #expect(try reader.snapshot().table("t").rowCount == expected)
        #expect(try reader.verify().isHealthy)
        #expect(throws: StorageError.self) { _ = try Store.open(at: mountPoint, forWriting: true) }
    }

    @Test("a full disk: the append fails with the error, and the store is exactly as it was", .enabled(if: !mountsSkipped))
    func diskFull() throws {
        try #require(Self.canMount, "mounting needs root (PARCOURS_NO_ROOT=1 skips this test)")
        let mountPoint = TestData.temporaryDirectory("full-disk")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: mountPoint) }
        #expect(Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint]) == 0)
        // Lazily: a segment this process mapped (the segment cache keeps mappings) would keep the mount busy.
        defer { _ = Self.run("/bin/umount", ["-l", mountPoint]) }
        let store = try Store.create(at: mountPoint + "/store", options: StoreOptions(rowGroupSize: 10_000))
        try store.createTable("t", schema: try TableSchema([ColumnDefinition("a", .int64), ColumnDefinition("s", .string)]))
        try store.append(try ColumnBatch([Column(.int64([1, 2, 3])), Column(.string(StringColumn(["a", "b", "c"])))]), to: "t")
        let before = (try store.log().count, try FileManager.default.contentsOfDirectory(atPath: mountPoint + "/store/segments").sorted())
        var rng = SeededGenerator(seed: 5)
        let rows = 200_000
        let big = try ColumnBatch([Column(.int64((0..<rows).map { _ in Int64.random(in: .min ... .max, using: &rng) })),
                                   Column(.string(StringColumn((0..<rows).map { _ in String(UInt64.random(in: 0 ... .max, using: &rng), radix: 36) })))])
        do {
            try store.append(big, to: "t")
            Issue.record("a 200,000-row append fitted in 1 MB")
        } catch {
            #expect("\(error)".contains("No space left on device"), "\(error)")
        }
        #expect(try store.log().count == before.0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: mountPoint + "/store/segments").sorted() == before.1, "no file of the failed append remains")
        #expect(try store.snapshot().table("t").rowCount == 3)
        #expect(try store.verify().isHealthy)
        // And the store still takes what fits.
        try store.append(try ColumnBatch([Column(.int64([4])), Column(.string(StringColumn(["d"])))]), to: "t")
        #expect(try store.snapshot().table("t").rowCount == 4)
    }

    /// Runs a system command; its exit status.
    static func run(_ executable: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
