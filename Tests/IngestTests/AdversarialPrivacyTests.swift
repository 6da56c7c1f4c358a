@testable import Bench
import Foundation
@testable import Ingest
import Storage
import Support
import Testing

/// Damaged certifier files, as an adversary (or a tired spreadsheet) makes them: a stray quote that
/// used to swallow whole lines into a "sex value", identity columns under stored ones, a mapping
/// that reads e-mails as outcomes. Each is ingested by the real `parcours` binary; then every byte
/// of the store and everything the commands printed is searched for every identity value of the
/// input. None may be found, and every line must be stored or rejected.
@Suite("Privacy of rejects under damaged files")
struct AdversarialPrivacyTests {
    static let options = GeneratorOptions(rows: 4_000, seed: 21, defectRate: 0)
    static let keyBytes = Array("adversarial test key: 32 bytes!!".utf8)

    /// A folder with the sample's raw files and the key.
    static func sample(_ name: String) throws -> String {
        let directory = HarmonisedIngestTests.directory(name)
        _ = try SampleGenerator.run(options, directory: directory + "/files", harmonised: false)
        try Data(keyBytes).write(to: URL(fileURLWithPath: directory + "/key"))
        return directory
    }

    static func mapping(_ style: RawFileStyle) -> String { RawIngestTests.mappingsDirectory + "/\(style.name).json5" }

    /// What the commands printed: `text` to search for every identity value of four bytes and
    /// more; `numbered` (rejects as CSV and JSON, which also print byte offsets: numbers of five to
    /// seven digits that a postcode can equal by chance) for those of six bytes and more — the
    /// values they print are the table's, searched in `text` with the postcodes.
    struct Printed {
        var text = ""
        var numbered = ""
    }

    /// Ingests `file` through `mapping` with the CLI, then lists, describes, logs and verifies the
    /// store in every output mode; everything printed.
    static func ingestAndReport(_ file: String, mapping: String, store: String, key: String) throws -> Printed {
        let run = try PrivacyScan.parcours(["ingest", store, file, "--mapping", mapping, "--key-file", key])
        #expect(run.status == 0, "ingest: \(run.output)")
        var printed = Printed(text: run.output)
        for command in [["rejects", store, "--limit", "0"], ["describe", store], ["log", store], ["verify", store],
                        ["rejects", store, "--mode", "csv"], ["rejects", store, "--mode", "json"]] {
            let report = try PrivacyScan.parcours(command)
            #expect(report.status == 0, "\(command[0]): \(report.output)")
            if command.contains("--mode") { printed.numbered += report.output } else { printed.text += report.output }
        }
        // The quality page and its rejects (CSV, with byte offsets).
        let quality = store + "-quality"  // a fixed name: a random one could hold a postcode by chance
        let page = try PrivacyScan.parcours(["quality", store, "--out", quality])
        #expect(page.status == 0, "quality: \(page.output)")
        printed.text += page.output + ((try? String(contentsOfFile: quality + "/quality.html", encoding: .utf8)) ?? "")
        printed.numbered += (try? String(contentsOfFile: quality + "/rejects.csv", encoding: .utf8)) ?? ""
        #expect(printed.text.contains("<html"), "the quality page was written")
        return printed
    }

    /// Every batch accounts for every line: lines = records = stored + rejected.
    static func expectEveryLineAccounted(_ store: String, lines: Int) throws {
        for batch in try IngestLedger(try Store.open(at: store)).batches() {
            #expect(batch.linesRead == lines && batch.rowsRead == lines, "\(batch.sourceName): \(String(describing: batch.linesRead)) lines")
            #expect(batch.rowsStored + batch.rowsRejected == batch.rowsRead)
        }
    }

    static func expectNoLeak(store: String, output: Printed, directory: String, identities: Set<[UInt8]>, rawFile: String) throws {
        // The search finds what is there: the damaged file is full of identities.
        let raw = try Array(Data(contentsOf: URL(fileURLWithPath: rawFile)))
        #expect(PrivacyScan.occurrences(of: identities, minimum: 8, in: raw).count > 300, "control: the input holds identities")
        let leaks = try PrivacyScan.leaks(in: store, identities: identities)
        #expect(leaks.isEmpty, "\(leaks.prefix(5))")
        let printed = PrivacyScan.printed(output.text, identities: identities, directory: directory)
            + PrivacyScan.printed(output.numbered, identities: identities.filter { $0.count >= 6 }, directory: directory)
        #expect(printed.isEmpty, "printed: \(printed.prefix(5))")
    }

