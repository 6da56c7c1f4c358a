import Dispatch
import Synchronization

/// A CSV file opened for reading: mapped, its dialect detected (or given), its header read, and
/// its records scanned sequentially or by several threads at once.
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

    public var name: String { file.path }

    public init(path: String, delimiter: UInt8? = nil, encoding: CSVDialect.Encoding? = nil) throws(IngestError) {
        let mapped = try MappedFile(path: path)
        let dialect = try DialectDetector.detect(mapped.bytes, file: path, delimiter: delimiter, encoding: encoding)
        file = mapped
        self.dialect = dialect
        var scanner = CSVScanner(bytes: mapped.bytes, range: dialect.headerOffset..<mapped.bytes.count, firstLine: 1,
                                 delimiter: dialect.delimiter, file: path)
        var record = CSVRecord()
        guard try scanner.next(into: &record) else {
            throw .malformedCSV(file: path, line: 1, column: 1, detail: "the file is empty: expected a header line")
        }
        var names = (0..<record.count).map { record.string($0, in: mapped.bytes, encoding: dialect.encoding) }
        trailingDelimiter = names.count > 1 && names.last == ""
        if trailingDelimiter { names.removeLast() }
        header = names.map { $0.trimmingSpaces() }
        bodyStart = scanner.position
        bodyFirstLine = scanner.line
    }

    /// A scanner over `chunk` (the whole body when nil).
    public func scanner(_ chunk: CSVChunk? = nil) -> CSVScanner {
        let chunk = chunk ?? CSVChunk(range: bodyStart..<file.bytes.count, firstLine: bodyFirstLine)
        var scanner = CSVScanner(bytes: file.bytes, range: chunk.range, firstLine: chunk.firstLine,
                                 delimiter: dialect.delimiter, file: file.path)
        scanner.dropsTrailingEmptyField = trailingDelimiter
        return scanner
    }

    /// Scans the body in up to `threads` chunks at once and returns what `consume` made of each,
    /// in file order. `consume` must have no effect beyond its result: if the chunk cuts turn out
    /// not to be record boundaries (a stray quote misled the planner), every result is discarded
    /// and the file is scanned again in one chunk.
    public func mapChunks<R: Sendable>(
        threads: Int, _ consume: @Sendable (CSVChunk, inout CSVScanner) throws -> R
    ) throws -> [R] {
        let chunks = CSVChunkPlanner.plan(file.bytes, range: bodyStart..<file.bytes.count, firstLine: bodyFirstLine,
                                          chunks: threads)
        if chunks.count > 1 {
            let results = Mutex<[Int: Result<R, any Error>]>([:])
            DispatchQueue.concurrentPerform(iterations: chunks.count) { index in
                var scanner = self.scanner(chunks[index])
                let outcome = Result { try consume(chunks[index], &scanner) }
                results.withLock { $0[index] = outcome }
            }
            let collected = results.withLock { $0 }
            // A quoted field left open at the end of an inner chunk means a cut fell inside it.
            let misplacedCut = (0..<(chunks.count - 1)).contains { index in
                if case .failure(IngestError.malformedCSV) = collected[index]! { return true }
                return false
            }
            if !misplacedCut { return try (0..<chunks.count).map { try collected[$0]!.get() } }
        }
        let whole = CSVChunk(range: bodyStart..<file.bytes.count, firstLine: bodyFirstLine)
        var scanner = self.scanner(whole)
        return [try consume(whole, &scanner)]
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
