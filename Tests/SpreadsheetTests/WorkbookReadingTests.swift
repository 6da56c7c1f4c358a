import Foundation
import Spreadsheet
import SpreadsheetTestSupport
import Testing

/// What a sheet's cells read as, for workbooks written by libxlsxwriter and openpyxl: every kind
/// of value a certifier's export holds.
@Suite("Reading workbooks")
struct WorkbookReadingTests {
    @Test("shared, rich and inline strings: markup characters, accents, line breaks, empty strings")
    func strings() throws {
        let folder = Workbooks.folder("strings")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for constantMemory in [false, true] {
            let path = folder + "/strings-\(constantMemory).xlsx"
            let workbook = try TestWorkbook(path: path, constantMemory: constantMemory)
            let sheet = try workbook.sheet("Export")
            sheet.string(0, 0, "Nom")
            sheet.string(1, 0, "R&D <études> \"à\" l'œil")
            sheet.string(2, 0, "ligne 1\nligne 2\tfin")
            sheet.string(3, 0, "Žofie Kovač 🙂")
            sheet.string(4, 0, "")
            sheet.richString(5, 0, ["Date ", "de jury", " (session)"])
            try workbook.close()
            let rows = try Workbooks.rows(path)
            #expect(rows[1] == [ReadCell(column: 0, kind: .text, text: "Nom")])
            #expect(rows[2] == [ReadCell(column: 0, kind: .text, text: "R&D <études> \"à\" l'œil")])
            #expect(rows[3] == [ReadCell(column: 0, kind: .text, text: "ligne 1\nligne 2\tfin")])
            #expect(rows[4] == [ReadCell(column: 0, kind: .text, text: "Žofie Kovač 🙂")])
            #expect(rows[5]?.allSatisfy { $0.text.isEmpty } ?? true, "an empty string is no value")
            #expect(rows[6] == [ReadCell(column: 0, kind: .text, text: "Date de jury (session)")])
        }
    }

    @Test("openpyxl's inline strings, error values, an empty string, an OOXML _x000D_ escape, a formula saved without its value",
          .enabled(if: Workbooks.openpyxlTestsRun))
    func openpyxlStrings() throws {
        let folder = Workbooks.folder("openpyxl")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/errors.xlsx"
        try Workbooks.openpyxl("errors_and_strings", path)
        let rows = try Workbooks.rows(path)
        #expect(rows[2] == [ReadCell(column: 0, kind: .error, text: "#N/A"), ReadCell(column: 1, kind: .text, text: "R&D <études> \"à\" l'œil")])
        #expect(rows[3] == [ReadCell(column: 0, kind: .error, text: "#DIV/0!"), ReadCell(column: 1, kind: .text, text: "ligne 1\nligne 2")])
        #expect(rows[4]?.allSatisfy { $0.text.isEmpty } == true)
        #expect(rows[5] == [ReadCell(column: 0, kind: .number, text: "12"), ReadCell(column: 1, kind: .text, text: "x\ry")])
    }

    @Test("numbers as the General format shows them; zero-padded formats; formulas by their cached value; booleans")
    func numbers() throws {
        let folder = Workbooks.folder("numbers")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/numbers.xlsx"
        let workbook = try TestWorkbook(path: path)
        let sheet = try workbook.sheet("Chiffres")
        let values: [(Double, String?, String)] = [
            (0, nil, "0"), (-5, nil, "-5"), (3.25, nil, "3.25"), (123_456_789_012, nil, "123456789012"), (1e20, nil, "1e+20"),
            (1.0 / 3.0, nil, "0.333333333333333"), (1000, "00000", "01000"), (75_001, "00000", "75001"), (-12, "00000", "-12"),
            (2.5, "0.00", "2.5"),
        ]
        for (row, value) in values.enumerated() { sheet.number(row, 0, value.0, format: value.1) }
        sheet.formula(values.count, 0, "=0.1+0.2", result: 0.30000000000000004)
        sheet.formula(values.count + 1, 0, "=\"VAE \"&\"2024\"", text: "VAE 2024")
        sheet.boolean(values.count + 2, 0, true)
        sheet.boolean(values.count + 3, 0, false)
        try workbook.close()
        let rows = try Workbooks.rows(path)
        for (row, value) in values.enumerated() {
            #expect(rows[row + 1] == [ReadCell(column: 0, kind: .number, text: value.2)], "\(value.0) with format \(value.1 ?? "General")")
        }
        #expect(rows[values.count + 1] == [ReadCell(column: 0, kind: .number, text: "0.3")])
        #expect(rows[values.count + 2] == [ReadCell(column: 0, kind: .text, text: "VAE 2024")])
        #expect(rows[values.count + 3] == [ReadCell(column: 0, kind: .boolean, text: "TRUE")])
        #expect(rows[values.count + 4] == [ReadCell(column: 0, kind: .boolean, text: "FALSE")])
    }

