import CByteScan

/// Splits a byte range of a CSV file into records (RFC 4180 plus what spreadsheets really write):
/// quoted fields with doubled quotes, LF or CRLF line ends, a last line without line end. A quote
/// inside an unquoted field is kept as data.
///
/// Certifier exports do not put line breaks inside fields, so by default a quote still open at the
/// end of its line makes that one line a broken record ("unbalanced quote") and the next line is
/// read as a record of its own: a stray quote costs one line, never the lines after it. With
/// `multilineFields`, a quoted field may span lines, up to `maximumRecordLines` lines and
/// `maximumRecordBytes` bytes; one that runs past them is broken the same way, and reading
/// resumes at the line after the one it opened on.
///
/// Invariant: `position` is always at the start of a record (or at `end`). Scanning never reads
/// outside `bytes[start..<end]`.
public struct CSVScanner {
    /// The most physical lines one record may span when multi-line fields are allowed.
    public static let maximumRecordLines = 8
    /// The most bytes one record may span when multi-line fields are allowed.
    public static let maximumRecordBytes = 64 << 10

    public let bytes: UnsafeRawBufferPointer
    public let delimiter: UInt8
    public let file: String
    public private(set) var position: Int
    public let end: Int
    /// Physical line of `position` (1-based).
    public private(set) var line: Int
    /// Drop a final empty field (lines that end with the delimiter, as some exports write).
    public var dropsTrailingEmptyField = false
    /// Whether a quoted field may hold line breaks (see the type's documentation).
    public var multilineFields = false

