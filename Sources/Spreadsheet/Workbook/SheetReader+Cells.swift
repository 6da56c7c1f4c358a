#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SheetReader {
    /// Turns the raw value captured at `row.text[start...]` into the cell's text and kind.
    func finishCell(_ row: inout SheetRow, column: Int, type: UInt8, style: Int, from start: Int) throws(SpreadsheetError) {
        // An empty value is no value: `<v/>` is how a formula never computed is saved (openpyxl
        // writes its formulas so), and an empty string shows as an empty cell.
        guard row.text.count > start else { return }
        var kind = SheetRow.Kind.text, days: Int32 = 0
        switch type {
        case UInt8(ascii: "s"):
            guard let index = Self.integer(row.text[start...]), let string = workbook.sharedStrings.string(index) else {
                throw .badReference(part: workbookPartName, detail: "cell \(CellReference.name(column: column, row: row.number)) refers to a shared string the workbook lacks")
            }
            row.text.removeSubrange(start...)
            row.text.append(contentsOf: string)
        case UInt8(ascii: "i"):
            XMLText.unescapeOfficeEscapes(&row.text, from: start)
            try checkUTF8(row, from: start, column: column)
        case UInt8(ascii: "b"):
            let isTrue = row.text[start...].first == UInt8(ascii: "1")
            row.text.removeSubrange(start...)
            row.text.append(contentsOf: isTrue ? Array("TRUE".utf8) : Array("FALSE".utf8))
            kind = .boolean
        case UInt8(ascii: "e"):
            kind = .error
        case UInt8(ascii: "d"):
            // ISO 8601 text: its date part.
            if let letterT = row.text[start...].firstIndex(of: UInt8(ascii: "T")) { row.text.removeSubrange(letterT...) }
            kind = .isoDate
        case UInt8(ascii: "n"), 0:
            (kind, days) = try number(&row, from: start, style: style, column: column)
        default:
            // "str" (`f`: a formula's string result), and any type Excel may add: text as cached.
            XMLText.unescapeOfficeEscapes(&row.text, from: start)
            try checkUTF8(row, from: start, column: column)
        }
        row.cells.append(SheetRow.Cell(column: column, kind: kind, range: start..<row.text.count, days: days))
    }

    private func checkUTF8(_ row: SheetRow, from start: Int, column: Int) throws(SpreadsheetError) {
        // ASCII, by far the most common, needs no decoding.
        guard row.text[start...].contains(where: { $0 >= 0x80 }) else { return }
        guard String(validating: row.text[start...], as: UTF8.self) != nil else {
            throw .malformedXML(part: workbookPartName, offset: 0,
                                detail: "cell \(CellReference.name(column: column, row: row.number)) is not UTF-8 text")
        }
    }

    /// A number cell: a date or time when its style says so, padded with zeros when its format is
    /// `000…`, otherwise as the General format shows it (an integer as written, other numbers to
    /// 15 significant digits: what Excel displays).
    private func number(_ row: inout SheetRow, from start: Int, style: Int, column: Int) throws(SpreadsheetError) -> (SheetRow.Kind, Int32) {
        let display = workbook.styles[style]
        let isInteger = Self.isPlainInteger(row.text[start...])
        if display == .general && isInteger { return (.number, 0) }
        // An integer (a date's serial, mostly) needs no strtod.
        guard let value = isInteger ? Self.integer(row.text[start...]).map(Double.init) ?? parseDouble(row.text[start...])
                : parseDouble(row.text[start...]) else {
            throw .badReference(part: workbookPartName, detail: "cell \(CellReference.name(column: column, row: row.number)) holds a number that is not one")
        }
        switch display {
        case .date:
            switch SerialDate.day(serial: value, uses1904: workbook.uses1904DateSystem) {
            case .day(let days): return (.date, days)
            case .nonexistent29February1900: return (.nonexistentDate, 0)
            case .outOfRange: break
            }
        case .time:
            if let time = SerialDate.timeOfDay(serial: value) {
                row.text.removeSubrange(start...)
                row.text.append(contentsOf: Array(time.utf8))
                return (.time, 0)
            }
        case .zeroPadded(let width):
            if isInteger, row.text[start] != UInt8(ascii: "-"), row.text.count - start < width {
                row.text.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - (row.text.count - start)), at: start)
                return (.number, 0)
            }
        case .general:
            break
        }
        if !isInteger { general(&row.text, value, from: start) }
        return (.number, 0)
    }

    private func general(_ text: inout [UInt8], _ value: Double, from start: Int) {
        let written = number.withUnsafeMutableBufferPointer { buffer in
            withVaList([value]) { vsnprintf(buffer.baseAddress, buffer.count, "%.15g", $0) }
        }
        guard written > 0, written < number.count else { return }
        text.removeSubrange(start...)
        number.withUnsafeBufferPointer { buffer in
            for index in 0..<Int(written) { text.append(UInt8(bitPattern: buffer[index])) }
        }
    }

    private func parseDouble(_ text: ArraySlice<UInt8>) -> Double? {
        guard !text.isEmpty, text.count < number.count else { return nil }
        return number.withUnsafeMutableBufferPointer { buffer -> Double? in
            guard let base = buffer.baseAddress else { return nil }
            for (offset, byte) in text.enumerated() { base[offset] = CChar(bitPattern: byte) }
            base[text.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &end)
            guard let end, base.distance(to: end) == text.count, value.isFinite else { return nil }
            return value
        }
    }

    static func isPlainInteger(_ text: ArraySlice<UInt8>) -> Bool {
        var digits = text
        if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.count <= 15 && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    static func integer(_ text: ArraySlice<UInt8>) -> Int? {
        guard !text.isEmpty, text.count <= 10 else { return nil }
        var value = 0
        for byte in text {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
