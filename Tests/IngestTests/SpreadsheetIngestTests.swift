@testable import Bench
import Foundation
@testable import Ingest
import Spreadsheet
import SpreadsheetTestSupport
import Storage
import Support
import Testing

/// Workbooks through the ingest: what a certifier's Excel export holds beyond a CSV file's text —
/// a header over two rows with merged cells, real dates beside typed ones, error values, values
/// outside the header, empty formatted rows —, and what a workbook that cannot be read leaves
/// behind: nothing, and one clear message.
@Suite("Spreadsheet ingest")
struct SpreadsheetIngestTests {
    static let key = try! PseudonymisationKey(bytes: Array("spreadsheet ingest test key, 32 b".utf8))

    /// The mapping of the test workbooks: headers as the two-row header composes them.
    static let mapping = try! Mapping.parse(Data("""
        {
          name: "tableur", certifier: "EDUC_NAT", sheet: "Export VAE",
          fields: {
            pathway_key: ["N° dossier"], birth_name: ["Candidat Nom"], first_name: ["Candidat Prénom"],
            birth_date: ["Candidat Naissance"], certification_code: ["Diplôme"],
            application_date: ["Dates dépôt"], jury_date: ["Dates jury"],
          },
          drop: ["Remarque"],
        }
        """.utf8), source: "tableur.json5")

    static var options: IngestOptions {
        var options = IngestOptions()
        options.extractionDate = CivilDate(year: 2024, month: 1, day: 31)
        return options
    }

    static func days(_ year: Int, _ month: Int, _ day: Int) -> Double {
        Double(CivilDate(year: year, month: month, day: day).daysSinceEpoch) + 25_569
    }

    /// Row 1: "N°⏎dossier" (a line break typed in the cell) over A1:A2, "Candidat" over B1:D1, "Diplôme" over E1:E2, "Dates" over
    /// F1:G1, "Remarque" over H1:I1; row 2: the labels under "Candidat" and "Dates".
    static func writeHeader(_ sheet: TestSheet) {
        sheet.merge(0, 0, 1, 0, "N°\ndossier")
        sheet.merge(0, 1, 0, 3, "Candidat")
        sheet.merge(0, 4, 1, 4, "Diplôme")
        sheet.merge(0, 5, 0, 6, "Dates")
        sheet.merge(0, 7, 0, 8, "Remarque")
        for (column, label) in [(1, "Nom"), (2, "Prénom"), (3, "Naissance"), (5, "dépôt"), (6, "jury")] { sheet.string(1, column, label) }
    }

    static func writeCandidate(_ sheet: TestSheet, row: Int, dossier: String) {
        sheet.string(row, 0, dossier)
        sheet.string(row, 1, "MARTIN")
        sheet.string(row, 2, "Léa")
        sheet.string(row, 4, "RNCP1234")
    }

