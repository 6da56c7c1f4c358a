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

    /// Thrown by `forEachChunk` when a cut turned out to lie inside a quoted field (a stray quote
    /// misled `CSVChunkPlanner`): what was delivered must be discarded and the file read in one pass.
    public struct MisplacedChunkCut: Error {}

    /// Cuts the body into chunks of about `chunkBytes`, parses `threads` of them at a time with
    /// `parse` (concurrently, so `parse` must have no effect beyond its result) and hands the
    /// results to `deliver` in file order. Pages of the file are released once read, so memory
    /// holds about `threads` chunks whatever the file's size.
    public func forEachChunk<R: Sendable>(
        threads: Int, chunkBytes: Int = 32 << 20, _ parse: @Sendable (inout CSVScanner) throws -> R,
        deliver: (R) throws -> Void
    ) throws {
        let body = bodyStart..<file.bytes.count
        let wanted = max(threads, body.count / max(chunkBytes, 1 << 16))
        let file = self.file
        let chunks = CSVChunkPlanner.plan(file.bytes, range: body, firstLine: bodyFirstLine, chunks: wanted,
                                          release: { file.release($0) })
        let wave = max(1, threads)
        for waveStart in stride(from: 0, to: chunks.count, by: wave) {
            let indexes = Array(waveStart..<min(waveStart + wave, chunks.count))
            let results = Mutex<[Int: Result<R, any Error>]>([:])
            DispatchQueue.concurrentPerform(iterations: indexes.count) { slot in
                var scanner = self.scanner(chunks[indexes[slot]])
                let outcome = Result { try parse(&scanner) }
                results.withLock { $0[slot] = outcome }
            }
            let collected = results.withLock { $0 }
            for slot in indexes.indices {
                switch collected[slot]! {
                case .success(let result): try deliver(result)
                case .failure(let error):
                    // A quoted field left open at the end of an inner chunk means a cut fell inside it.
                    if case IngestError.malformedCSV = error, indexes[slot] < chunks.count - 1 { throw MisplacedChunkCut() }
                    throw error
                }
            }
        }
    }

    /// Every chunk's result, in file order (one sequential pass if the cuts were misplaced).
    public func mapChunks<R: Sendable>(
        threads: Int, chunkBytes: Int = 32 << 20, _ parse: @Sendable (inout CSVScanner) throws -> R
    ) throws -> [R] {
        var results: [R] = []
        do {
            try forEachChunk(threads: threads, chunkBytes: chunkBytes, parse) { results.append($0) }
            return results
        } catch is MisplacedChunkCut {
            var whole = scanner()
            return [try parse(&whole)]
        }
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
