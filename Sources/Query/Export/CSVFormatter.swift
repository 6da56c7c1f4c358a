import Storage

/// Formats rows as CSV bytes (RFC 4180 with COPY's options), column at a time: each column's
/// fields are formatted into one buffer (a string column's once per dictionary entry), then the
/// rows are assembled from the fields. The one CSV writer of query results (COPY, the CLI).
///
/// Quoting: a text field is quoted when it is empty (so that it differs from NULL), equals the
/// NULL string, holds the delimiter, the quote or a line break, or (`quotesNumericText`) reads as
/// a number; any other value when it holds the delimiter or the quote or equals the NULL string.
/// NULL is the NULL string unquoted; a row of one NULL column is `""` (a blank line is skipped by
/// CSV readers).
struct CSVFormatter {
    let options: CopyOptions
    private let delimiter: [UInt8]
    private let quote: [UInt8]
    let nullBytes: [UInt8]
    /// Numbers, booleans and ISO dates are written without a check per value when neither the
    /// delimiter nor the quote can occur in them and they cannot equal the NULL string.
    let plainValuesNeedNoCheck: Bool

    init(_ options: CopyOptions) {
        self.options = options
        delimiter = Array(options.delimiter.utf8)
        quote = Array(options.quote.utf8)
        nullBytes = Array(options.nullString.utf8)
        let possible = Set("0123456789-+.eE:truefalsinINFNA ()BC".utf8)
        plainValuesNeedNoCheck = !delimiter.contains(where: possible.contains) && !quote.contains(where: possible.contains)
            && (nullBytes.isEmpty || nullBytes.contains(where: { !possible.contains($0) }))
    }

    func header(_ names: [String], into output: inout [UInt8]) {
        for (index, name) in names.enumerated() {
            if index > 0 { output.append(contentsOf: delimiter) }
            field(Array(name.utf8), text: true, into: &output)
        }
        output.append(10)
    }

    /// Appends every row of `relation`. Throws only for a batch whose text passes 4 GiB even
    /// when cut down to one row.
    func rows(_ relation: Relation, into output: inout [UInt8]) throws(QueryError) {
        var table = CSVFieldTable(rows: relation.count, columns: relation.columns.count, nullBytes: nullBytes)
        for (column, vector) in relation.columns.enumerated() where !table.overflowed {
            table.add(vector, column: column, formatter: self)
        }
        guard table.overflowed else {
            let text = table.assemble(delimiter: delimiter, loneNull: quote + quote)
            if output.isEmpty { output = text } else { output.append(contentsOf: text) }
            return
        }
        guard relation.count > 1 else { throw .execution("COPY: a row's CSV text passes 4 GiB") }
        let half = relation.count / 2
        try rows(relation.rows((0..<half).map { UInt32($0) }), into: &output)
        try rows(relation.rows((half..<relation.count).map { UInt32($0) }), into: &output)
    }

    /// Appends `value` as a field, quoted when the rules above say so.
    func field(_ value: [UInt8], text: Bool, into output: inout [UInt8]) {
        var needsQuotes = value == nullBytes || (text && value.isEmpty) || contains(value, delimiter) || contains(value, quote)
            || (text && value.contains(where: { $0 == 10 || $0 == 13 }))
        if !needsQuotes && text && options.quotesNumericText, let string = String(validating: value, as: UTF8.self) {
            needsQuotes = Double(string.trimmingCharacters(in: .whitespaces)) != nil
        }
        guard needsQuotes else { output.append(contentsOf: value); return }
        output.append(contentsOf: quote)
        if contains(value, quote) {
            // Each quote doubled.
            var index = 0
            while index < value.count {
                if value.count - index >= quote.count && Array(value[index..<(index + quote.count)]) == quote {
                    output.append(contentsOf: quote + quote)
                    index += quote.count
                } else {
                    output.append(value[index])
                    index += 1
                }
            }
        } else {
            output.append(contentsOf: value)
        }
        output.append(contentsOf: quote)
    }

    private func contains(_ value: [UInt8], _ part: [UInt8]) -> Bool {
        guard !part.isEmpty, value.count >= part.count else { return false }
        if part.count == 1 { return value.contains(part[0]) }
        return (0...(value.count - part.count)).contains { Array(value[$0..<($0 + part.count)]) == part }
    }
}

/// Decimal digits of integers written as ASCII bytes without making a `String`.
enum DecimalDigits {
    /// Writes `value` (at least `width` digits, zero-padded; a minus sign before) at `target`,
    /// which has room for 20 bytes; returns how many bytes it wrote.
    @inline(__always)
    static func write<T: BinaryInteger>(_ value: T, width: Int = 1, to target: UnsafeMutablePointer<UInt8>) -> Int {
        let negative = value < 0
        var magnitude = UInt64(truncatingIfNeeded: Int64(truncatingIfNeeded: value).magnitude)
        var digits = 1
        var scan = magnitude
        while scan >= 10 { scan /= 10; digits += 1 }
        digits = max(digits, min(width, 19))
        let sign = negative ? 1 : 0
        if negative { target[0] = UInt8(ascii: "-") }
        var position = sign + digits - 1
        for _ in 0..<digits {
            target[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
            position -= 1
        }
        return sign + digits
    }
}
