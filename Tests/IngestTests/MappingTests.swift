import Bench
import Foundation
import Support
import Testing
@testable import Ingest
import Storage

@Suite("Mappings")
struct MappingTests {
    static let key = try! PseudonymisationKey(bytes: Array("mapping tests key of 32 bytes ok".utf8))

    /// A small mapping for hand-written raw files; `replacing` edits its text first.
    static func mapping(dateFormat: String? = "dd/mm/yyyy", replacing edits: [String: String] = [:]) throws -> Mapping {
        var text = """
            // a comment, and trailing commas below: JSON5
            {
              name: "test",
              certifier: "AGRI",
              \(dateFormat.map { "date_format: \"\($0)\"," } ?? "")
              fields: {
                pathway_key: ["Dossier"], birth_name: ["Nom"], first_name: ["Prénom"], birth_date: ["Né le"],
                postcode: ["CP"], certification_code: ["RNCP"], application_date: ["Dépôt"], jury_date: ["Jury"],
                outcome: ["Résultat"], level: ["Niveau"],
              },
              codes: { outcome: { "Validation totale": "TOTAL", "Partielle": "PARTIAL" }, level: { "V": "3" } },
              drop: ["Courriel"],
            }
            """
        for (old, new) in edits { text = text.replacingOccurrences(of: old, with: new) }
        return try Mapping.parse(Data(text.utf8), source: "test.json5")
    }

