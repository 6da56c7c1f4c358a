@testable import Bench
import Foundation
import Ingest
@testable import Storage
import StorageTestSupport
import Testing

/// Runs the real `parcours` binary over the generator's raw files (which carry names, birth dates,
/// postcodes, e-mails, phones, NIR and addresses), then looks for every one of those values in
/// every byte of the store, in every text value of its catalog and segments, and in everything the
/// commands printed (`PrivacyScan`). None may be found; nor may the key.
@Suite("Privacy")
struct PrivacyTests {
    @Test("no identity value of the input, nor the key, reaches the store or any output", arguments: ["csv", "xlsx"])
    func nothingIdentifyingIsKept(format: String) throws {
        try #require(FileManager.default.isExecutableFile(atPath: PrivacyScan.parcoursPath), "build the parcours executable first")
        let directory = HarmonisedIngestTests.directory("privacy")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let options = GeneratorOptions(rows: 3_000, seed: 13, defectRate: 0.03)
        _ = try SampleGenerator.run(options, directory: directory + "/files", harmonised: false, workbooks: format == "xlsx")
        let keyBytes = Array("privacy test key: 32 secret bytes".utf8)
        try Data(keyBytes).write(to: URL(fileURLWithPath: directory + "/key"))
        let store = directory + "/store"
        var outputs = ""
        for style in RawFileStyle.all {
            let run = try PrivacyScan.parcours(["ingest", store, directory + "/files/raw/\(style.name).\(format)",
                                         "--mapping", RawIngestTests.mappingsDirectory + "/\(style.name).json5",
                                         "--key-file", directory + "/key"])
            #expect(run.status == 0, "ingest \(style.name): \(run.output)")
            outputs += run.output
        }
        for command in [["rejects", store, "--limit", "0"], ["describe", store], ["log", store], ["verify", store]] {
            let run = try PrivacyScan.parcours(command)
            #expect(run.status == 0, "\(command[0]): \(run.output)")
            outputs += run.output
        }
        #expect(outputs.contains("rejected"), "the commands printed their reports")

        let identities = PrivacyScan.identityValues(options)
        #expect(identities.count > 10_000)
        // The search finds what is there: the raw files themselves are full of identities (the
        // CSV files; a workbook's parts are compressed).
        for style in RawFileStyle.all {
            let raw = try #require(FileManager.default.contents(atPath: directory + "/files/raw/\(style.name).csv").map(Array.init))
            #expect(PrivacyScan.occurrences(of: identities, minimum: 8, in: raw).count > 500, "control: \(style.name)")
        }
        // Every byte of every file of the store, every text value of its catalog and segments.
        let leaks = try PrivacyScan.leaks(in: store, identities: identities)
        #expect(leaks.isEmpty, "\(leaks.prefix(5))")
        for file in FileManager.default.enumerator(atPath: store)?.compactMap({ $0 as? String }) ?? [] {
            let bytes = FileManager.default.contents(atPath: store + "/" + file).map(Array.init) ?? []
            #expect(PrivacyScan.occurrences(of: [keyBytes], minimum: 8, in: bytes).isEmpty, "\(file) holds the key")
        }
        // Everything the commands printed (values of four bytes and more).
        let printed = PrivacyScan.printed(outputs, identities: identities, directory: directory)
        #expect(printed.isEmpty, "printed: \(printed.prefix(5))")
        #expect(!outputs.contains(String(decoding: keyBytes, as: UTF8.self)))
    }
}
