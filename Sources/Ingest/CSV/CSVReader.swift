import Storage

/// A byte range of a CSV file that starts at a record boundary (when the cut was well placed),
/// with the line its first record is on.
public struct CSVChunk: Sendable, Equatable {
    public let range: Range<Int>
    public let firstLine: Int
}

/// A CSV file opened for reading: mapped, its dialect detected (or given), its header read and
/// checked against the lines under it, and its records scanned sequentially or by several threads
/// at once.
public final class CSVReader: @unchecked Sendable {
    public let file: MappedFile
    public let dialect: CSVDialect
    /// Header fields, decoded.
    public let header: [String]
    /// Where the records after the header start, and their first physical line.
    public let bodyStart: Int
    public let bodyFirstLine: Int
    /// The header ends with the delimiter: every line carries one empty extra field, dropped.
    public let trailingDelimiter: Bool
    /// Whether quoted fields may span lines (`CSVScanner.multilineFields`).
    public let multilineFields: Bool

    public var name: String { file.path }

    /// `encoding`: the declared encoding (the mapping's or an option's); nil to detect it.
    public init(path: String, delimiter: UInt8? = nil, encoding: CSVDialect.Encoding? = nil, multilineFields: Bool = false)
        throws(IngestError) {
        let mapped: MappedFile
        do throws(StorageError) {
            mapped = try MappedFile(path, access: .sequential)
        } catch {
            throw .file(error)
        }
        let dialect = try DialectDetector.detect(mapped.bytes, file: path, delimiter: delimiter, encoding: encoding,
                                                 multilineFields: multilineFields)
        file = mapped
        self.dialect = dialect
        self.multilineFields = multilineFields
        var scanner = CSVScanner(bytes: mapped.bytes, range: dialect.headerOffset..<mapped.bytes.count, firstLine: 1,
                                 delimiter: dialect.delimiter, file: path)
        scanner.multilineFields = multilineFields
        var record = CSVRecord()
        guard try scanner.next(into: &record) else {
            throw .malformedCSV(file: path, line: 1, column: 1, detail: "the file is empty: expected a header line")
        }
        if let malformation = record.malformation { throw .badHeader(file: path, detail: "the header line is broken: \(malformation)") }
        var names = (0..<record.count).map { record.string($0, in: mapped.bytes, encoding: dialect.encoding) }
        trailingDelimiter = names.count > 1 && names.last == ""
        if trailingDelimiter { names.removeLast() }
        header = names.map { $0.trimmingSpaces() }
        bodyStart = scanner.position
        bodyFirstLine = scanner.line
        try checkHeaderAgainstLines()
    }

    /// The first lines' field count must be the header's: a header that lost or gained a column
    /// would otherwise make every line a "wrong column count" reject, or shift every field.
    private func checkHeaderAgainstLines() throws(IngestError) {
        var scanner = self.scanner(CSVChunk(range: bodyStart..<min(file.bytes.count, bodyStart + DialectDetector.sampleSize),
                                            firstLine: bodyFirstLine))
        var record = CSVRecord()
        var counts: [Int: Int] = [:], sampled = 0
        // The sample may end inside a record; a broken last record does not count.
        while sampled < 100, (try? scanner.next(into: &record)) == true {
            guard record.malformation == nil, !record.isBlank else { continue }
            counts[record.count, default: 0] += 1
            sampled += 1
        }
        guard let (fields, agreeing) = counts.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }), sampled >= 2,
              fields != header.count, Double(agreeing) >= 0.9 * Double(sampled) else { return }
        let missing = fields > header.count
        throw .badHeader(file: name, detail: "the header has \(header.count) columns but the lines under it have \(fields): "
                         + (missing ? "a column name is missing from the header" : "the header names a column the lines do not have")
                         + " (or the lines use another delimiter than the header's \(dialect))")
    }

    /// A scanner over `chunk` (the whole body when nil).
    public func scanner(_ chunk: CSVChunk? = nil) -> CSVScanner {
        let chunk = chunk ?? CSVChunk(range: bodyStart..<file.bytes.count, firstLine: bodyFirstLine)
        var scanner = CSVScanner(bytes: file.bytes, range: chunk.range, firstLine: chunk.firstLine,
                                 delimiter: dialect.delimiter, file: file.path)
        scanner.dropsTrailingEmptyField = trailingDelimiter
        scanner.multilineFields = multilineFields
        return scanner
    }

    /// Thrown when a chunk cut turned out to lie inside a quoted field that holds a line break
    /// (only possible with multi-line fields): what the chunks produced must be discarded and the
    /// file read in one sequential pass.
    public struct MisplacedChunkCut: Error {}

    /// Physical lines of the body, given the line feeds it holds: a last line without one counts.
    public func bodyLines(lineFeeds: Int) -> Int {
        let bytes = file.bytes
        return lineFeeds + (bytes.count > bodyStart && bytes[bytes.count - 1] != UInt8(ascii: "\n") ? 1 : 0)
    }

    /// The physical line holding byte `offset` (cold: error messages).
    public func line(ofOffset offset: Int) -> Int {
        var line = 1
        for index in 0..<min(offset, file.bytes.count) where file.bytes[index] == UInt8(ascii: "\n") { line += 1 }
        return line
    }

    /// The mean length of the body's first lines (up to 1 MB of them), line feed included; nil
    /// when that sample holds no complete line.
    public func meanLineBytes() -> Int? {
        let end = min(file.bytes.count, bodyStart + (1 << 20))
        var lines = 0, lastEnd = bodyStart
        for index in bodyStart..<end where file.bytes[index] == UInt8(ascii: "\n") {
            lines += 1
            lastEnd = index + 1
        }
        return lines > 0 ? (lastEnd - bodyStart) / lines : nil
    }

    /// Cuts the body after the first line feed past each target size, reading a few bytes per
    /// cut instead of the whole file. Without multi-line fields every line feed ends a record, so
    /// every cut is at a record's start. Sizes shrink as the end nears (a chunk is at most a
    /// 1/(8 × threads) share of what remains, between 1 MB and `largest`): the last chunks are
    /// small, so no core waits long for the last parse while another finishes (guided
    /// scheduling). With multi-line fields a cut may fall inside a quoted field that holds a line
    /// break; the chunk before it then ends inside quotes, which its scan reports, and the caller
    /// must start again sequentially (`MisplacedChunkCut`). Each chunk counts its lines from 1: the caller
    /// makes them absolute, in file order.
    public func chunks(largest: Int, threads: Int) -> [CSVChunk] {
        let bytes = file.bytes, body = bodyStart..<file.bytes.count
        let smallest = min(1 << 20, largest)
        var starts = [body.lowerBound]
        var start = body.lowerBound
        while true {
            let size = min(largest, max(smallest, (body.upperBound - start) / (8 * max(threads, 1))))
            var index = start + size
            guard index < body.upperBound else { break }
            while index < body.upperBound && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            guard index + 1 < body.upperBound else { break }
            start = index + 1
            starts.append(start)
        }
        starts.append(body.upperBound)
        return (0..<(starts.count - 1)).map { CSVChunk(range: starts[$0]..<starts[$0 + 1], firstLine: 1) }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (headers often carry some).
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