    @Test("a two-row header with merged cells; real and typed dates; every row stored or rejected under its sheet row")
    func mergedHeaderAndDates() throws {
        let directory = HarmonisedIngestTests.directory("xlsx-header")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/export.xlsx"
        let workbook = try TestWorkbook(path: path)
        let notice = try workbook.sheet("Notice")
        notice.string(0, 0, "Export annuel")
        let sheet = try workbook.sheet("Export VAE")
        Self.writeHeader(sheet)
        // Row 3: real dates, a typed jury date (day first: 15 > 12).
        Self.writeCandidate(sheet, row: 2, dossier: "D1")
        sheet.number(2, 3, Self.days(1985, 4, 12), format: "dd/mm/yyyy")
        sheet.number(2, 5, Self.days(2023, 1, 10), format: "dd/mm/yyyy")
        sheet.string(2, 6, "15/06/2023")
        // Row 4: every date typed.
        Self.writeCandidate(sheet, row: 3, dossier: "D2")
        sheet.string(3, 3, "12/04/1985")
        sheet.string(3, 5, "10/01/2023")
        // Row 6 (row 5 left out): 29 February 1900, the day Excel invented.
        Self.writeCandidate(sheet, row: 5, dossier: "D3")
        sheet.number(5, 3, 60, format: "dd/mm/yyyy")
        sheet.number(5, 5, Self.days(2023, 1, 10), format: "dd/mm/yyyy")
        // Row 7: a note under the merged "Remarque", in the column it covers.
        Self.writeCandidate(sheet, row: 6, dossier: "D4")
        sheet.number(6, 3, Self.days(1985, 4, 12), format: "dd/mm/yyyy")
        sheet.number(6, 5, Self.days(2023, 1, 10), format: "dd/mm/yyyy")
        sheet.string(6, 8, "voir mail")
        // Row 8: a value beyond the header.
        Self.writeCandidate(sheet, row: 7, dossier: "D5")
        sheet.number(7, 3, Self.days(1985, 4, 12), format: "dd/mm/yyyy")
        sheet.number(7, 5, Self.days(2023, 1, 10), format: "dd/mm/yyyy")
        sheet.string(7, 10, "?")
        // Row 9: a remark in the merged column's first cell (dropped), a date-time.
        Self.writeCandidate(sheet, row: 8, dossier: "D6")
        sheet.number(8, 3, Self.days(1985, 4, 12), format: "dd/mm/yyyy")
        sheet.number(8, 5, Self.days(2023, 1, 10) + 0.6, format: "dd/mm/yyyy hh:mm")
        sheet.string(8, 7, "dossier complet")
        // Row 10: formatted, empty.
        sheet.blank(9, 3, format: "dd/mm/yyyy")
        sheet.blank(9, 5, format: "dd/mm/yyyy")
        try workbook.close()

        let store = try Store.create(at: directory + "/store")
        let summary = try FileIngest.run(file: path, into: store, mapping: Self.mapping, key: Self.key, options: Self.options)
        #expect(summary.format == "sheet 'Export VAE' of an .xlsx workbook" && summary.dialect == nil)
        #expect(summary.dateFormat == .dayMonthYear, "detected from the typed dates")
        #expect(summary.rowsRead == 6 && summary.rowsStored == 3)
        let rejects = Dictionary(uniqueKeysWithValues: summary.rejected.map { ($0.line, $0) })
        #expect(Set(rejects.keys) == [6, 7, 8])
        #expect(rejects[6]?.column == "birth_date" && rejects[6]?.reason == "impossible date" && rejects[6]?.value == nil)
        #expect(rejects[7]?.reason == "wrong column count: a value in column I, under a merged header cell that names no column of its own")
        #expect(rejects[8]?.reason == "wrong column count: a value beyond the header's last column (I)")
        #expect(summary.warnings.contains { $0.hasPrefix("1 row(s) of the sheet hold no value") })

        let rows = try RawIngestTests.storedRows(store).values.sorted { $0.applicationDate < $1.applicationDate }
        #expect(rows.count == 3)
        let january10 = CivilDate(year: 2023, month: 1, day: 10).daysSinceEpoch
        #expect(rows.allSatisfy { $0.applicationDate == january10 && $0.birthYear == 1985 })
        #expect(rows.filter { $0.juryDate == CivilDate(year: 2023, month: 6, day: 15).daysSinceEpoch }.count == 1)
        // The same person (same name and birth date, real or typed) has one pseudonym.
        #expect(Set(rows.map(\.candidateID)).count == 1)
        #expect(try store.verify().isHealthy)
    }

