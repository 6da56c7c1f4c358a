import CXlsxWriter
import Foundation

/// A workbook the tests write with libxlsxwriter (a real writer of `.xlsx`, not the reader under
/// test): sheets, strings (shared, rich), numbers with number formats, formulas with their cached
/// results, booleans, merged ranges, hidden sheets. Rows and columns are 0-based as in the C API.
public final class TestWorkbook {
    public let path: String
    private let workbook: UnsafeMutablePointer<lxw_workbook>
    private var formats: [String: UnsafeMutablePointer<lxw_format>] = [:]
    private var closed = false

    /// `constantMemory`: rows written in order straight to disk, strings inline (`t="inlineStr"`).
    public init(path: String, constantMemory: Bool = false) throws {
        self.path = path
        var options = lxw_workbook_options(constant_memory: constantMemory ? 1 : 0, tmpdir: nil, use_zip64: 0)
        guard let workbook = workbook_new_opt(path, &options) else { throw TestWorkbookError("cannot create \(path)") }
        self.workbook = workbook
    }

    deinit { if !closed { workbook_close(workbook) } }

    public func sheet(_ name: String, hidden: Bool = false) throws -> TestSheet {
        guard let sheet = workbook_add_worksheet(workbook, name) else { throw TestWorkbookError("cannot add sheet \(name)") }
        if hidden { worksheet_hide(sheet) }
        return TestSheet(sheet: sheet, workbook: self)
    }

    func format(_ numberFormat: String?, bold: Bool = false) -> UnsafeMutablePointer<lxw_format>? {
        guard numberFormat != nil || bold else { return nil }
        let key = (numberFormat ?? "") + (bold ? "|bold" : "")
        if let known = formats[key] { return known }
        let format = workbook_add_format(workbook)
        if let numberFormat { format_set_num_format(format, numberFormat) }
        if bold { format_set_bold(format) }
        formats[key] = format
        return format
    }

    public func close() throws {
        closed = true
        let status = workbook_close(workbook)
        guard status == LXW_NO_ERROR else { throw TestWorkbookError("libxlsxwriter error \(status.rawValue) writing \(path)") }
    }
}

public struct TestWorkbookError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// One sheet of a `TestWorkbook`.
public struct TestSheet {
    let sheet: UnsafeMutablePointer<lxw_worksheet>
    let workbook: TestWorkbook

    public func string(_ row: Int, _ column: Int, _ text: String) {
        worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(column), text, nil)
    }

    public func number(_ row: Int, _ column: Int, _ value: Double, format: String? = nil) {
        worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(column), value, workbook.format(format))
    }

    /// A formula with the result Excel cached for it.
    public func formula(_ row: Int, _ column: Int, _ formula: String, result: Double, format: String? = nil) {
        worksheet_write_formula_num(sheet, lxw_row_t(row), lxw_col_t(column), formula, workbook.format(format), result)
    }

    public func formula(_ row: Int, _ column: Int, _ formula: String, text: String) {
        worksheet_write_formula_str(sheet, lxw_row_t(row), lxw_col_t(column), formula, nil, text)
    }

    /// Makes this the sheet Excel opens on (libxlsxwriter cannot hide the sheet it opens on).
    public func activate() { worksheet_activate(sheet) }

    public func boolean(_ row: Int, _ column: Int, _ value: Bool) {
        worksheet_write_boolean(sheet, lxw_row_t(row), lxw_col_t(column), value ? 1 : 0, nil)
    }

    /// A formatted cell without a value (`<c r="B2" s="1"/>`).
    public func blank(_ row: Int, _ column: Int, format: String) {
        worksheet_write_blank(sheet, lxw_row_t(row), lxw_col_t(column), workbook.format(format))
    }

    public func merge(_ firstRow: Int, _ firstColumn: Int, _ lastRow: Int, _ lastColumn: Int, _ text: String) {
        worksheet_merge_range(sheet, lxw_row_t(firstRow), lxw_col_t(firstColumn), lxw_row_t(lastRow), lxw_col_t(lastColumn), text, nil)
    }

    /// A string of runs, every other one bold (`<si><r>…</r><r>…</r></si>`).
    public func richString(_ row: Int, _ column: Int, _ runs: [String]) {
        let bold = workbook.format(nil, bold: true)
        let copies = runs.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var tuples = copies.enumerated().map { index, text in
            lxw_rich_string_tuple(format: index % 2 == 1 ? bold : nil, string: text)
        }
        tuples.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var pointers: [UnsafeMutablePointer<lxw_rich_string_tuple>?] = (0..<buffer.count).map { base + $0 }
            pointers.append(nil)
            pointers.withUnsafeMutableBufferPointer { list in
                _ = worksheet_write_rich_string(sheet, lxw_row_t(row), lxw_col_t(column), list.baseAddress, nil)
            }
        }
    }
}
