import Bench
import Foundation
@testable import Ingest
import Storage
import Support
import Testing

/// Certifier files that used to lose lines silently, hash names wrongly, trap or hang the ingest:
/// each now gives a clear error or rejected lines, and the store stays as it was or holds exactly
/// what the file says.
@Suite("Ingest robustness")
struct IngestRobustnessTests {
    static let key = MappingTests.key

    /// The candidate ids of a store's pathways, by pathway id.
    static func candidates(_ store: Store) throws -> [Int64: UInt64] {
        try RawIngestTests.storedRows(store).mapValues(\.candidateID)
    }

    @Test("stray quotes in a harmonised file: every line is a record, stored or rejected, on one thread or several")
    func strayQuotesHarmonised() throws {
        let directory = HarmonisedIngestTests.directory("stray")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try SampleGenerator.run(GeneratorOptions(rows: 3_000, seed: 8), directory: directory, raw: false)
        var lines = try String(contentsOfFile: directory + "/pathways.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        var broken = 0
        for index in stride(from: 5, to: lines.count, by: 31) {
            var fields = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[7] = "\"" + fields[7]  // a quote opened before the sex value, never closed on the line
            lines[index] = fields.joined(separator: ",")
            broken += 1
        }
        let file = directory + "/stray.csv"
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        for threads in [1, 2] {
            var options = IngestOptions()
            options.threads = threads
            options.chunkBytes = 1 << 16
            let summary = try FileIngest.run(file: file, into: try Store.create(at: directory + "/store-\(threads)"), options: options)
            #expect(summary.linesRead == lines.count - 1 && summary.rowsRead == lines.count - 1)
            #expect(summary.rowsStored + summary.rejected.count == summary.rowsRead)
            #expect(summary.rejected.filter { $0.reason.hasPrefix("unbalanced quote") }.count == broken)
            #expect(summary.rowsStored == lines.count - 1 - broken)
        }
    }

    /// A small raw file whose header and first 64 KiB are ASCII, then names with accents.
    static func lateAccents(_ directory: String, utf8: Bool) throws -> (file: String, accented: [(dossier: String, name: String, first: String)]) {
        var text = "Dossier;NOM;prenom;Ne le;CP;Courriel;RNCP;Depot;Jury;Resultat;Niveau\n"
        for row in 0..<1_500 { text += "A\(row);Dupont;Jean;07/03/1980;69003;;RNCP1;15/01/2021;;;\n" }
        let names = [("Lefèvre", "Hélène"), ("Noël", "Bénédicte"), ("Œuvray", "Zoé"), ("Müller", "François")]
        var accented: [(String, String, String)] = []
        for row in 0..<40 {
            let (name, first) = names[row % names.count]
            accented.append(("B\(row)", name, first))
            text += "B\(row);\(name);\(first);07/03/1980;69003;;RNCP1;15/01/2021;;;\n"
        }
        #expect(text.utf8.prefix(70_000).allSatisfy { $0 < 0x80 }, "the first 64 KiB are ASCII")
        var bytes: [UInt8] = []
        if utf8 { bytes = Array(text.utf8) } else { Windows1252.encode(text, into: &bytes) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = directory + "/late-accents-\(utf8 ? "utf8" : "cp1252").csv"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return (file, accented)
    }

    @Test("a Windows-1252 file with accents after 64 KiB of ASCII: read again as Windows-1252, pseudonyms right; a declared encoding the file contradicts is refused")
    func encodingOverTheWholeFile() throws {
        let directory = HarmonisedIngestTests.directory("encoding")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (file, accented) = try Self.lateAccents(directory, utf8: false)
        let mapping = try MappingTests.mapping()
        // Guessed from the first 64 KiB (UTF-8), contradicted by line 1,502: read again, and said.
        let guessed = try Store.create(at: directory + "/guessed")
        let summary = try FileIngest.run(file: file, into: guessed, mapping: mapping, key: Self.key)
        #expect(summary.dialect?.encoding == .windows1252 && summary.rowsStored == 1_540)
        #expect(summary.warnings.contains { $0.contains("line 1502 is not UTF-8") }, "\(summary.warnings)")
        // The pseudonyms are those of the names as written, computed independently.
        let pseudonymiser = Pseudonymiser(key: Self.key)
        let birth = CivilDate(year: 1980, month: 3, day: 7).daysSinceEpoch
        let expected = Set(try accented.map { try pseudonymiser.pseudonym(birthName: $0.name, firstName: $0.first, birthDate: birth) })
        let stored = Set(try Self.candidates(guessed).values)
        #expect(expected.isSubset(of: stored), "every accented name has its right pseudonym")
        // Declared Windows-1252: the same store content.
        var declared = IngestOptions()
        declared.encoding = .windows1252
        let right = try Store.create(at: directory + "/declared")
        _ = try FileIngest.run(file: file, into: right, mapping: mapping, key: Self.key, options: declared)
        #expect(try Self.candidates(right) == Self.candidates(guessed))
        // Declared UTF-8: refused, naming the first line that is not, and nothing is stored.
        var wrong = IngestOptions()
        wrong.encoding = .utf8
        let refused = try Store.create(at: directory + "/refused")
        #expect(throws: IngestError.encodingMismatch(file: file, line: 1_502, detail: "the file is declared UTF-8 but this line is not UTF-8 (perhaps windows-1252); fix the mapping's encoding or give --encoding windows-1252")) {
            _ = try FileIngest.run(file: file, into: refused, mapping: mapping, key: Self.key, options: wrong)
        }
        #expect(try IngestLedger(refused).batches().isEmpty && refused.snapshot().tables.isEmpty)
        // A UTF-8 file declared Windows-1252 (its certifier's software changed): refused too.
        let (utf8File, _) = try Self.lateAccents(directory, utf8: true)
        #expect(throws: IngestError.self) {
            _ = try FileIngest.run(file: utf8File, into: refused, mapping: mapping, key: Self.key, options: declared)
        }
        #expect(try IngestLedger(refused).batches().isEmpty)
    }