    @Test("an error value (#N/A) in a column the mapping reads rejects its row; in a dropped column it does not matter")
    func errorValues() throws {
        let directory = HarmonisedIngestTests.directory("xlsx-errors")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func inline(_ reference: String, _ text: String) -> String { #"<c r="\#(reference)" t="inlineStr"><is><t>\#(text)</t></is></c>"# }
        let header = ["N° dossier", "Candidat Nom", "Candidat Prénom", "Candidat Naissance", "Diplôme", "Dates dépôt", "Dates jury", "Remarque"]
        var xml = #"<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData><row r="1">"#
        for (column, name) in header.enumerated() { xml += inline(CellReference.name(column: column, row: 1), name) }
        xml += "</row>"
        let rows = [(2, #"<c r="G2" t="e"><v>#N/A</v></c>"#, ""), (3, "", #"<c r="H3" t="e"><v>#REF!</v></c>"#),
                    (4, #"<c r="G4" t="e"><v>MARTIN Paul</v></c>"#, "")]
        for (row, jury, remark) in rows {
            xml += #"<row r="\#(row)">"# + inline("A\(row)", "E\(row)") + inline("B\(row)", "DURAND") + inline("C\(row)", "Jean")
                + inline("D\(row)", "02/03/1970") + inline("E\(row)", "RNCP99") + inline("F\(row)", "10/01/2023") + jury + remark + "</row>"
        }
        xml += "</sheetData></worksheet>"
        let path = directory + "/errors.xlsx"
        try Data(StoredZip.workbook(sheet: xml)).write(to: URL(fileURLWithPath: path))
        var options = Self.options
        options.sheet = "Export"
        options.dateFormat = .dayMonthYear
        let store = try Store.create(at: directory + "/store")
        let summary = try FileIngest.run(file: path, into: store, mapping: Self.mapping, key: Self.key, options: options)
        #expect(summary.rowsStored == 1)
        #expect(summary.rejected.map(\.line) == [2, 4])
        #expect(summary.rejected.first?.reason == "the spreadsheet error #N/A in column G (a formula that failed)")
        // What a file calls an error value is its text: quoted only when it is one of Excel's.
        #expect(summary.rejected.last?.reason == "a spreadsheet error value in column G (a formula that failed)")
    }

    /// Every file of a store, with its bytes.
    static func files(_ store: String) -> [String: Data] {
        var result: [String: Data] = [:]
        for file in FileManager.default.enumerator(atPath: store)?.compactMap({ $0 as? String }) ?? [] {
            result[file] = FileManager.default.contents(atPath: store + "/" + file)
        }
        return result
    }

    @Test("a workbook that cannot be read — truncated, garbled, a zip bomb, a legacy .xls, a missing sheet — leaves the store as it was, with one clear message")
    func failuresLeaveTheStore() throws {
        try #require(FileManager.default.isExecutableFile(atPath: PrivacyScan.parcoursPath), "build the parcours executable first")
        let directory = HarmonisedIngestTests.directory("xlsx-failures")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let good = directory + "/export.xlsx"
        let workbook = try TestWorkbook(path: good)
        let sheet = try workbook.sheet("Export VAE")
        Self.writeHeader(sheet)
        for row in 2..<400 {
            Self.writeCandidate(sheet, row: row, dossier: "F\(row)")
            sheet.number(row, 3, Self.days(1980, 1, 1) + Double(row), format: "dd/mm/yyyy")
            sheet.number(row, 5, Self.days(2023, 1, 10), format: "dd/mm/yyyy")
        }
        try workbook.close()
        let mappingPath = directory + "/tableur.json5"
        try Data(Self.mapping.text.utf8).write(to: URL(fileURLWithPath: mappingPath))
        try Data("spreadsheet ingest test key, 32 b".utf8).write(to: URL(fileURLWithPath: directory + "/key"))
        let store = directory + "/store"
        let arguments = ["--mapping", mappingPath, "--key-file", directory + "/key", "--extraction-date", "2024-01-31"]
        let first = try PrivacyScan.parcours(["ingest", store, good] + arguments)
        #expect(first.status == 0 && first.output.contains("export.xlsx: sheet 'Export VAE' of an .xlsx workbook, mapping tableur"), "\(first.output)")
        let before = Self.files(store)

        let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        let truncated = directory + "/truncated.xlsx"
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        let garbled = directory + "/garbled.xlsx"
        var noise = SplitMix64(seed: 7)
        try Data([0x50, 0x4B, 0x03, 0x04] + (0..<5_000).map { _ in UInt8(truncatingIfNeeded: noise.next()) })
            .write(to: URL(fileURLWithPath: garbled))
        let legacy = directory + "/ancien.xlsx"
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 600)).write(to: URL(fileURLWithPath: legacy))
        var huge = #"<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"#
        huge += String(repeating: "x", count: 2 << 20) + "</t></is></c></row></sheetData></worksheet>"
        let long = directory + "/long.xlsx"
        try Data(StoredZip.workbook(sheet: huge, named: "Export VAE")).write(to: URL(fileURLWithPath: long))
        let bomb = directory + "/bomb.xlsx"
        try Data(StoredZip.workbook(sheet: huge, named: "Export VAE", declaredSheetSize: 1_000)).write(to: URL(fileURLWithPath: bomb))
        let otherSheet = directory + "/autre.json5"
        try Data(Self.mapping.text.replacingOccurrences(of: "sheet: \"Export VAE\"", with: "sheet: \"Candidats\"").utf8)
            .write(to: URL(fileURLWithPath: otherSheet))
        let cases: [(file: String, extra: [String], message: String)] = [
            (truncated, arguments, "truncated.xlsx: not a readable .xlsx workbook: its end-of-directory record is missing (a damaged or truncated file? send it again, or save it as CSV)"),
            (garbled, arguments, "garbled.xlsx: not a readable .xlsx workbook: its end-of-directory record is missing"),
            (legacy, arguments, "ancien.xlsx: this is a legacy Excel 97-2003 workbook (.xls), which is not read: save it as Excel Workbook (.xlsx) or as CSV"),
            (long, arguments, "long.xlsx: cell A1 holds more than 131068 bytes (limit maximum_cell_bytes)"),
            (bomb, arguments, "bomb.xlsx: the workbook is damaged: sheet 'Export VAE': it inflates to more than the 1000 bytes its archive declares (a zip bomb?)"),
            (good, ["--mapping", otherSheet] + arguments.dropFirst(2), "export.xlsx: no sheet named 'Candidats' in the workbook; its sheets are 'Export VAE'"),
        ]
        for entry in cases {
            let run = try PrivacyScan.parcours(["ingest", store, entry.file] + entry.extra)
            #expect(run.status != 0)
            #expect(run.output.contains(entry.message), "\(run.output)")
            #expect(Self.files(store) == before, "\(entry.file) changed the store")
        }
    }

    @Test("a harmonised file as a workbook (real dates, numbers) stores the same rows as the same file as CSV")
    func harmonisedWorkbook() throws {
        let directory = HarmonisedIngestTests.directory("xlsx-harmonised")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try SampleGenerator.run(GeneratorOptions(rows: 2_000, seed: 21), directory: directory, raw: false)
        let text = try String(contentsOfFile: directory + "/pathways.csv", encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        let dates = Set(header.indices.filter { header[$0].hasSuffix("_date") })
        let numbers = Set(["pathway_id", "birth_year", "level"].compactMap { header.firstIndex(of: $0) })
        let path = directory + "/pathways.xlsx"
        let workbook = try TestWorkbook(path: path)
        let sheet = try workbook.sheet("pathways")
        for (row, fields) in lines.enumerated() {
            for (column, field) in fields.enumerated() where !field.isEmpty {
                if row > 0, dates.contains(column), let date = CivilDate(iso: field) {
                    sheet.number(row, column, Double(date.daysSinceEpoch) + 25_569, format: "yyyy-mm-dd")
                } else if row > 0, numbers.contains(column), let value = Double(field) {
                    sheet.number(row, column, value)
                } else {
                    sheet.string(row, column, field)
                }
            }
        }
        try workbook.close()
        let csvStore = try Store.create(at: directory + "/csv")
        let xlsxStore = try Store.create(at: directory + "/xlsx")
        let csv = try FileIngest.run(file: directory + "/pathways.csv", into: csvStore)
        let xlsx = try FileIngest.run(file: path, into: xlsxStore)
        #expect(xlsx.rowsStored == csv.rowsStored && csv.rowsStored > 1_900, "\(csv.rowsStored) stored, \(csv.rejected.prefix(3))")
        #expect(xlsx.rejected.map(\.line) == csv.rejected.map(\.line) && xlsx.rejected.map(\.reason) == csv.rejected.map(\.reason))
        let expected = try RawIngestTests.storedRows(csvStore)
        #expect(try RawIngestTests.storedRows(xlsxStore) == expected)
    }

    @Test("a header of more merged cells than any header holds is refused with its limit, not looked through cell by cell")
    func headerMergeLimit() throws {
        let directory = HarmonisedIngestTests.directory("xlsx-merges")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/merges.xlsx"
        let workbook = try TestWorkbook(path: path)
        let sheet = try workbook.sheet("Export VAE")
        for merge in 0...SheetHeader.maximumMerges { sheet.merge(0, 2 * merge, 0, 2 * merge + 1, "h\(merge)") }
        try workbook.close()
        let store = try Store.create(at: directory + "/store")
        #expect(throws: IngestError.badHeader(file: path, detail: "the header has more than 1000 merged cells")) {
            try FileIngest.run(file: path, into: store, mapping: Self.mapping, key: Self.key, options: Self.options)
        }
    }
}
