import Spreadsheet
import Storage

/// Turns a sheet row into the `CSVRecord` the row parsers read: one field per header column, in
/// header order, its bytes copied into a buffer reused from row to row; a real date (a serial
/// number with a date style) written in the file's date format, as the certifier's text dates
/// are, so that one parser reads both.
struct SheetRecord {
    /// The record's bytes: fields point into it.
    private(set) var bytes: [UInt8] = []
    let header: SheetHeader
    let dateFormat: DateFormat
    /// Per field: whether the ingest reads it (an error value in a dropped column does not matter).
    let readFields: [Bool]

    /// Excel's error values (`t="e"` cells).
    static let errorValues: Set<String> = [
        "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!",
        "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#EXTERNAL!", "#PYTHON!",
    ]

    init(header: SheetHeader, dateFormat: DateFormat, readFields: [Bool]) {
        self.header = header
        self.dateFormat = dateFormat
        self.readFields = readFields
        bytes.reserveCapacity(4096)
    }

    /// Fills `record` from `row`; the reason the row is refused instead, when it holds a value no
    /// header column names or an error value (`#N/A`...) where a read column is.
    mutating func fill(_ record: inout CSVRecord, from row: SheetRow) -> String? {
        bytes.removeAll(keepingCapacity: true)
        record.reset(line: row.number, offset: 0)
        var cellIndex = 0
        let cells = row.cells
        for (field, column) in header.columns.enumerated() {
            while cellIndex < cells.count && cells[cellIndex].column < column {
                if let refusal = outside(cells[cellIndex], row: row) { return refusal }
                cellIndex += 1
            }
            let start = bytes.count
            if cellIndex < cells.count && cells[cellIndex].column == column {
                let cell = cells[cellIndex]
                cellIndex += 1
                if cell.kind == .error && field < readFields.count && readFields[field] {
                    // Excel's own error values are quoted; anything else a file calls an error is
                    // the file's text, which may be a name.
                    let text = String(decoding: row.bytes(cell), as: UTF8.self)
                    let shown = Self.errorValues.contains(text) ? "the spreadsheet error \(text)" : "a spreadsheet error value"
                    return "\(shown) in column \(Self.letters(column)) (a formula that failed)"
                }
                append(cell, of: row)
            }
            record.append(start: start, end: bytes.count, escaped: false)
        }
        while cellIndex < cells.count {
            if let refusal = outside(cells[cellIndex], row: row) { return refusal }
            cellIndex += 1
        }
        return nil
    }

    /// A value in a column the header does not name, if the cell holds one: in a spreadsheet, a
    /// row with a column more than its header.
    private func outside(_ cell: SheetRow.Cell, row: SheetRow) -> String? {
        guard !cell.range.isEmpty else { return nil }
        if header.covered.contains(cell.column) {
            return "wrong column count: a value in column \(Self.letters(cell.column)), under a merged header cell that names no column of its own"
        }
        let last = Self.letters(max(header.columns.last ?? 0, header.covered.max() ?? 0))
        return "wrong column count: a value beyond the header's last column (\(last))"
    }

    /// A column's letters ("K"). Reasons name columns, not cells: the reject's line is the row,
    /// and reasons that do not vary by row are counted together in reports.
    static func letters(_ column: Int) -> String {
        CellReference.name(column: column, row: 1).filter(\.isLetter)
    }

    private mutating func append(_ cell: SheetRow.Cell, of row: SheetRow) {
        switch cell.kind {
        case .date:
            let date = CivilDate(daysSinceEpoch: cell.days)
            appendDate(year: date.year, month: date.month, day: date.day)
        case .nonexistentDate:
            appendDate(year: 1900, month: 2, day: 29)
        case .isoDate:
            let text = row.bytes(cell)
            if let parts = text.withUnsafeBytes({ FieldParsing.isoDateParts($0) }) {
                appendDate(year: parts.year, month: parts.month, day: parts.day)
            } else {
                bytes.append(contentsOf: text)
            }
        case .text, .number, .time, .boolean, .error:
            bytes.append(contentsOf: row.bytes(cell))
        }
    }

    private mutating func appendDate(year: Int, month: Int, day: Int) {
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            for _ in 0..<width {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        switch dateFormat {
        case .iso:
            digits(year, 4); bytes.append(UInt8(ascii: "-")); digits(month, 2); bytes.append(UInt8(ascii: "-")); digits(day, 2)
        case .dayMonthYear:
            digits(day, 2); bytes.append(UInt8(ascii: "/")); digits(month, 2); bytes.append(UInt8(ascii: "/")); digits(year, 4)
        case .monthDayYear:
            digits(month, 2); bytes.append(UInt8(ascii: "/")); digits(day, 2); bytes.append(UInt8(ascii: "/")); digits(year, 4)
        }
    }
}
