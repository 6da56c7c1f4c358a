import Bench
import Foundation
@testable import Ingest
import Query
@testable import Storage
import Testing

/// `parcours ingest`, `rejects` and `upgrade` as a user runs them: what they print, in every mode,
/// and what they refuse.
@Suite("Ingest commands")
struct IngestCommandTests {
    static func write(_ text: String, _ path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("rejects as a table, CSV and JSON lines; a batch that does not exist is an error")
    func rejectModes() throws {
        try #require(FileManager.default.isExecutableFile(atPath: PrivacyScan.parcoursPath), "build the parcours executable first")
        let directory = HarmonisedIngestTests.directory("reject-modes")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let good = "1,00000000000000a1,EDUC_NAT,RNCP34825,3,84,69,F,1980,EMPLOYED,CPF,,2020-02-01,,,,,,,"
        let file = directory + "/pathways.csv"
        try Self.write([HarmonisedIngestTests.header, good, good.replacingOccurrences(of: "1,0000", with: "2,0000").replacingOccurrences(of: ",3,84,", with: ",IV,84,"),
                        "3,bad", "", ""].joined(separator: "\n"), file)
        let store = directory + "/store"
        let ingest = try PrivacyScan.parcours(["ingest", store, file])
        #expect(ingest.status == 0 && ingest.output.contains("4 lines, 4 records: 1 stored, 3 rejected"), "\(ingest.output)")
        let table = try PrivacyScan.parcours(["rejects", store])
        #expect(table.status == 0 && table.output.contains("4 lines, 4 records"))
        let csv = try PrivacyScan.parcours(["rejects", store, "--mode", "csv"]).output.split(separator: "\n").map(String.init)
        #expect(csv == [
            "batch,file,line,byte_offset,column,reason,value,value_description",
            "1,pathways.csv,3,\(HarmonisedIngestTests.header.utf8.count + 1 + good.utf8.count + 1),level,\"unparseable value, expected an integer\",IV,",
            "1,pathways.csv,4,\(HarmonisedIngestTests.header.utf8.count + 2 * (good.utf8.count + 1) + 2),,\"wrong column count: 2 fields, expected 20\",,",
            "1,pathways.csv,5,\(HarmonisedIngestTests.header.utf8.count + 2 * (good.utf8.count + 1) + 8),,blank line,,",
        ], "\(csv)")
        let json = try PrivacyScan.parcours(["rejects", store, "--mode", "json"]).output.split(separator: "\n")
        #expect(json.count == 3)
        let first = try JSONSerialization.jsonObject(with: Data(json[0].utf8)) as? [String: Any]
        #expect(first?["column"] as? String == "level" && first?["value"] as? String == "IV" && first?["value_description"] is NSNull)
        let missing = try PrivacyScan.parcours(["rejects", store, "--batch", "9"])
        #expect(missing.status != 0 && missing.output.contains("no batch 9 in") && missing.output.contains("batches are 1"))
    }

    @Test("control characters from a file name or a header are escaped in everything printed")
    func controlCharacters() throws {
        try #require(FileManager.default.isExecutableFile(atPath: PrivacyScan.parcoursPath), "build the parcours executable first")
        let directory = HarmonisedIngestTests.directory("control")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // A file name with a terminal escape and a line break; a header cell with a bell.
        let file = directory + "/evil\u{1B}[31m\nname.csv"
        try Self.write(HarmonisedIngestTests.header + "\n1,00000000000000a1,EDUC_NAT,RNCP34825,3,84,69,X,1980,EMPLOYED,CPF,,2020-02-01,,,,,,,\n", file)
        let store = directory + "/store"
        let run = try PrivacyScan.parcours(["ingest", store, file])
        #expect(run.status == 0)
        var printed = run.output
        for mode in ["table", "csv", "json"] { printed += try PrivacyScan.parcours(["rejects", store, "--mode", mode]).output }
        let badHeader = directory + "/header.csv"
        try Self.write("a;b\u{7}c;d\n1;2;3\n", badHeader)
        let refused = try PrivacyScan.parcours(["ingest", store, badHeader])
        #expect(refused.status != 0)
        printed += refused.output
        #expect(!printed.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{7}" }, "\(printed.debugDescription.prefix(400))")
        #expect(printed.contains("evil\\u{1B}[31m\\nname.csv") || printed.contains("evil\\u001b[31m\\nname.csv"))
        // Every output line is one line of the table: no value broke it.
        #expect(!printed.split(separator: "\n").contains { $0.hasPrefix("name.csv") })
    }

    @Test("a FIFO or a folder given to ingest is refused at once, and no store is left behind")
    func nonRegularFiles() throws {
        try #require(FileManager.default.isExecutableFile(atPath: PrivacyScan.parcoursPath), "build the parcours executable first")
        let directory = HarmonisedIngestTests.directory("cli-fifo")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let fifo = directory + "/pipe.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        for target in [fifo, directory] {
            let run = try PrivacyScan.parcours(["ingest", directory + "/store", target])
            #expect(run.status != 0 && run.output.contains("is not a regular file"), "\(run.output)")
            #expect(!FileManager.default.fileExists(atPath: directory + "/store"))
        }
    }

    @Test("upgrade rewrites an old store's rejects; it says when there is nothing to do")
    func upgrade() throws {
        try #require(FileManager.default.isExecutableFile(atPath: PrivacyScan.parcoursPath), "build the parcours executable first")
        let store = try LedgerMigrationTests.copyOfFixture("upgrade")
        defer { try? FileManager.default.removeItem(atPath: (store as NSString).deletingLastPathComponent) }
        let first = try PrivacyScan.parcours(["upgrade", store])
        #expect(first.status == 0 && first.output.contains("ingest ledger version 0 → 2"), "\(first.output)")
        #expect(LedgerMigrationTests.leaks(store, try LedgerMigrationTests.identities()).isEmpty)
        let second = try PrivacyScan.parcours(["upgrade", store])
        #expect(second.output.contains("is up to date"))
    }

    @Test("verify finds deleted catalog rows and a ledger that disagrees with its store; the next ingest sweeps nothing")
    func verifyFindsDamage() throws {
        try #require(FileManager.default.isExecutableFile(atPath: PrivacyScan.parcoursPath), "build the parcours executable first")
        let directory = HarmonisedIngestTests.directory("verify-damage")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try SampleGenerator.run(GeneratorOptions(rows: 3_000, seed: 4, defectRate: 0.02), directory: directory + "/files")
        let store = directory + "/store"
        try Data(AdversarialPrivacyTests.keyBytes).write(to: URL(fileURLWithPath: directory + "/key"))
        #expect(try PrivacyScan.parcours(["ingest", store, directory + "/files/pathways.csv"]).status == 0)
        #expect(try PrivacyScan.parcours(["ingest", store, directory + "/files/raw/sante-social.csv", "--mapping",
                                          RawIngestTests.mappingsDirectory + "/sante-social.json5", "--key-file", directory + "/key"]).status == 0)
        #expect(try PrivacyScan.parcours(["verify", store]).status == 0)
        func damage(_ sql: String) throws {
            let database = try SQLiteDatabase(path: store + "/catalog.sqlite", readOnly: false)
            try database.execute(sql)
        }
        // A reject deleted from the ledger: the counts no longer reconcile.
        try damage("DELETE FROM rejected_rows WHERE rowid = (SELECT min(rowid) FROM rejected_rows)")
        let ledger = try PrivacyScan.parcours(["verify", store])
        #expect(ledger.status == 1 && ledger.output.contains("rejects counted"), "\(ledger.output)")
        // The rows of a committed segment deleted from the catalog.
        let files = try FileManager.default.contentsOfDirectory(atPath: store + "/segments")
        try damage("DELETE FROM column_chunks WHERE segment_id = 1; DELETE FROM segments WHERE id = 1")
        let lost = try PrivacyScan.parcours(["verify", store])
        #expect(lost.status == 1 && lost.output.contains("says it added"), "\(lost.output)")
        let next = try PrivacyScan.parcours(["ingest", store, directory + "/files/raw/educ-nat.csv", "--mapping",
                                             RawIngestTests.mappingsDirectory + "/educ-nat.json5", "--key-file", directory + "/key"])
        #expect(next.status != 0 && next.output.contains("inconsistent"), "\(next.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: store + "/segments").sorted() == files.sorted(), "no committed file was swept")
    }

    @Test("a store owned by another user is read by the commands that only read it",
          .enabled(if: ProcessInfo.processInfo.environment["PARCOURS_NO_ROOT"] != "1"))
    func anotherUsersStore() throws {
        try #require(FileManager.default.isExecutableFile(atPath: PrivacyScan.parcoursPath), "build the parcours executable first")
        try #require(getuid() == 0, "changing user needs root (PARCOURS_NO_ROOT=1 skips this test)")
        let directory = HarmonisedIngestTests.directory("other-user")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try SampleGenerator.run(GeneratorOptions(rows: 2_000, seed: 6), directory: directory + "/files", raw: false)
        let store = directory + "/store"
        #expect(try PrivacyScan.parcours(["ingest", store, directory + "/files/pathways.csv"]).status == 0)
        #expect(chmod(directory, 0o755) == 0)
        for command in [["query", store, "SELECT count(*) FROM pathways"], ["verify", store], ["rejects", store], ["log", store]] {
            let run = try PrivacyScan.parcours(as: "nobody", command)
            #expect(run.status == 0, "\(command[0]) as nobody: \(run.output)")
            if command[0] == "query" { #expect(run.output.contains("2000")) }
        }
        let write = try PrivacyScan.parcours(as: "nobody", ["ingest", store, directory + "/files/pathways.csv", "--force"])
        #expect(write.status != 0, "a reader without write permission cannot ingest")
    }
}
