import Foundation
import Testing
@testable import Storage
import StorageTestSupport

/// Kills a writer process with SIGKILL at random moments and checks after each kill that the store
/// opens, verifies, and holds exactly the batches whose commit returned (plus at most the one whose
/// commit finished but whose "committed" line the kill swallowed). Trials: `PARCOURS_CRASH_TRIALS`
/// (default 50); the kill delays replay from a fixed seed.
@Suite("Crash safety")
struct CrashTests {
    static var writerPath: String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent("parcours-crash-writer").path
    }

    @Test("a writer killed at random points leaves exactly the committed batches")
    func killedWriter() throws {
        let trials = Int(ProcessInfo.processInfo.environment["PARCOURS_CRASH_TRIALS"] ?? "") ?? 50
        let path = TestData.temporaryDirectory("crash")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let store = try Store.create(at: path)
            try store.createTable("batches", schema: CrashWorkload.schema)
        }
        try #require(FileManager.default.isExecutableFile(atPath: Self.writerPath), "build parcours-crash-writer first")

        var rng = SeededGenerator(seed: 0xDEAD)
        var committed = 0          // batches known to be in the store
        var killsMidCommit = 0     // kills that left files of an unfinished commit behind
        for trial in 0..<trials {
            let writer = try ChildProcess(Self.writerPath, [path])
            usleep(UInt32.random(in: 10_000...120_000, using: &rng))
            writer.kill()
            let lines = writer.readOutput().split(separator: "\n")
            let complaint = writer.readErrors()
            #expect(complaint.isEmpty, "trial \(trial): writer said \(complaint)")
            let reported = lines.compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }.max().map { $0 + 1 } ?? committed

            let store = try Store.open(at: path)
            let report = try store.verify()
            #expect(report.isHealthy, "trial \(trial): \(report.problems)")
            if !report.unreferencedFiles.isEmpty { killsMidCommit += 1 }
            let present = try Self.batchSizes(try store.snapshot().table("batches"))
            let count = present.count
            #expect(count == reported || count == reported + 1,
                    "trial \(trial): \(count) batches in the store, \(reported) reported committed")
            #expect(count >= committed, "trial \(trial): committed batches disappeared")
            for batch in 0..<count {
                #expect(present[batch] == CrashWorkload.size(of: batch), "trial \(trial): batch \(batch) is partial")
            }
            #expect(Set(present.keys) == Set(0..<count), "trial \(trial): batches are not 0..<\(count)")
            committed = count
        }
        print("crash test: \(trials) kills, \(committed) batches committed, \(killsMidCommit) kills left an unfinished commit")
        #expect(committed >= trials / 2, "the writer made too little progress for the test to mean anything")

        // The next writer sweeps what the kills left and the store stays healthy.
        let writer = try Store.open(at: path, forWriting: true)
        let final = try writer.verify()
        #expect(final.isHealthy && final.unreferencedFiles.isEmpty)
    }

    /// Rows per batch id, from a full scan of the `batch` column.
    static func batchSizes(_ table: TableSnapshot) throws -> [Int: Int] {
        var sizes: [Int: Int] = [:]
        var scan = try table.scan(columns: ["batch"])
        while let vector = try scan.next() {
            guard case .int32(let ids) = vector.columns[0].values else { continue }
            vector.forEachRow { sizes[Int(ids[$0]), default: 0] += 1 }
        }
        return sizes
    }
}
