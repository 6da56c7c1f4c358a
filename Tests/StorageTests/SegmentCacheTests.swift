import Foundation
import Testing
@testable import Storage
#if canImport(Glibc)
import Glibc
#endif

/// Segment files are mapped once per process and their chunks' checksums checked once
/// (`SegmentCache`): a file replaced at the same path must be read afresh, and `verify` must still
/// check every byte of a file the process already trusts.
@Suite("Segment cache")
struct SegmentCacheTests {
    private static func makeStore(at path: String, values: [Int64]) throws -> (Store, String) {
        let store = try Store.create(at: path)
        try store.createTable("t", schema: try TableSchema([ColumnDefinition("v", .int64)]))
        let result = try store.append(try ColumnBatch([Column(.int64(values))]), to: "t")
        return (store, result.segmentFiles[0])
    }

    private static func values(_ store: Store) throws -> [Int64] {
        let table = try store.snapshot().table("t")
        let column = try table.read(table.segments[0], columns: [0])[0]
        guard case .int64(let values) = column.values else { return [] }
        return values
    }

    @Test("a segment file replaced at the same path is read from the new file, not the old mapping")
    func replacedFileIsReadAfresh() throws {
        let path = TestData.temporaryDirectory("segment-cache-replaced")
        let other = TestData.temporaryDirectory("segment-cache-other")
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: other)
        }
        let (store, name) = try Self.makeStore(at: path, values: Array(0..<500))
        #expect(try Self.values(store) == Array(0..<500))
        // Another segment of the same shape takes the file's place (a new inode, as a restore
        // from backup or a copied store would make).
        let (_, otherName) = try Self.makeStore(at: other, values: Array(1_000..<1_500))
        let file = path + "/segments/" + name
        #expect(rename(other + "/segments/" + otherName, file) == 0)
        #expect(try Self.values(store) == Array(1_000..<1_500))
    }

    @Test("verify checks every chunk of a segment the process has already read and trusts")
    func verifyIgnoresTrust() throws {
        let path = TestData.temporaryDirectory("segment-cache-verify")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var rng = SeededGenerator(seed: 5)
        let (store, name) = try Self.makeStore(at: path, values: (0..<2_000).map { _ in Int64.random(in: 0...1 << 40, using: &rng) })
        _ = try Self.values(store)
        #expect(try store.verify().isHealthy)

        // Damage the chunk in place and give the file back its modification time: to the cache
        // it is the same file, whose chunk was checked already.
        let file = path + "/segments/" + name
        var before = stat()
        #expect(stat(file, &before) == 0)
        let chunk = try SegmentReader(path: file).footer.chunks[0]
        var bytes = [UInt8](FileManager.default.contents(atPath: file)!)
        bytes[chunk.offset + chunk.storedLength / 2] ^= 0x40
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, file, &times, 0) == 0)
        var after = stat()
        #expect(stat(file, &after) == 0)
        #expect(FileIdentity(after) == FileIdentity(before))

        let report = try store.verify()
        #expect(!report.isHealthy)
        #expect(report.problems.contains { $0.contains("checksum mismatch") })
    }

    @Test("the mappings of deleted segment files are dropped by the next sweep")
    func deletedFilesAreSwept() throws {
        let path = TestData.temporaryDirectory("segment-cache-swept")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (store, name) = try Self.makeStore(at: path, values: Array(0..<100))
        _ = try Self.values(store)
        let file = path + "/segments/" + name
        #expect(SegmentCache.isMapped(file))
        try FileManager.default.removeItem(atPath: path)
        // Enough other files mapped to trigger a sweep.
        let others = TestData.temporaryDirectory("segment-cache-others")
        defer { try? FileManager.default.removeItem(atPath: others) }
        let many = try Store.create(at: others, options: StoreOptions(rowGroupSize: 10))
        try many.createTable("t", schema: try TableSchema([ColumnDefinition("v", .int64)]))
        _ = try many.append(try ColumnBatch([Column(.int64(Array(0..<Int64(10 * SegmentCache.sweepInterval))))]), to: "t")
        let table = try many.snapshot().table("t")
        for segment in table.segments { _ = try table.read(segment, columns: [0]) }
        #expect(!SegmentCache.isMapped(file))
    }
}
