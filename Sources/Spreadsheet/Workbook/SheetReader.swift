#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a worksheet's rows in order, streaming its part: each `next(into:)` tokenizes one
/// `<row>` and renders its cells as text (shared strings looked up, numbers shown as Excel's
/// General format shows them, dates and times recognised by their style, a formula by its cached
/// value). Rows and cells without a reference follow the previous one, as Excel reads them; a
/// reference out of order or beyond the limits is an error naming it.
public final class SheetReader {
    private var tokenizer: XMLTokenizer
    let workbook: Workbook
    private let limits: SpreadsheetLimits
    private var previousRow = 0
    private var finishedRows = false
    /// Scratch for a number's text (`strtod` needs it terminated).
    var number: [CChar] = Array(repeating: 0, count: 64)

    init(tokenizer: XMLTokenizer, workbook: Workbook) {
        self.tokenizer = tokenizer
        self.workbook = workbook
        limits = workbook.limits
    }

    private var part: String { tokenizer.window.part }
    /// The sheet's part name (error messages of the cell rendering).
    var workbookPartName: String { part }

    /// How far the sheet's part has been inflated: bytes so far, and in all.
    public var progress: (done: Int, total: Int) { tokenizer.window.progress }

    /// Fills `row` with the next row that the sheet lists (an empty `<row/>` too); false after
    /// the last.
    public func next(into row: inout SheetRow) throws(SpreadsheetError) -> Bool {
        guard !finishedRows else { return false }
        // The tokenizer is worked on as a local value and put back at the end: a class's stored
        // property costs an exclusivity check at every access, and this loop makes several per byte.
        var tokenizer = self.tokenizer
        defer { self.tokenizer = tokenizer }
        var inRow = false, inCell = false, capturing = false, hasValue = false, phoneticDepth = 0
        var column = -1, type: UInt8 = 0, style = 0, valueStart = 0
        while true {
            let token = try tokenizer.next()
            switch token.kind {
            case .documentEnd:
                finishedRows = true
                return false
            case .text:
                guard capturing else { continue }
                try capture(tokenizer, token.text, needsDecoding: token.needsDecoding, into: &row, from: valueStart, column: column)
            case .start:
                let name = token.name
                if inCell {
                    if tokenizer.equals(name, "v") || (tokenizer.equals(name, "t") && phoneticDepth == 0) {
                        capturing = true
                        hasValue = true
                    } else if tokenizer.equals(name, "rPh") {
                        phoneticDepth += 1
                    }
                } else if tokenizer.equals(name, "c") {
                    guard inRow else { throw .badReference(part: part, detail: "a cell outside any row") }
                    (column, type, style) = try cellAttributes(tokenizer, token.attributes, previousColumn: column, row: row.number)
                    valueStart = row.text.count
                    // Most cells are `<v>…</v></c>` or `<is><t>…</t></is></c>`: read at once.
                    if !token.selfClosing, let (text, needsDecoding) = type == UInt8(ascii: "i")
                        ? tokenizer.simpleContent("<is><t>", "</t></is></c>") : tokenizer.simpleContent("<v>", "</v></c>") {
                        try capture(tokenizer, text, needsDecoding: needsDecoding, into: &row, from: valueStart, column: column)
                        try finishCell(&row, column: column, type: type, style: style, from: valueStart)
                        continue
                    }
                    inCell = true
                    hasValue = false
                } else if tokenizer.equals(name, "row") {
                    let number = try rowNumber(tokenizer, token.attributes)
                    row.reset(number: number)
                    previousRow = number
                    inRow = true
                    column = -1
                }
            case .end:
                let name = token.name
                if inCell {
                    if tokenizer.equals(name, "c") {
                        inCell = false
                        capturing = false
                        phoneticDepth = 0
                        if hasValue { try finishCell(&row, column: column, type: type, style: style, from: valueStart) }
                    } else if tokenizer.equals(name, "rPh") {
                        phoneticDepth -= 1
                    } else {
                        capturing = false
                    }
                } else if tokenizer.equals(name, "row") {
                    return true
                } else if tokenizer.equals(name, "sheetData") {
                    finishedRows = true
                    return false
                }
            }
        }
    }

    /// Appends a cell's text (unescaped) to the row, within `maximumCellBytes`.
    @inline(__always)
    private func capture(_ tokenizer: XMLTokenizer, _ text: Range<Int>, needsDecoding: Bool, into row: inout SheetRow, from valueStart: Int,
                         column: Int) throws(SpreadsheetError) {
        let raw = tokenizer.window.bytes(text)
        if needsDecoding {
            guard XMLText.decode(raw, into: &row.text) else {
                throw .malformedXML(part: part, offset: tokenizer.window.offset(text.lowerBound), detail: "an unknown entity")
            }
        } else {
            row.text.append(contentsOf: raw)
        }
        guard row.text.count - valueStart <= limits.maximumCellBytes else {
            throw .limitExceeded(limit: SpreadsheetLimits.cellBytesName,
                                 detail: "cell \(CellReference.name(column: column, row: row.number)) holds more than \(limits.maximumCellBytes) bytes")
        }
    }

