import Bench
import Foundation
import Ingest
import Storage
import StorageTestSupport
import Support
import Testing

/// Kills `parcours ingest` with SIGKILL at random moments (replayed from a fixed seed) and checks
/// after each kill that the store is exactly as before the run, or holds the run's whole batch —
/// never a part of it. Trials: `PARCOURS_INGEST_KILLS` (default 12).
@Suite("Ingest killed")
struct IngestKillTests {
    struct State: Equatable {
        var snapshots: Int
        var batches: Int
        var liveRows: Int
        var physicalRows: Int
    }

    static func state(_ path: String) throws -> State {
        let store = try Store.open(at: path)
        let table = try store.snapshot().tables.first { $0.name == PathwaySchema.tableName }
        return State(snapshots: try store.log().count, batches: try IngestLedger(store).batches().count,
                     liveRows: table?.rowCount ?? 0, physicalRows: table?.physicalRowCount ?? 0)
    }

    @Test("a kill during ingest leaves the store as it was, or with the whole batch")
    func killedIngest() throws {
        try #require(FileManager.default.isExecutableFile(atPath: PrivacyScan.parcoursPath), "build the parcours executable first")
        let trials = Int(ProcessInfo.processInfo.environment["PARCOURS_INGEST_KILLS"] ?? "") ?? 12
        let directory = HarmonisedIngestTests.directory("kill")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let rows = 60_000
        _ = try SampleGenerator.run(GeneratorOptions(rows: rows, seed: 4), directory: directory, raw: false)
        let file = directory + "/pathways.csv", store = directory + "/store"
        _ = try Store.create(at: store)
        var previous = try Self.state(store)
        var rng = SplitMix64(seed: 0xC0FFEE)
        var completed = 0, interrupted = 0
        for trial in 0..<trials {
            // --force: a run that completes supersedes the previous batch's rows, so every trial has work to do.
            let child = try ChildProcess(PrivacyScan.parcoursPath, ["ingest", store, file, "--force"])
            usleep(UInt32(20_000 + rng.next() % 900_000))
            child.kill()
            let report = try Store.open(at: store).verify()
            #expect(report.isHealthy, "trial \(trial): \(report.problems)")
            let now = try Self.state(store)
            if now == previous {
                interrupted += 1
            } else {
                completed += 1
                let expected = State(snapshots: previous.snapshots + 1, batches: previous.batches + 1, liveRows: rows,
                                     physicalRows: previous.physicalRows + rows)
                #expect(now == expected, "trial \(trial): a partial ingest is visible")
            }
            previous = now
        }
        print("ingest kill test: \(trials) kills, \(interrupted) interrupted runs left no trace, \(completed) had completed")
        #expect(interrupted > 0, "no kill landed inside an ingest: the test proved nothing")
        // The next writer sweeps the interrupted runs' files and ingests normally.
        let writer = try Store.open(at: store, forWriting: true)
        #expect(try writer.verify().unreferencedFiles.isEmpty)
    }

    @Test("a write that fails (file size limit standing in for a full disk) leaves the store as it was")
    func failedWrite() throws {
        try #require(FileManager.default.isExecutableFile(atPath: PrivacyScan.parcoursPath), "build the parcours executable first")
        let directory = HarmonisedIngestTests.directory("full")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try SampleGenerator.run(GeneratorOptions(rows: 200_000, seed: 6), directory: directory, raw: false)
        let store = directory + "/store"
        do {
            let writer = try Store.create(at: store)
            try writer.createTable(PathwaySchema.tableName, schema: PathwaySchema.schema)
        }
        let before = try Self.state(store)
        let segmentsBefore = try FileManager.default.contentsOfDirectory(atPath: store + "/segments")
        // 1,000 blocks of 512 bytes: the first segment file (several MB) cannot be written. SIGXFSZ
        // is ignored so that the write fails with EFBIG instead of killing the process.
        let command = "trap '' XFSZ; ulimit -f 1000; exec '\(PrivacyScan.parcoursPath)' ingest '\(store)' '\(directory)/pathways.csv'"
        let child = try ChildProcess("/bin/sh", ["-c", command])
        let status = child.waitForExit()
        let errors = child.readErrors()
        #expect(status != 0, "the ingest should have failed")
        #expect(errors.contains("writing") || errors.contains("File too large"), "\(errors)")
        #expect(try Self.state(store) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store + "/segments") == segmentsBefore, "no file of the failed run remains")
        #expect(try Store.open(at: store).verify().isHealthy)
    }
}
