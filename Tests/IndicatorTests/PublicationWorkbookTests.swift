import Foundation
@testable import Indicators
import StorageTestSupport
import Testing

/// `indicators.xlsx` read back by openpyxl: a sheet per family and a methods sheet; every line of
/// indicators.csv is in its family's sheet with the same number (as a number), a suppressed value
/// is "s" with its reason beside it, labels stand beside codes.
@Suite struct PublicationWorkbookTests {
    static let openpyxlAvailable: Bool = {
        if ProcessInfo.processInfo.environment["PARCOURS_REQUIRE_OPENPYXL"] == "1" { return true }
        return (try? ChildProcess("/usr/bin/env", ["python3", "-c", "import openpyxl"]).collect().status) == 0
    }()

    static let reader = """
        import json, sys, openpyxl
        book = openpyxl.load_workbook(sys.argv[1])
        out = {"sheets": book.sheetnames, "rows": []}
        for sheet in book.worksheets[:-1]:
            for row in sheet.iter_rows(min_row=2, values_only=True):
                value = row[5]
                out["rows"].append([sheet.title, row[1], row[2], row[3], row[4],
                                    value if isinstance(value, str) else float(value), type(value).__name__,
                                    row[7], row[8], row[9]])
        print(json.dumps(out))
        """

    struct Read: Decodable {
        let sheets: [String]
        let rows: [[Field]]
    }

    enum Field: Decodable, Equatable {
        case text(String), number(Double), null
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null } else if let number = try? container.decode(Double.self) { self = .number(number) }
            else { self = .text(try container.decode(String.self)) }
        }
    }

    @Test(.enabled(if: openpyxlAvailable), arguments: Language.allCases)
    func theWorkbookHoldsTheCSVNumbers(language: Language) throws {
        let folder = TestStore.directory("workbook-\(language.rawValue)")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = PublicationFiles.Options()
        options.year = 2024
        options.language = language
        let summary = try PublicationFiles.write(store: GeneratedStore.shared.storePath, to: folder, options: options)
        let output = try ChildProcess("/usr/bin/env", ["python3", "-c", Self.reader, folder + "/indicators.xlsx"]).collect()
        #expect(output.status == 0, "\(output.errors)")
        let read = try JSONDecoder().decode(Read.self, from: Data(output.output.utf8))
        let workbook = PublicationWorkbook(publication: summary.publication, language: language)
        #expect(read.sheets == summary.publication.tables.map { workbook.sheetName($0.family.name) } + [language == .fr ? "Méthodes" : "Methods"])
        #expect(read.rows.count == summary.publication.values.count)
        for (value, row) in zip(summary.publication.values, read.rows) {
            #expect(row[1] == .text(value.indicator) && row[4] == .text(value.breakdownValue), "\(value.indicator) \(value.breakdownValue)")
            #expect(row[2] == .text(value.breakdown.label[language]) && row[3] == .text(value.breakdown.label(of: value.breakdownValue, language)))
            if let number = Double(value.formattedValue) {
                #expect(row[5] == .number(number) && row[6] != .text("str"), "\(value.indicator) \(value.breakdownValue): \(row[5])")
            } else {
                #expect(row[5] == .text("s") && row[9] == .text(value.suppression?.text(threshold: 11, language) ?? "?"))
            }
            #expect(row[7] == (value.numerator.map { .number(Double($0)) } ?? .null))
            #expect(row[8] == (value.denominator.map { .number(Double($0)) } ?? .null))
        }
    }
}