    @Test("a stray quote before a sex value and after it four lines later: no line lost, no line kept as a value")
    func strayQuote() throws {
        try #require(FileManager.default.isExecutableFile(atPath: PrivacyScan.parcoursPath), "build the parcours executable first")
        let directory = try Self.sample("stray-quote")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let style = RawFileStyle.travail
        var edit = try RawFileEdit(style, path: directory + "/files/raw/travail.csv")
        let sex = try #require(edit.column(.sex))
        for start in stride(from: 10, to: edit.lines.count - 10, by: 97) {
            edit.lines[start][sex] = "\"" + edit.lines[start][sex]
            edit.lines[start + 4][sex] += "\""
        }
        let file = directory + "/damaged.csv"
        try edit.write(to: file)
        let store = directory + "/store"
        let output = try Self.ingestAndReport(file, mapping: Self.mapping(style), store: store, key: directory + "/key")
        try Self.expectEveryLineAccounted(store, lines: edit.lines.count)
        let rejects = try IngestLedger(try Store.open(at: store)).rejects().map(\.row)
        let broken = rejects.filter { $0.reason.hasPrefix("unbalanced quote") }
        #expect(broken.count == (edit.lines.count - 20 + 96) / 97, "one reject per opening quote, the lines after it read")
        #expect(broken.allSatisfy { $0.value == nil && $0.valueDescription == nil && $0.column == nil })
        #expect(rejects.allSatisfy { ($0.value?.count ?? 0) <= 40 }, "no long value is kept")
        try Self.expectNoLeak(store: store, output: output, directory: directory, identities: PrivacyScan.identityValues(Self.options),
                              rawFile: file)
    }

    @Test("every identity column put under every stored column, at random rows: nothing identifying kept",
          arguments: RawFileStyle.all.indices)
    func misplacedColumns(styleIndex: Int) throws {
        try #require(FileManager.default.isExecutableFile(atPath: PrivacyScan.parcoursPath), "build the parcours executable first")
        let style = RawFileStyle.all[styleIndex]
        let directory = try Self.sample("misplaced-\(style.name)")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var edit = try RawFileEdit(style, path: directory + "/files/raw/\(style.name).csv")
        var rng = SplitMix64(seed: UInt64(styleIndex) + 100)
        var pairs = 0
        for identity in RawFileEdit.identityFields {
            guard let from = edit.column(identity) else { continue }
            for stored in RawFileEdit.storedFields {
                guard let to = edit.column(stored) else { continue }
                pairs += 1
                for _ in 0..<3 {
                    let line = rng.int(0...(edit.lines.count - 1))
                    edit.lines[line][to] = edit.lines[line][from]
                }
            }
        }
        #expect(pairs >= 50)
        let file = directory + "/misplaced.csv"
        try edit.write(to: file)
        let store = directory + "/store"
        let output = try Self.ingestAndReport(file, mapping: Self.mapping(style), store: store, key: directory + "/key")
        try Self.expectEveryLineAccounted(store, lines: edit.lines.count)
        let rejects = try IngestLedger(try Store.open(at: store)).rejects().map(\.row)
        #expect(rejects.count >= pairs, "the misplaced values are refused")
        #expect(rejects.contains { $0.valueDescription != nil }, "withheld values are described")
        try Self.expectNoLeak(store: store, output: output, directory: directory, identities: PrivacyScan.identityValues(Self.options),
                              rawFile: file)
    }

    @Test("a mapping that reads e-mails as outcomes and postcodes as departments keeps none of them")
    func mappingMistakes() throws {
        try #require(FileManager.default.isExecutableFile(atPath: PrivacyScan.parcoursPath), "build the parcours executable first")
        let directory = try Self.sample("mapping-mistakes")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let style = RawFileStyle.santeSocial
        let original = try String(contentsOfFile: Self.mapping(style), encoding: .utf8)
        let mistakes: [(name: String, edits: [(String, String)], described: String)] = [
            ("emails-as-outcomes", [("outcome: [\"Résultat\"],", "outcome: [\"Courriel\"],"),
                                    ("drop: [\"NOM\", \"Courriel\"]", "drop: [\"NOM\", \"Résultat\"]")], "with an @"),
            ("postcodes-as-departments", [("postcode: [\"CP\", \"Code postal\"],", "department: [\"CP\"],")], "5 characters: digits"),
        ]
        let file = directory + "/files/raw/\(style.name).csv"
        var output = Printed()
        for mistake in mistakes {
            var text = original
            for (old, new) in mistake.edits {
                #expect(text.contains(old), "the mapping has \(old)")
                text = text.replacingOccurrences(of: old, with: new)
            }
            let mapping = directory + "/\(mistake.name).json5"
            try text.write(toFile: mapping, atomically: true, encoding: .utf8)
            let store = directory + "/store-\(mistake.name)"
            let printed = try Self.ingestAndReport(file, mapping: mapping, store: store, key: directory + "/key")
            output.text += printed.text
            output.numbered += printed.numbered
            let rejects = try IngestLedger(try Store.open(at: store)).rejects().map(\.row)
            #expect(rejects.count > 500 && rejects.allSatisfy { $0.value == nil }, "\(mistake.name): every value refused, none kept")
            #expect(rejects.contains { $0.valueDescription?.contains(mistake.described) == true }, "\(mistake.name): what it looks like is said")
            let leaks = try PrivacyScan.leaks(in: store, identities: PrivacyScan.identityValues(Self.options))
            #expect(leaks.isEmpty, "\(mistake.name): \(leaks.prefix(5))")
        }
        let store = directory + "/store-\(mistakes[0].name)"
        try Self.expectNoLeak(store: store, output: output, directory: directory, identities: PrivacyScan.identityValues(Self.options),
                              rawFile: file)
    }
}