    static func write(_ lines: [String], _ name: String = "raw.csv") throws -> String {
        let directory = HarmonisedIngestTests.directory("mapping")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let header = "Dossier;NOM;prénom;Né le;CP;Courriel;RNCP;Dépôt;Jury;Résultat;Niveau"

    @Test("a mapping names what is wrong with it")
    func invalidMappings() {
        func error(_ body: () throws -> Mapping) -> String {
            do { _ = try body(); return "" } catch { return "\(error)" }
        }
        #expect(error { try Self.mapping(replacing: ["birth_name:": "nom:"]) }.contains("unknown field 'nom'"))
        #expect(error { try Self.mapping(replacing: ["\"TOTAL\"": "\"TOTALE\""]) }
            .contains("'Validation totale' maps to 'TOTALE', which is not a harmonised outcome"))
        #expect(error { try Self.mapping(replacing: ["codes: { outcome:": "codes: { jury_date:"]) }.contains("not a coded field"))
        #expect(error { try Self.mapping(replacing: ["\"AGRI\"": "\"MINISTERE\""]) }.contains("unknown certifier 'MINISTERE'"))
        #expect(error { try Self.mapping(replacing: ["level: [\"Niveau\"],": "level: [\"Niveau\"], certifier: [\"Certificateur\"],"]) }
            .contains("both as a constant ('AGRI') and as a column"))
        #expect(error { try Self.mapping(dateFormat: "dd.mm.yy") }.contains("date_format 'dd.mm.yy'"))
        #expect(error { try Mapping.parse(Data("{ fields: { ".utf8), source: "broken.json5") }.contains("broken.json5"))
        #expect(error { try Mapping.parse(Data("{ certifier: \"AGRI\", fields: { birth_name: [\"Nom\"] } }".utf8), source: "m") }
            .contains("must say which column holds 'pathway_key'"))
    }

    @Test("headers match with case, accents and spaces folded; every column is mapped or dropped")
    func headers() throws {
        let mapping = try Self.mapping()
        let resolution = try HeaderResolution(header: Self.header.split(separator: ";").map(String.init), mapping: mapping, file: "f")
        #expect(resolution.column(.firstName) == 2 && resolution.column(.birthName) == 1)
        #expect(resolution.missing.isEmpty)
        // A new column nobody decided about is refused, naming it.
        #expect(throws: IngestError.badHeader(file: "f", detail: "column(s) 'NIR' are neither mapped nor dropped by mapping test; add them to \"fields\" or to \"drop\"")) {
            _ = try HeaderResolution(header: (Self.header + ";NIR").split(separator: ";").map(String.init), mapping: mapping, file: "f")
        }
        // Two columns for one field.
        #expect(throws: IngestError.self) {
            _ = try HeaderResolution(header: (Self.header + ";NOM ").split(separator: ";").map(String.init), mapping: mapping, file: "f")
        }
        // A required field missing.
        #expect(throws: IngestError.self) {
            _ = try HeaderResolution(header: ["Dossier", "NOM"], mapping: mapping, file: "f")
        }
    }

    @Test("raw rows: labels folded, postcodes generalised, identity never echoed in rejects")
    func rows() throws {
        let file = try Self.write([
            Self.header,
            "A1;Dupont;Jean;07/03/1980;69003;j@x.fr;RNCP1;15/01/2021;20/06/2022;validation  TOTALE;V",  // stored
            "A2;Dupont;Jean;07/03/1980;20090;;RNCP1;15/01/2021;;;",                                     // Corse-du-Sud
            "A3;Dupont;Jean;07/03/1980;20290;;RNCP1;15/01/2021;;;",                                     // Haute-Corse
            "A4;Dupont;Jean;07/03/1980;97411;;RNCP1;15/01/2021;;;",                                     // La Réunion
            "A5;Dupont;Jean;31/02/1980;69003;;RNCP1;15/01/2021;;;",                                     // impossible birth date
            "A6;Dupont;;07/03/1980;69003;;RNCP1;15/01/2021;;;",                                         // no first name
            "A7;Dupont;Jean;07/03/1980;99999;;RNCP1;15/01/2021;;;",                                     // unknown postcode
            "A8;Dupont;Jean;07/03/1980;69003;;RNCP1;15/01/2021;20/06/2022;Refusé;",                     // unknown outcome label
            ";Dupont;Jean;07/03/1980;69003;;RNCP1;15/01/2021;;;",                                       // no dossier
            "A9;Dupont;Léa;07/03/1980;69003;;RNCP1;15/01/2021;20/06/2022;LEA;",                         // the first name as outcome
            "A10;Dupont;Jean;07/03/1980;69003;;RNCP1;15/01/2021;20/06/2022;Totale;",                    // a label typo: kept
            "A11;Dupont;Jean;07/03/1980;69003;;RNCP1;15/01/2021;07/03/1980;;",                          // the birth date as jury date
            "A12;Dupont;Jean;07/03/1980;69003;;RNCP1;15/01/2021;20/06/2022;Validation totale;IV\"",      // a quote in a level: kept out
        ])
        let store = try Store.create(at: (file as NSString).deletingLastPathComponent + "/store")
        var options = IngestOptions()
        options.extractionDate = CivilDate(year: 2023, month: 6, day: 30)
        let summary = try FileIngest.run(file: file, into: store, mapping: try Self.mapping(), key: Self.key, options: options)
        #expect(summary.rowsStored == 4)
        // A value is kept only when it has its field's shape and is none of the row's identity
        // values; otherwise what it looks like is said instead.
        let rejects = summary.rejected.map { "\($0.line) \($0.column ?? "-") \($0.reason) \($0.value ?? $0.valueDescription.map { "(\($0))" } ?? "-")" }
        #expect(rejects == [
            "6 birth_date impossible date (10 characters: digits and punctuation)",
            "7 first_name incomplete identity: missing first name -",
            "8 postcode not a French postcode of a known department (5 characters: digits)",
            "9 outcome unknown outcome code (not in mapping test) (6 characters: letters)",
            "10 pathway_key missing pathway key -",
            "11 outcome unknown outcome code (not in mapping test) (3 characters: letters)",
            "12 outcome unknown outcome code (not in mapping test) Totale",
            "13 jury_date date outside the plausible window 2002-01-01 to 2024-06-30 (a date outside the plausible window (2002-01-01 to 2024-06-30))",
            "14 level unknown level code (not in mapping test) (3 characters: letters and punctuation)",
        ])
        let table = try store.snapshot().table(PathwaySchema.tableName)
        var departments: [[StatisticValue?]] = []
        var scan = try table.scan(columns: ["department", "region", "outcome", "level", "birth_year"])
        while let batch = try scan.next() {
            batch.forEachRow { row in
                departments.append([batch.columns[0].value(at: row), batch.columns[1].value(at: row)])
                if row == 0 {
                    #expect(batch.columns[2].value(at: row) == .text("TOTAL") && batch.columns[3].value(at: row) == .integer(3))
                    #expect(batch.columns[4].value(at: row) == .integer(1980))
                }
            }
        }
        #expect(departments == [["69", "84"], ["2A", "94"], ["2B", "94"], ["974", "04"]].map { $0.map { StatisticValue.text($0) } })
    }

    @Test("dd/mm or mm/dd is decided from the data, and an undecidable file is an error, never a guess")
    func dateFormats() throws {
        let mapping = try Self.mapping(dateFormat: nil)
        func ingest(_ dates: [String], birth: String = "01/02/1990", format: DateFormat? = nil) throws -> IngestSummary {
            let lines = [Self.header] + dates.enumerated().map { "B\($0.offset);Martin;Léa;\(birth);75001;;RNCP2;\($0.element);;;" }
            let file = try Self.write(lines)
            let store = try Store.create(at: (file as NSString).deletingLastPathComponent + "/store")
            var options = IngestOptions()
            options.dateFormat = format
            return try FileIngest.run(file: file, into: store, mapping: mapping, key: Self.key, options: options)
        }
        #expect(try ingest(["01/02/2021", "25/03/2021"]).dateFormat == .dayMonthYear)
        #expect(try ingest(["01/02/2021", "03/25/2021"]).dateFormat == .monthDayYear)
        #expect(try ingest(["2021-02-01", "2021-03-25"], birth: "1990-02-01").dateFormat == .iso)
        do {
            _ = try ingest(["01/02/2021", "03/04/2021"])
            Issue.record("an undecidable file was ingested")
        } catch let error as IngestError {
            #expect("\(error)".contains("cannot tell dd/mm/yyyy from mm/dd/yyyy"))
        }
        #expect(throws: IngestError.self) { _ = try ingest(["25/02/2021", "03/25/2021"]) }
        // The user decides: the option wins.
        #expect(try ingest(["01/02/2021", "03/04/2021"], format: .monthDayYear).rowsStored == 2)
    }

    @Test("chunks cut anywhere, even inside quoted line breaks: rows and reject lines are those of one sequential pass",
          arguments: [false, true])
    func chunkedLineNumbers(lineBreaksInQuotes: Bool) throws {
        var lines = [Self.header]
        var expectedRejects: [Int] = []
        var physicalLine = 2
        for row in 0..<4_000 {
            let note = lineBreaksInQuotes && row % 3 == 0 ? "\"note\nsur deux lignes\"" : "x@y.fr"
            let outcome = row % 97 == 5 ? "Refusé" : "Partielle"
            if outcome == "Refusé" { expectedRejects.append(physicalLine) }
            lines.append("D\(row);Martin;Léa;01/02/1990;75001;\(note);RNCP2;15/01/2021;20/06/2022;\(outcome);V")
            physicalLine += lineBreaksInQuotes && row % 3 == 0 ? 2 : 1
        }
        let file = try Self.write(lines)
        let mapping = try Self.mapping(replacing: lineBreaksInQuotes ? ["drop: [\"Courriel\"],": "drop: [\"Courriel\"], multiline_fields: true,"] : [:])
        #expect(mapping.multilineFields == lineBreaksInQuotes)
        for threads in [1, 2] {
            let store = try Store.create(at: (file as NSString).deletingLastPathComponent + "/store-\(threads)")
            var options = IngestOptions()
            options.chunkBytes = 1 << 16
            options.threads = threads
            let summary = try FileIngest.run(file: file, into: store, mapping: mapping, key: Self.key, options: options)
            #expect(summary.rowsRead == 4_000 && summary.rowsStored == 4_000 - expectedRejects.count)
            #expect(summary.linesRead == physicalLine - 2)
            #expect(summary.rejected.map(\.line) == expectedRejects, "threads \(threads): \(summary.rejected.prefix(2))")
        }
    }

    @Test("dates parse exactly as the calendar says, from 1890 to 2300, in every form; malformed ones are refused")
    func dateTable() {
        var rng = SplitMix64(seed: 77)
        for _ in 0..<20_000 {
            let y = 1890 + Int(rng.next() % 411), m = Int(rng.next() % 14), d = Int(rng.next() % 33)
            let slashed = String(format: rng.next() % 2 == 0 ? "%02d/%02d/%04d" : "%d/%d/%04d", d, m, y)
            let fromSlashes = Array(slashed.utf8).withUnsafeBytes { FieldParsing.slashDate($0, dayFirst: true) }
            let reference = CivilDate(year: y, month: m, day: d)
            let valid = y >= 1900 && (1...12).contains(m) && d >= 1 && reference.isValid
            switch fromSlashes {
            case .success(let days): #expect(valid && days == reference.daysSinceEpoch, "\(slashed)")
            case .failure(let problem): #expect(!valid && problem == .impossible, "\(slashed)")
            }
            let year = 1890 + Int(rng.next() % 411), month = Int(rng.next() % 14), day = Int(rng.next() % 33)
            let text = String(format: "%04d-%02d-%02d", year, month, day)
            let parsed = Array(text.utf8).withUnsafeBytes { FieldParsing.isoDate($0) }
            let date = CivilDate(year: year, month: month, day: day)
            switch parsed {
            case .success(let days):
                #expect(year >= 1900 && date.isValid && days == date.daysSinceEpoch, "\(text)")
            case .failure(let problem): #expect(problem == .impossible && (year < 1900 || !date.isValid), "\(text)")
            }
            // Malformed: any byte replaced by a non-digit (or a digit where a hyphen goes), or the
            // wrong length.
            var bytes = Array(String(format: "%04d-%02d-%02d", 2000 + Int(rng.next() % 30), 1 + Int(rng.next() % 12), 1 + Int(rng.next() % 28)).utf8)
            let position = Int(rng.next() % 10)
            let replacements: [UInt8] = position == 4 || position == 7 ? Array("0/ .".utf8) : Array("/:-a \u{7F}".utf8) + [0x2F, 0x3A, 0xB0, 0xF9]
            bytes[position] = replacements[Int(rng.next() % UInt64(replacements.count))]
            let broken = bytes.withUnsafeBytes { FieldParsing.isoDate($0) }
            #expect(broken == .failure(.malformed), "\(bytes)")
            let cut = bytes.withUnsafeBytes { FieldParsing.isoDate(UnsafeRawBufferPointer(rebasing: $0.prefix(9))) }
            #expect(cut == .failure(.malformed))
            // The same for dd/mm/yyyy: a digit replaced by what is neither a digit nor a separator.
            var french = Array(String(format: "%02d/%02d/%04d", 1 + Int(rng.next() % 28), 1 + Int(rng.next() % 12), 2000 + Int(rng.next() % 30)).utf8)
            let digitPositions = [0, 1, 3, 4, 6, 7, 8, 9]
            let noDigits: [UInt8] = Array(":a \u{7F}".utf8) + [0x2F + 0x0B, 0xB0, 0xF9, 0x39 + 1]
            french[digitPositions[Int(rng.next() % 8)]] = noDigits[Int(rng.next() % UInt64(noDigits.count))]
            let brokenFrench = french.withUnsafeBytes { FieldParsing.slashDate($0, dayFirst: true) }
            #expect(brokenFrench == .failure(.malformed), "\(french)")
        }
    }

    @Test("postcodes give departments; anything else is nil")
    func postcodes() {
        func department(_ text: String) -> String? {
            Array(text.utf8).withUnsafeBytes { Postcodes.department($0) }.map { PathwayCodes.departments[Int($0)] }
        }
        #expect(department("01000") == "01" && department("75012") == "75" && department("20000") == "2A")
        #expect(department("20199") == "2A" && department("20200") == "2B" && department("20620") == "2B")
        #expect(department("97100") == "971" && department("97600") == "976")
        #expect(department("97500") == nil && department("98000") == nil && department("7501") == nil && department("7501A") == nil)
    }
}

@Suite("Mapped fields")
struct MappedFieldTests {
    @Test("each field's ordinal is its position in allCases")
    func ordinals() {
        #expect(MappedField.allCases.map(\.ordinal) == Array(MappedField.allCases.indices))
    }
}
