import CXlsxWriter
import Foundation
import Ingest
import Storage

/// One raw certifier file written as an `.xlsx` workbook (libxlsxwriter, in its constant-memory
/// mode: rows go to disk as they come), holding the same rows as the style's CSV file, formatted
/// by the same encoder in UTF-8 (`RawFileStyle.forWorkbook`), so that the same defects are on the
/// same rows. Cells are typed as a certifier's Excel has them: dates are real dates (serial
/// numbers shown dd/mm/yyyy), digit-only postcodes and levels are numbers (postcodes shown 00000),
/// everything else is text. The row numbers are the CSV file's line numbers; a row that lost a
/// column in the CSV (the "wrong column count" defect) holds a stray note beyond the header here,
/// the way a row misses its columns in a spreadsheet.
public final class RawWorkbookWriter {
    public let style: RawFileStyle
    public let path: String
    private let fileName: String
    private let workbook: UnsafeMutablePointer<lxw_workbook>
    private let sheet: UnsafeMutablePointer<lxw_worksheet>
    private let dateFormat: UnsafeMutablePointer<lxw_format>
    private let postcodeFormat: UnsafeMutablePointer<lxw_format>
    private let fields: [RawField]
    /// The next sheet row (0-based: row 0 is the header).
    private var nextRow: UInt32 = 1
    public private(set) var rows = 0

    /// The sheet each style's rows are on (educ-nat's and travail's workbooks have one sheet;
    /// sante-social's has a notice first, so its mapping names the sheet).
    public static func sheetName(_ style: RawFileStyle) -> String {
        style.name == "sante-social" ? "Candidatures" : "Export VAE"
    }

    public init(style: RawFileStyle, path: String) throws(BenchError) {
        self.style = style
        self.path = path
        fileName = String(path.split(separator: "/").last ?? "")
        fields = style.columns.map(\.field)
        var options = lxw_workbook_options(constant_memory: 1, tmpdir: nil, use_zip64: 1)
        guard let workbook = workbook_new_opt(path, &options) else {
            throw .io(path: path, operation: "create workbook", errno: errno)
        }
        self.workbook = workbook
        if style.name == "sante-social", let notice = workbook_add_worksheet(workbook, "Lisez-moi") {
            worksheet_write_string(notice, 0, 0, "Export des candidatures VAE : une ligne par candidature.", nil)
        }
        guard let sheet = workbook_add_worksheet(workbook, Self.sheetName(style)), let date = workbook_add_format(workbook),
              let postcode = workbook_add_format(workbook) else {
            throw .invalidArgument("libxlsxwriter could not add a sheet to \(path)")
        }
        format_set_num_format(date, "dd/mm/yyyy")
        format_set_num_format(postcode, "00000")
        (self.sheet, dateFormat, postcodeFormat) = (sheet, date, postcode)
        for (column, entry) in style.columns.enumerated() { worksheet_write_string(sheet, 0, lxw_col_t(column), entry.header, nil) }
    }

    /// Writes a part formatted by `RawFileStyle.forWorkbook`'s encoder (fields split by
    /// `RawFileStyle.workbookSeparator`, one line per row).
    public func append(_ part: inout RawFilePart, manifest: DefectManifest) throws(BenchError) {
        for entry in part.defects {
            try manifest.record(file: fileName, line: Int(nextRow) + 1 + entry.offset, defect: entry.defect, dossier: entry.dossier, counted: false)
        }
        var field = 0, start = 0
        let bytes = part.row.bytes
        var text: [CChar] = []
        for index in bytes.indices {
            let byte = bytes[index]
            guard byte == RawFileStyle.workbookSeparator || byte == UInt8(ascii: "\n") else { continue }
            if index > start { try write(bytes[start..<index], column: field, &text) }
            field += 1
            start = index + 1
            if byte == UInt8(ascii: "\n") {
                if field < fields.count {
                    worksheet_write_string(sheet, nextRow, lxw_col_t(fields.count), "voir dossier papier", nil)
                }
                nextRow += 1
                field = 0
            }
        }
        rows += part.lines
    }

    private func write(_ value: ArraySlice<UInt8>, column: Int, _ text: inout [CChar]) throws(BenchError) {
        let row = nextRow, col = lxw_col_t(column)
        let kind = column < fields.count ? fields[column] : .dossier
        switch kind {
        case .birthDate, .infoDate, .applicationDate, .admissibilityDate, .supportStartDate, .portfolioDate, .juryDate, .outcomeDate:
            if let days = Self.frenchDate(value) {
                // Serial days of the 1900 date system, for dates after 1 March 1900.
                worksheet_write_number(sheet, row, col, Double(days) + 25_569, dateFormat)
                return
            }
        case .postcode where style.name == "educ-nat":
            if value.count == 5, value.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let number = Double(String(decoding: value, as: UTF8.self)) {
                worksheet_write_number(sheet, row, col, number, postcodeFormat)
                return
            }
        case .level where style.name == "travail":
            if let number = Int(String(decoding: value, as: UTF8.self)) {
                worksheet_write_number(sheet, row, col, Double(number), nil)
                return
            }
        default:
            break
        }
        text.removeAll(keepingCapacity: true)
        for byte in value { text.append(CChar(bitPattern: byte)) }
        text.append(0)
        let status = worksheet_write_string(sheet, row, col, text, nil)
        guard status == LXW_NO_ERROR else { throw .invalidArgument("libxlsxwriter refused a cell of \(path) (error \(status.rawValue))") }
    }

    /// Days since 1970 of a `dd/mm/yyyy` text, when it is a real date.
    static func frenchDate(_ value: ArraySlice<UInt8>) -> Int32? {
        let digits = Array(value)
        guard digits.count == 10, digits[2] == UInt8(ascii: "/"), digits[5] == UInt8(ascii: "/") else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: digits[range], as: UTF8.self)) }
        guard let day = number(0..<2), let month = number(3..<5), let year = number(6..<10) else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        return date.isValid && year > 1900 ? date.daysSinceEpoch : nil
    }

    public func finish() throws(BenchError) -> Int {
        let status = workbook_close(workbook)
        guard status == LXW_NO_ERROR else { throw .invalidArgument("libxlsxwriter could not write \(path) (error \(status.rawValue))") }
        return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}

extension RawFileStyle {
    /// Separates a workbook part's fields: a byte no field holds.
    static let workbookSeparator: UInt8 = 0x1F

    /// This style as its rows go into a workbook: UTF-8 (a workbook's strings are Unicode), fields
    /// separated by a byte no field holds, so none is quoted, one line feed per row.
    var forWorkbook: RawFileStyle {
        RawFileStyle(name: name, certifiers: certifiers, separator: Self.workbookSeparator, windows1252: false, byteOrderMark: false,
                     crlf: false, columns: columns, level: level, admissible: admissible, outcomes: outcomes,
                     employment: employment, funding: funding, unknownLevel: unknownLevel)
    }
}
