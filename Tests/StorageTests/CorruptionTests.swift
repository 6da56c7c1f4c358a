import Foundation
import Testing
@testable import Storage

@Suite("Corruption")
struct CorruptionTests {
    /// Flips every byte of a segment file in turn (two different masks); each damage must be
    /// reported by `verify` and make a scan of the segment fail, never return values.
    @Test("flipping any byte of a segment file is detected by verify and by a scan")
    func everyByteFlipIsDetected() throws {
        let path = TestData.temporaryDirectory("corruption")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Store.create(at: path)
        try store.createTable("t", schema: try TableSchema([
            ColumnDefinition("code", .string), ColumnDefinition("day", .date), ColumnDefinition("flag", .bool),
        ]))
        var rng = SeededGenerator(seed: 77)
        let rows = 300
        let codes = StringColumn((0..<rows).map { _ in ["RNCP34825", "RNCP4877", "RNCP35830"][Int.random(in: 0..<3, using: &rng)] })
        let days = (0..<rows).map { _ in Int32.random(in: 16_000...20_000, using: &rng) }
        let flags = (0..<rows).map { _ in Bool.random(using: &rng) }
        let result = try store.append(try ColumnBatch([
            Column(.string(codes), validity: ValidityBitmap((0..<rows).map { $0 % 10 != 0 })),
            Column(.date(days)), Column(.bool(flags)),
        ]), to: "t")
        #expect(try store.verify().isHealthy)

        let file = path + "/segments/" + result.segmentFiles[0]
        let original = [UInt8](FileManager.default.contents(atPath: file)!)
        let table = try store.snapshot().table("t")
        var checked = 0
        for position in original.indices {
            for mask: UInt8 in [0xFF, 0x01] {
                var damaged = original
                damaged[position] ^= mask
                try Data(damaged).write(to: URL(fileURLWithPath: file))
                let report = try store.verify()
                #expect(!report.isHealthy, "verify missed a flip at byte \(position) of \(original.count)")
                #expect(throws: StorageError.self, "a scan read through a flip at byte \(position)") {
                    _ = try table.read(table.segments[0], columns: [0, 1, 2])
                }
                checked += 1
            }
        }
        try Data(original).write(to: URL(fileURLWithPath: file))
        #expect(try store.verify().isHealthy)
        #expect(checked == original.count * 2)
    }

    @Test("a corrupt chunk's error names the file and the column")
    func errorNamesFileAndColumn() throws {
        let path = TestData.temporaryDirectory("corruption-message")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Store.create(at: path)
        try store.createTable("t", schema: try TableSchema([ColumnDefinition("a", .int64), ColumnDefinition("b", .int64)]))
        let result = try store.append(try ColumnBatch([Column(.int64(Array(0..<100))), Column(.int64(Array(0..<100)))]), to: "t")
        let file = path + "/segments/" + result.segmentFiles[0]
        var bytes = [UInt8](FileManager.default.contents(atPath: file)!)
        let chunkB = try SegmentReader(path: file).footer.chunks[1]
        bytes[chunkB.offset] ^= 0x10
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let table = try store.snapshot().table("t")
        #expect(throws: StorageError.corruptSegment(file: file, column: "b", detail: "checksum mismatch (the chunk was damaged on disk)")) {
            _ = try table.read(table.segments[0], columns: [1])
        }
        // Column a is intact and still readable.
        #expect(try table.read(table.segments[0], columns: [0])[0].values == .int64(Array(0..<100)))
        let report = try store.verify()
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.contains("column b") == true)
    }

    @Test("a missing or truncated segment file is reported")
    func missingAndTruncated() throws {
        let path = TestData.temporaryDirectory("corruption-missing")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Store.create(at: path, options: StoreOptions(rowGroupSize: 50))
        try store.createTable("t", schema: try TableSchema([ColumnDefinition("a", .int32)]))
        let result = try store.append(try ColumnBatch([Column(.int32(Array(0..<100)))]), to: "t")
        let first = path + "/segments/" + result.segmentFiles[0]
        let second = path + "/segments/" + result.segmentFiles[1]
        try FileManager.default.removeItem(atPath: first)
        let bytes = FileManager.default.contents(atPath: second)!
        try bytes.prefix(bytes.count - 5).write(to: URL(fileURLWithPath: second))
        let report = try store.verify()
        #expect(report.problems.count == 2)
        #expect(report.problems.contains { $0.contains("missing") })
        #expect(report.problems.contains { $0.contains("trailer is damaged or the file is truncated") })
    }
}