    /// The sheet's merged ranges (written after its rows): reads on to the end of the part,
    /// skipping the rows not read yet without tokenizing them.
    public func mergedRanges() throws(SpreadsheetError) -> [MergedRange] {
        var tokenizer = self.tokenizer
        defer { self.tokenizer = tokenizer }
        guard try tokenizer.skip(to: "mergeCells") else { return [] }
        var ranges: [MergedRange] = []
        while true {
            let token = try tokenizer.next()
            if token.kind == .documentEnd { return ranges }
            guard token.kind == .start, tokenizer.equals(token.name, "mergeCell") else {
                if token.kind == .end && tokenizer.equals(token.name, "mergeCells") { return ranges }
                continue
            }
            var attributes = XMLAttributes(tokenizer.window, token.attributes)
            while let (key, value) = attributes.next() {
                guard tokenizer.equals(key, "ref") else { continue }
                let text = tokenizer.window.bytes(value)
                guard let colon = text.firstIndex(of: UInt8(ascii: ":")),
                      let first = CellReference.parse(UnsafeRawBufferPointer(rebasing: text[..<colon])),
                      let last = CellReference.parse(UnsafeRawBufferPointer(rebasing: text[(colon + 1)...])),
                      let top = first.row, let bottom = last.row, top <= bottom, first.column <= last.column else {
                    throw .badReference(part: part, detail: "a merged range is not written A1:B2")
                }
                guard ranges.count < limits.maximumMergedRanges else {
                    throw .limitExceeded(limit: SpreadsheetLimits.mergedRangesName, detail: "more than \(limits.maximumMergedRanges) merged ranges")
                }
                ranges.append(MergedRange(firstRow: top, lastRow: bottom, firstColumn: first.column, lastColumn: last.column))
            }
        }
    }

    private func rowNumber(_ tokenizer: XMLTokenizer, _ attributes: Range<Int>) throws(SpreadsheetError) -> Int {
        var iterator = XMLAttributes(tokenizer.window, attributes)
        var number = previousRow + 1
        while let (key, value) = iterator.next() {
            guard tokenizer.equals(key, "r") else { continue }
            guard let parsed = Int(String(decoding: tokenizer.window.bytes(value), as: UTF8.self)), parsed >= 1 else {
                throw .badReference(part: part, detail: "the row after row \(previousRow) has a number that is not one")
            }
            number = parsed
        }
        guard number > previousRow else { throw .badReference(part: part, detail: "row \(number) comes after row \(previousRow)") }
        guard number <= limits.maximumRows else {
            throw .limitExceeded(limit: SpreadsheetLimits.rowsName, detail: "row \(number) is beyond the last row allowed (\(limits.maximumRows))")
        }
        return number
    }

    /// The column (from `r`, or the one after the previous cell), type (`t`'s first letter: `s`
    /// shared string, `b`, `e`, `n`, `d`; `i` for inlineStr, `f` for str, a formula's string; 0
    /// when absent, a number) and style (`s`) of a cell.
    private func cellAttributes(_ tokenizer: XMLTokenizer, _ attributes: Range<Int>, previousColumn: Int, row: Int) throws(SpreadsheetError)
        -> (Int, UInt8, Int) {
        var iterator = XMLAttributes(tokenizer.window, attributes)
        var column = previousColumn + 1, type: UInt8 = 0, style = 0
        while let (key, value) = iterator.next() {
            if tokenizer.equals(key, "r") {
                guard let reference = CellReference.parse(tokenizer.window.bytes(value)), reference.row == nil || reference.row == row else {
                    throw .badReference(part: part, detail: "a cell of row \(row) has a reference that is not one of that row")
                }
                column = reference.column
            } else if tokenizer.equals(key, "t"), !value.isEmpty {
                type = tokenizer.equals(value, "inlineStr") ? UInt8(ascii: "i")
                    : tokenizer.equals(value, "str") ? UInt8(ascii: "f") : tokenizer.window[value.lowerBound]
            } else if tokenizer.equals(key, "s") {
                style = 0
                for index in value where style < 1 << 24 {
                    let digit = tokenizer.window[index] &- UInt8(ascii: "0")
                    guard digit < 10 else { break }
                    style = style * 10 + Int(digit)
                }
            }
        }
        guard column > previousColumn else {
            throw .badReference(part: part, detail: "cell \(CellReference.name(column: column, row: row)) comes after \(CellReference.name(column: previousColumn, row: row))")
        }
        guard column < limits.maximumColumns else {
            throw .limitExceeded(limit: SpreadsheetLimits.columnsName, detail: "cell \(CellReference.name(column: column, row: row)) is beyond the last column allowed (\(limits.maximumColumns))")
        }
        return (column, type, style)
    }
}