    @Test("dates of the 1900 system, its invented 29 February 1900, date-times, times, serials Excel shows as #####")
    func dates1900() throws {
        let folder = Workbooks.folder("dates")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/dates.xlsx"
        let workbook = try TestWorkbook(path: path)
        let sheet = try workbook.sheet("Dates")
        let cases: [(Double, String, ReadCell)] = [
            (45_366, "dd/mm/yyyy", ReadCell(column: 0, kind: .date, text: "45366", days: Workbooks.days(2024, 3, 15))),
            (45_366.75, "dd/mm/yyyy hh:mm", ReadCell(column: 0, kind: .date, text: "45366.75", days: Workbooks.days(2024, 3, 15))),
            (1, "d-mmm-yy", ReadCell(column: 0, kind: .date, text: "1", days: Workbooks.days(1900, 1, 1))),
            (59, "yyyy-mm-dd", ReadCell(column: 0, kind: .date, text: "59", days: Workbooks.days(1900, 2, 28))),
            (60, "dd/mm/yyyy", ReadCell(column: 0, kind: .nonexistentDate, text: "60")),
            (61, "dd/mm/yyyy", ReadCell(column: 0, kind: .date, text: "61", days: Workbooks.days(1900, 3, 1))),
            (2_958_465, "dd/mm/yyyy", ReadCell(column: 0, kind: .date, text: "2958465", days: Workbooks.days(9999, 12, 31))),
            (2_958_466, "dd/mm/yyyy", ReadCell(column: 0, kind: .number, text: "2958466")),
            (0, "dd/mm/yyyy", ReadCell(column: 0, kind: .number, text: "0")),
            (-3, "dd/mm/yyyy", ReadCell(column: 0, kind: .number, text: "-3")),
            (0.75, "hh:mm", ReadCell(column: 0, kind: .time, text: "18:00:00")),
            (45_366, "[$-40C]d mmmm yyyy;@", ReadCell(column: 0, kind: .date, text: "45366", days: Workbooks.days(2024, 3, 15))),
            (45_366, "\"jour \"0", ReadCell(column: 0, kind: .number, text: "45366")),
        ]
        for (row, entry) in cases.enumerated() { sheet.number(row, 0, entry.0, format: entry.1) }
        sheet.number(cases.count, 0, 45_366, format: nil)
        try workbook.close()
        let rows = try Workbooks.rows(path)
        for (row, entry) in cases.enumerated() { #expect(rows[row + 1] == [entry.2], "serial \(entry.0) shown \(entry.1)") }
        #expect(rows[cases.count + 1] == [ReadCell(column: 0, kind: .number, text: "45366")], "a serial without a date format is a number")
    }

    @Test("the 1904 date system (openpyxl)", .enabled(if: Workbooks.openpyxlTestsRun))
    func dates1904() throws {
        let folder = Workbooks.folder("dates1904")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/mac.xlsx"
        try Workbooks.openpyxl("epoch1904", path)
        let (workbook, holder) = try Workbooks.open(path)
        defer { withExtendedLifetime(holder) {} }
        #expect(workbook.uses1904DateSystem)
        let rows = try Workbooks.rows(workbook)
        #expect(rows[2]?.first?.kind == .date && rows[2]?.first?.days == Workbooks.days(2024, 3, 15))
        #expect(rows[3]?.first?.kind == .date && rows[3]?.first?.days == Workbooks.days(1904, 1, 1))
        #expect(rows[4]?.first?.kind == .date && rows[4]?.first?.days == Workbooks.days(1999, 12, 31))
        #expect(rows[2]?.last == ReadCell(column: 1, kind: .text, text: "15/03/2024"))
    }

    @Test("sparse cells and rows keep their columns and row numbers; formatted empty cells are no value")
    func sparse() throws {
        let folder = Workbooks.folder("sparse")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/sparse.xlsx"
        let workbook = try TestWorkbook(path: path)
        let sheet = try workbook.sheet("Export")
        sheet.string(0, 0, "A")
        sheet.string(0, 2, "C")
        sheet.string(0, 27, "AB")
        sheet.blank(3, 1, format: "dd/mm/yyyy")
        sheet.number(11, 5, 42)
        sheet.string(1_048_575, 16_383, "XFD1048576")
        try workbook.close()
        let rows = try Workbooks.rows(path)
        #expect(rows[1] == [ReadCell(column: 0, kind: .text, text: "A"), ReadCell(column: 2, kind: .text, text: "C"),
                            ReadCell(column: 27, kind: .text, text: "AB")])
        #expect(rows[4] == [], "a formatted empty cell holds no value")
        #expect(rows[12] == [ReadCell(column: 5, kind: .number, text: "42")])
        #expect(rows[1_048_576] == [ReadCell(column: 16_383, kind: .text, text: "XFD1048576")])
        #expect(Set(rows.keys) == [1, 4, 12, 1_048_576])
    }

    @Test("several sheets: the first visible by default, any by name (case ignored), a missing one named with the list")
    func sheets() throws {
        let folder = Workbooks.folder("sheets")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/sheets.xlsx"
        let workbook = try TestWorkbook(path: path)
        try workbook.sheet("Paramètres", hidden: true).string(0, 0, "caché")
        let notice = try workbook.sheet("Lisez-moi")
        notice.string(0, 0, "notice")
        notice.activate()
        try workbook.sheet("Export VAE").string(0, 0, "données")
        try workbook.close()
        let (opened, holder) = try Workbooks.open(path)
        defer { withExtendedLifetime(holder) {} }
        #expect(opened.sheets.map(\.name) == ["Paramètres", "Lisez-moi", "Export VAE"])
        #expect(try opened.sheet(named: nil).name == "Lisez-moi")
        #expect(try Workbooks.rows(opened, sheet: "export vae")[1]?.first?.text == "données")
        #expect(throws: SpreadsheetError.sheetNotFound(name: "Candidats", available: ["Paramètres", "Lisez-moi", "Export VAE"])) {
            try opened.sheet(named: "Candidats")
        }
    }

    @Test("merged ranges are read after the rows, skipping those not read")
    func merges() throws {
        let folder = Workbooks.folder("merges")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/merges.xlsx"
        let workbook = try TestWorkbook(path: path)
        let sheet = try workbook.sheet("Export")
        sheet.merge(0, 0, 1, 0, "Identifiant")
        sheet.merge(0, 2, 0, 4, "Dates")
        for row in 2..<5_000 { sheet.number(row, 0, Double(row)) }
        try workbook.close()
        let (opened, holder) = try Workbooks.open(path)
        defer { withExtendedLifetime(holder) {} }
        let merges = try opened.rows(of: try opened.sheet(named: nil)).mergedRanges()
        #expect(Set(merges.map { "\($0.firstRow) \($0.firstColumn) \($0.lastRow) \($0.lastColumn)" }) == ["1 0 2 0", "1 2 1 4"])
    }
}

