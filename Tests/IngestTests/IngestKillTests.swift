import Bench
import Foundation
import Ingest
import Storage
import StorageTestSupport
import Support
import Testing

/// Kills `parcours ingest` at each named failpoint of a commit (`Failpoint`: after a segment file
/// is written, after they are all renamed, inside the catalog transaction before it commits, after
/// it commits), at several occurrences, and checks after each kill that the store is exactly as
/// before the run, or holds the run's whole batch (killed after the commit) — never a part of it.
/// Deterministic: no timing decides where the process dies.
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

    /// Where each run is killed: every point, the segment point at its first, a middle and its last file.
    static let kills = ["store.segment-written@1", "store.segment-written@2", "store.segment-written@3", "store.segments-renamed",
                        "store.before-catalog-commit", "store.committed"]

    @Test("a kill at any point of an ingest leaves the store as it was, or with the whole batch")
    func killedIngest() throws {
        try #require(FileManager.default.isExecutableFile(atPath: PrivacyScan.parcoursPath), "build the parcours executable first")
        #expect(Set(Self.kills.map { String($0.split(separator: "@")[0]) }) == Set(Failpoint.names), "every failpoint is tried")
        let directory = HarmonisedIngestTests.directory("kill")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Three row groups of the default size (122,880 rows): the segment point is reached three times per run.
        let rows = 250_000
        _ = try SampleGenerator.run(GeneratorOptions(rows: rows, seed: 4), directory: directory, raw: false)
        let file = directory + "/pathways.csv", store = directory + "/store"
        _ = try Store.create(at: store)
        var previous = try Self.state(store)
        for kill in Self.kills {
            // --force: a run that completes supersedes the previous batch's rows, so every run has work to do.
            let command = "PARCOURS_FAILPOINT='\(kill)' exec '\(PrivacyScan.parcoursPath)' ingest '\(store)' '\(file)' --force --threads 2"
            let child = try ChildProcess("/bin/sh", ["-c", command])
            let outcome = child.collect()
            #expect(outcome.status == 128 + SIGKILL, "\(kill): the run was not killed (status \(outcome.status)): \(outcome.errors)")
            let report = try Store.open(at: store).verify()
            #expect(report.isHealthy, "\(kill): \(report.problems)")
            let now = try Self.state(store)
            if kill == "store.committed" {
                let expected = State(snapshots: previous.snapshots + 1, batches: previous.batches + 1, liveRows: rows,
                                     physicalRows: previous.physicalRows + rows)
                #expect(now == expected, "\(kill): the committed batch is not whole")
            } else {
                #expect(now == previous, "\(kill): a killed run left a trace")
            }
            previous = now
        }
        // The next writer sweeps the killed runs' files, and an ingest runs normally.
        do {
            let writer = try Store.open(at: store, forWriting: true)
            #expect(try writer.verify().unreferencedFiles.isEmpty)
        }
        let child = try ChildProcess(PrivacyScan.parcoursPath, ["ingest", store, file, "--force"])
        #expect(child.collect().status == 0)
        #expect(try Self.state(store).batches == previous.batches + 1)
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