    private static let quote = UInt8(ascii: "\"")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    public init(bytes: UnsafeRawBufferPointer, range: Range<Int>, firstLine: Int, delimiter: UInt8, file: String) {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "range outside the file")
        self.bytes = bytes
        self.delimiter = delimiter
        self.file = file
        position = range.lowerBound
        end = range.upperBound
        line = firstLine
    }

    /// Reads the next record into `record`; false at the end of the range. A broken record (an
    /// unbalanced quote, text after a closing quote) comes back with its `malformation` set.
    /// Throws only when multi-line fields are allowed and a quoted field is still open at the end
    /// of a range that is not the file's end: the range was cut inside the field (see
    /// `CSVReader.chunks`), and only a sequential pass can read it.
    public mutating func next(into record: inout CSVRecord) throws(IngestError) -> Bool {
        guard position < end else { return false }
        record.reset(line: line, offset: position)
        if scanPlainRecord(into: &record) { return true }
        while true {
            if bytes[position] == Self.quote {
                try quotedField(into: &record)
                // An unbalanced quote ends the record where `quotedField` left the position.
                if record.malformation != nil { return true }
            } else {
                unquotedField(into: &record)
            }
            // After a field: a delimiter, a line end, or the end of the range.
            guard position < end else { break }
            let byte = bytes[position]
            if byte == delimiter {
                position += 1
                if position == end {  // "a;b;" at the very end: one more, empty field
                    record.append(start: position, end: position, escaped: false)
                    break
                }
                continue
            }
            if byte == Self.newline { position += 1; line += 1; break }
            if byte == Self.carriageReturn && position + 1 < end && bytes[position + 1] == Self.newline {
                position += 2; line += 1; break
            }
            // Text right after a closing quote: the record is broken; resume at the next line.
            record.malformation = "unexpected text after a closing quote in field \(record.count)"
            skipToNextLine()
            break
        }
        dropTrailingEmptyField(&record)
        return true
    }

    /// A broken record keeps the fields read before the break, as they are.
    @inline(__always)
    private func dropTrailingEmptyField(_ record: inout CSVRecord) {
        if dropsTrailingEmptyField && record.count > 1 && record.start(record.count - 1) == record.end(record.count - 1)
            && record.malformation == nil {
            record.removeLast()
        }
    }

    /// The fast path for records of unquoted fields: every delimiter, line feed and quote of a
    /// 64-byte block is flagged at once (vector compares, `CByteScan`), then eight bytes at a time
    /// near the end of the range; fields are cut at the flags. True when it read the whole record;
    /// false when it stopped at a field that starts with a quote or near the end of the range,
    /// leaving `position` at the start of the field the general loop continues from (the fields
    /// before it are kept).
    @inline(__always)
    private mutating func scanPlainRecord(into record: inout CSVRecord) -> Bool {
        let base = bytes.baseAddress!
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, ones: UInt64 = 0x0101_0101_0101_0101
        let delimiters = ones &* UInt64(delimiter), newlines = ones &* UInt64(Self.newline), quotes = ones &* UInt64(Self.quote)
        @inline(__always) func zeroBytes(_ v: UInt64) -> UInt64 { ~(((v & low7) &+ low7) | v | low7) }
        var fieldStart = position
        var index = position
        if base.load(fromByteOffset: index, as: UInt8.self) == Self.quote { return false }
        /// Cuts fields at the flagged bytes of the block at `index` (`step` bits per byte: bit
        /// `step` × i flags byte index + i). nil: go on with the next block; true: the record
        /// ended; false: a quoted field is next (the general loop takes it).
        @inline(__always) func cut(_ flags: UInt64, step: Int) -> Bool? {
            var flags = flags
            while flags != 0 {
                let at = index + flags.trailingZeroBitCount / step
                flags &= flags &- 1
                let byte = base.load(fromByteOffset: at, as: UInt8.self)
                if byte == delimiter {
                    record.append(start: fieldStart, end: at, escaped: false)
                    fieldStart = at + 1
                    if fieldStart == end {  // "a;b;" at the very end: one more, empty field
                        record.append(start: end, end: end, escaped: false)
                        position = end
                        dropTrailingEmptyField(&record)
                        return true
                    }
                    // A quoted field next: the general loop.
                    if base.load(fromByteOffset: fieldStart, as: UInt8.self) == Self.quote {
                        position = fieldStart
                        return false
                    }
                } else if byte == Self.newline {
                    var fieldEnd = at
                    if fieldEnd > fieldStart && base.load(fromByteOffset: fieldEnd - 1, as: UInt8.self) == Self.carriageReturn { fieldEnd -= 1 }
                    record.append(start: fieldStart, end: fieldEnd, escaped: false)
                    position = at + 1
                    line += 1
                    dropTrailingEmptyField(&record)
                    return true
                }
                // A quote inside an unquoted field is data.
            }
            return nil
        }
        while index + 64 <= end {
            let flags = parcours_mask64_of3(base.assumingMemoryBound(to: UInt8.self) + index, delimiter, Self.newline, Self.quote)
            if let done = cut(flags, step: 1) { return done }
            index += 64
        }
        while index + 8 <= end {
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // A byte is flagged (its high bit) iff it equals one of the three.
            let flags = zeroBytes(word ^ delimiters) | zeroBytes(word ^ newlines) | zeroBytes(word ^ quotes)
            if let done = cut(flags, step: 8) { return done }
            index += 8
        }
        position = fieldStart
        return false
    }

    @inline(__always)
    private mutating func unquotedField(into record: inout CSVRecord) {
        let start = position
        var index = position
        let delimiter = delimiter
        // Eight bytes at a time (SWAR): a byte equal to the delimiter or to a line feed makes the
        // XOR with its broadcast zero, and (v - 0x01…) & ~v & 0x80… flags the lowest zero byte.
        let base = bytes.baseAddress!
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let delimiters = ones &* UInt64(delimiter), newlines = ones &* UInt64(Self.newline)
        while index + 8 <= end {
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let d = word ^ delimiters, n = word ^ newlines
            let found = ((d &- ones) & ~d | (n &- ones) & ~n) & highs
            if found != 0 {
                index += found.trailingZeroBitCount >> 3
                break
            }
            index += 8
        }
        while index < end {
            let byte = bytes[index]
            if byte == delimiter || byte == Self.newline { break }
            index += 1
        }
        var fieldEnd = index
        // A CRLF line end: the CR is not data (nor is a CR ending the last line of the file).
        if fieldEnd > start && bytes[fieldEnd - 1] == Self.carriageReturn && (index == end || bytes[index] == Self.newline) {
            fieldEnd -= 1
            if index < end { index -= 1 }
        }
        record.append(start: start, end: fieldEnd, escaped: false)
        position = index
    }

    private mutating func quotedField(into record: inout CSVRecord) throws(IngestError) {
        let openLine = line, openOffset = position, field = record.count + 1
        position += 1
        let start = position
        var escaped = false
        while true {
            guard position < end else {
                if multilineFields && end < bytes.count {
                    throw .malformedCSV(file: file, line: openLine, column: openOffset - lineStart(openOffset) + 1,
                                        detail: "a quoted field opened here is not closed before the end of the chunk")
                }
                record.malformation = "unbalanced quote: the quoted field \(field) is never closed (is the file truncated?)"
                if multilineFields { resumeAfterFirstLine(of: record) }
                return
            }
            let byte = bytes[position]
            if byte == Self.quote {
                if position + 1 < end && bytes[position + 1] == Self.quote {
                    escaped = true
                    position += 2
                    continue
                }
                record.append(start: start, end: position, escaped: escaped)
                position += 1
                return
            }
            if byte == Self.newline {
                position += 1
                line += 1
                guard multilineFields else {
                    record.malformation = "unbalanced quote: the quoted field \(field) is not closed on its line"
                    return
                }
                if line - record.line >= Self.maximumRecordLines || position - record.offset > Self.maximumRecordBytes {
                    record.malformation = "unbalanced quote: the quoted field \(field) runs past \(Self.maximumRecordLines) lines "
                        + "or \(Self.maximumRecordBytes >> 10) KiB without being closed"
                    resumeAfterFirstLine(of: record)
                    return
                }
                continue
            }
            position += 1
        }
    }

    /// Puts the scan back at the line after the one `record` started on: the lines a runaway
    /// quoted field swallowed are read again as records of their own.
    private mutating func resumeAfterFirstLine(of record: CSVRecord) {
        position = record.offset
        line = record.line
        skipToNextLine()
    }

    private mutating func skipToNextLine() {
        while position < end {
            let byte = bytes[position]
            position += 1
            if byte == Self.newline { line += 1; return }
        }
    }

    /// Offset of the first byte of the physical line holding `offset` (for column numbers).
    func lineStart(_ offset: Int) -> Int {
        var index = offset
        while index > 0 && bytes[index - 1] != Self.newline { index -= 1 }
        return index
    }
}