    @Test("weak keys are refused for a new store and warned about on a store already made under one")
    func weakKeys() throws {
        let directory = HarmonisedIngestTests.directory("weak-keys")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = try MappingTests.write([MappingTests.header, "A1;Dupont;Jean;07/03/1980;69003;;RNCP1;15/01/2021;;;"])
        let mapping = try MappingTests.mapping()
        let weak: [[UInt8]] = [[UInt8](repeating: 0, count: 16), Array(String(repeating: " ", count: 20).utf8),
                               Array("abcdabcdabcdabcdabcd".utf8), Array("correct horse battery staple".utf8)]
        for bytes in weak {
            let key = try PseudonymisationKey(bytes: bytes)
            #expect(key.weakness != nil, "\(bytes.count) bytes")
            let store = try Store.create(at: directory + "/new-\(UUID().uuidString)")
            #expect(throws: PrivacyError.weakKey(reason: key.weakness ?? "")) {
                _ = try FileIngest.run(file: file, into: store, mapping: mapping, key: key)
            }
            #expect(try store.snapshot().tables.isEmpty)
        }
        #expect(Self.key.weakness == nil)
        #expect(try PseudonymisationKey(bytes: (0..<32).map { UInt8($0 * 7 + 3) }).weakness == nil)
        // A store fingerprinted under a weak key before keys were checked: it keeps working (a new
        // key would split every candidate), with a warning at every ingest.
        let key = try PseudonymisationKey(bytes: [UInt8](repeating: 0, count: 16))
        let old = try Store.create(at: directory + "/old")
        _ = try IngestLedger(old)
        try old.updateCatalog { catalog throws(StorageError) in
            try catalog.run("""
                INSERT INTO batches (snapshot_id, table_name, source_name, source_sha256, source_bytes, key_fingerprint, rows_read, rows_stored, rows_rejected)
                VALUES (1, 'pathways', 'earlier.csv', 'ab', 1, ?, 0, 0, 0)
                """, [.text(key.fingerprint)])
        }
        let summary = try FileIngest.run(file: file, into: old, mapping: mapping, key: key)
        #expect(summary.rowsStored == 1)
        #expect(summary.warnings.contains { $0.contains("weak") && $0.contains("re-key") })
    }

    @Test("dates: a huge year is a reject, not a trap; dates outside their window are rejected; the extraction date moves the window")
    func dateWindows() throws {
        let lines = [
            MappingTests.header,
            "A1;Dupont;Jean;07/03/1980;69003;;RNCP1;10/11/99999999999999999999;;;",  // overflowing year
            "A2;Dupont;Jean;07/03/1980;69003;;RNCP1;15/01/2021;30/12/9999;;",         // a jury in 9999
            "A3;Dupont;Jean;07/03/1850;69003;;RNCP1;15/01/2021;;;",                   // born before 1920
            "A4;Dupont;Jean;07/03/1980;69003;;RNCP1;15/01/1998;;;",                   // applied before the VAE
            "A5;Dupont;Jean;07/03/1980;69003;;RNCP1;15/01/2021;20/06/2024;;",         // a jury after the extraction + 1 year
            "A6;Dupont;Jean;07/03/1980;69003;;RNCP1;15/01/2021;20/06/2022;;",         // stored
        ]
        let file = try MappingTests.write(lines)
        var options = IngestOptions()
        options.extractionDate = CivilDate(year: 2023, month: 1, day: 31)
        let store = try Store.create(at: (file as NSString).deletingLastPathComponent + "/store")
        let summary = try FileIngest.run(file: file, into: store, mapping: try MappingTests.mapping(), key: Self.key, options: options)
        #expect(summary.rowsStored == 1)
        #expect(summary.rejected.map(\.reason) == [
            "unparseable date, expected dd/mm/yyyy",
            "date outside the plausible window 2002-01-01 to 2024-02-01",
            "date outside the plausible window 1920-01-01 to 2023-01-31",
            "date outside the plausible window 2002-01-01 to 2024-02-01",
            "date outside the plausible window 2002-01-01 to 2024-02-01",
        ])
        #expect(summary.rejected.allSatisfy { $0.value == nil })
        // Extracted later, the jury of 2024 is plausible.
        options.extractionDate = CivilDate(year: 2024, month: 1, day: 31)
        options.force = true
        #expect(try FileIngest.run(file: file, into: store, mapping: try MappingTests.mapping(), key: Self.key, options: options).rowsStored == 2)
        // A harmonised file: a stored 9999-12-30 is refused too.
        let harmonised = (file as NSString).deletingLastPathComponent + "/harmonised.csv"
        let good = "1,00000000000000a1,EDUC_NAT,RNCP34825,3,84,69,F,1980,EMPLOYED,CPF,,2020-02-01,,,,,9999-12-30,,"
        try [HarmonisedIngestTests.header, good].joined(separator: "\n").write(toFile: harmonised, atomically: true, encoding: .utf8)
        let refused = try FileIngest.run(file: harmonised, into: try Store.create(at: (file as NSString).deletingLastPathComponent + "/h"))
        #expect(refused.rowsStored == 0 && refused.rejected.first?.column == "jury_date")
    }

    @Test("a FIFO given as a file, a mapping or a key is refused at once, never waited on")
    func fifos() throws {
        let directory = HarmonisedIngestTests.directory("fifo")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let fifo = directory + "/pipe.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        let store = try Store.create(at: directory + "/store")
        #expect(throws: IngestError.file(.notARegularFile(path: fifo))) { _ = try FileIngest.run(file: fifo, into: store) }
        #expect(throws: MappingError.unreadable(path: fifo, reason: StorageError.notARegularFile(path: fifo).description)) {
            _ = try Mapping.load(path: fifo)
        }
        #expect(throws: PrivacyError.keyFileUnreadable(path: fifo, reason: StorageError.notARegularFile(path: fifo).description)) {
            _ = try PseudonymisationKey(file: fifo)
        }
        #expect(throws: MappingError.self) { _ = try Mapping.load(path: directory) }
        #expect(try IngestLedger(store).batches().isEmpty)
    }

    @Test("a misspelt mapping key is refused with the key it resembles")
    func unknownMappingKeys() throws {
        func error(_ edits: [String: String]) -> String {
            do { _ = try MappingTests.mapping(replacing: edits); return "" } catch { return "\(error)" }
        }
        #expect(error(["name: \"test\",": "name: \"test\", encodng: \"utf-8\","]).contains("unknown key \"encodng\"; did you mean \"encoding\"?"))
        #expect(error(["name: \"test\",": "name: \"test\", date_fromat: \"dd/mm/yyyy\","]).contains("did you mean \"date_format\"?"))
        #expect(error(["name: \"test\",": "name: \"test\", colour: 3,"]).contains("unknown key \"colour\"; keys are: name, certifier"))
        #expect(error(["name: \"test\",": "name: \"test\", extraction_date: \"31/01/2024\","]).contains("extraction_date '31/01/2024' is not a date"))
        #expect(try MappingTests.mapping(replacing: ["name: \"test\",": "name: \"test\", extraction_date: \"2024-01-31\","]).extractionDate
            == CivilDate(year: 2024, month: 1, day: 31))
    }

    @Test("a header missing a column, or naming one twice, says so")
    func headerProblems() throws {
        let directory = HarmonisedIngestTests.directory("header")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let row = "1,00000000000000a1,EDUC_NAT,RNCP34825,3,84,69,F,1980,EMPLOYED,CPF,,2020-02-01,,,,,,,"
        let columns = PathwaySchema.columnNames
        func attempt(_ header: [String]) -> String {
            let file = directory + "/\(UUID().uuidString).csv"
            do {
                try ([header.joined(separator: ","), row, row.replacingOccurrences(of: "1,0000", with: "2,0000")].joined(separator: "\n") + "\n")
                    .write(toFile: file, atomically: true, encoding: .utf8)
                _ = try FileIngest.run(file: file, into: try Store.create(at: directory + "/\(UUID().uuidString)"))
                return ""
            } catch { return "\(error)" }
        }
        #expect(attempt(Array(columns.dropLast())).contains("the header has 19 columns but the lines under it have 20: a column name is missing"))
        #expect(attempt(columns.dropLast() + ["outcome"]).contains("column 'outcome' appears 2 times"))
    }
}
