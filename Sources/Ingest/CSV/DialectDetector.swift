/// Guesses a file's dialect from its first bytes: BOM, encoding (valid UTF-8 or Windows-1252) and
/// delimiter (the candidate that splits the sampled lines into the same number of fields, more than
/// one). Every guess can be overridden; a delimiter it cannot decide is an error naming the option.
public enum DialectDetector {
    public static let sampleSize = 1 << 16

    /// `multilineFields`: whether line feeds inside quotes belong to the field (the reader's setting).
    public static func detect(_ bytes: UnsafeRawBufferPointer, file: String,
                              delimiter forced: UInt8? = nil, encoding forcedEncoding: CSVDialect.Encoding? = nil,
                              multilineFields: Bool = false)
        throws(IngestError) -> CSVDialect {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let offset = bytes.count >= 3 && Array(bytes[0..<3]) == bom ? 3 : 0
        guard bytes.count > offset else {
            throw .malformedCSV(file: file, line: 1, column: 1, detail: "the file is empty: expected a header line")
        }
        let sample = UnsafeRawBufferPointer(rebasing: bytes[offset..<min(bytes.count, offset + sampleSize)])
        let encoding = forcedEncoding ?? (offset == 3 || isValidUTF8(sample, atEnd: bytes.count <= offset + sampleSize) ? .utf8 : .windows1252)
        let delimiter: UInt8
        if let forced {
            delimiter = forced
        } else {
            delimiter = try detectDelimiter(sample, wholeFile: bytes.count <= offset + sampleSize, multilineFields: multilineFields,
                                            file: file)
        }
        return CSVDialect(delimiter: delimiter, encoding: encoding, encodingDeclared: forcedEncoding != nil, headerOffset: offset)
    }

    /// Whether `sample` is UTF-8; a sequence cut by the end of the sample does not count against it.
    static func isValidUTF8(_ sample: UnsafeRawBufferPointer, atEnd: Bool) -> Bool {
        var index = 0
        while index < sample.count {
            let byte = sample[index]
            let length = byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            guard length > 0 else { return false }
            if index + length > sample.count { return !atEnd }
            for continuation in 1..<length where sample[index + continuation] >> 6 != 0b10 { return false }
            if length == 2 && byte < 0xC2 { return false }  // overlong
            index += length
        }
        return true
    }

    static func detectDelimiter(_ sample: UnsafeRawBufferPointer, wholeFile: Bool, multilineFields: Bool = false,
                                file: String) throws(IngestError) -> UInt8 {
        // Complete records of the sample (the last may be cut), at most 100: physical lines, or,
        // with multi-line fields, lines joined while a quote is open. Without multi-line fields, a
        // line with an unbalanced quote is a broken record and does not vote.
        var lines: [Range<Int>] = []
        var start = 0, quotes = 0
        for index in 0..<sample.count where lines.count < 100 {
            let byte = sample[index]
            if byte == UInt8(ascii: "\"") { quotes += 1 }
            guard byte == UInt8(ascii: "\n"), !multilineFields || quotes % 2 == 0 else { continue }
            let end = index > start && sample[index - 1] == UInt8(ascii: "\r") ? index - 1 : index
            if end > start && (quotes % 2 == 0 || lines.isEmpty) { lines.append(start..<end) }
            start = index + 1
            quotes = 0
        }
        if wholeFile && start < sample.count && lines.count < 100 && quotes % 2 == 0 { lines.append(start..<sample.count) }
        guard !lines.isEmpty else {
            throw .ambiguousDialect(file: file, detail: "cannot find a complete line to detect the delimiter; give --delimiter")
        }
        // A candidate is consistent when it splits at least 90% of the data lines (half, when the
        // header agrees) into the same number (> 1) of fields: a few broken rows must not defeat
        // detection. The header is not
        // required to agree (a missing or extra header column is the header's error, which the
        // reader reports as such); a candidate it agrees with is preferred.
        let data = lines.count > 1 ? Array(lines.dropFirst()) : lines
        var consistent: [(byte: UInt8, fields: Int, header: Bool)] = []
        for candidate in CSVDialect.delimiters {
            let counts = data.map { range in fieldCount(sample, range, candidate.byte) }
            let frequencies = Dictionary(counts.map { ($0, 1) }, uniquingKeysWith: +)
            guard let (fields, agreeing) = frequencies.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { continue }
            let header = fieldCount(sample, lines[0], candidate.byte)
            // Most lines agree; or, backed by the header, a majority does (a small file with a few
            // broken lines).
            let share = Double(agreeing) / Double(counts.count)
            if fields > 1 && (share >= 0.9 || (header == fields && share >= 0.5)) && (header > 1 || lines.count == 1) {
                consistent.append((candidate.byte, fields, header == fields))
            }
        }
        let agreeing = consistent.filter(\.header)
        let ranked = (agreeing.isEmpty ? consistent : agreeing).sorted { $0.fields > $1.fields }
        guard let best = ranked.first else {
            throw .ambiguousDialect(file: file, detail: "no delimiter among , ; tab | splits most lines into the same number of fields; give --delimiter")
        }
        // Several split consistently (e.g. commas inside every value of a ;-file): the one giving the
        // most fields wins only if it is clearly ahead; otherwise ask.
        if ranked.count == 1 || best.fields > ranked[1].fields { return best.byte }
        let names = ranked.prefix(2).map { candidate in CSVDialect.delimiters.first { $0.byte == candidate.byte }?.name ?? "?" }
        throw .ambiguousDialect(file: file, detail: "both \(names.joined(separator: " and ")) split every line into \(best.fields) fields; give --delimiter")
    }

    /// Fields in one line for `delimiter`, quotes honoured.
    static func fieldCount(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ delimiter: UInt8) -> Int {
        var fields = 1, inQuotes = false
        for index in range {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() } else if byte == delimiter && !inQuotes { fields += 1 }
        }
        return fields
    }
}
