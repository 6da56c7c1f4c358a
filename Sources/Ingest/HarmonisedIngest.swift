import Crypto
import Foundation
import Storage

/// Options of an ingest run; every detection can be overridden.
public struct IngestOptions: Sendable {
    public var delimiter: UInt8?
    public var encoding: CSVDialect.Encoding?
    /// Ingest a file even if the same bytes (SHA-256) were ingested before.
    public var force = false
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Bytes of CSV parsed per chunk: memory holds about `threads` chunks' rows at once.
    public var chunkBytes = 32 << 20

    public init() {}
}

/// What one file's ingest did.
public struct IngestSummary: Sendable {
    public let file: String
    public let sha256: String
    public let bytes: Int
    public let dialect: CSVDialect
    public let rowsRead: Int
    public let rowsStored: Int
    public let rejected: [RejectedRow]
    public let snapshot: Int64
    public let seconds: Double
}

/// Ingests harmonised CSV files (DOMAIN.md's format) into the `pathways` table: parsed on every
/// core chunk by chunk, validated, streamed into one append session, committed with the batch
/// record and its rejected rows. A failure at any point leaves the store as it was.
public enum HarmonisedIngest {
    public static func run(file: String, into store: Store, options: IngestOptions = IngestOptions(),
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> IngestSummary {
        let started = Date()
        let reader = try CSVReader(path: file, delimiter: options.delimiter, encoding: options.encoding)
        let parser = try HarmonisedRowParser(header: reader.header, file: file)
        var session = try store.beginAppend(to: PathwaySchema.tableName, creatingWith: PathwaySchema.schema)
        var rowsRead = 0
        var rejected: [RejectedRow] = []
        // The file is hashed as its parts are delivered, in order, and each part's pages are then
        // released: the file is read once and memory stays bounded whatever its size.
        var hasher = SHA256()
        var hashed = 0
        func deliver(_ part: ParsedPart) throws {
            rowsRead += part.rowsRead
            rejected += part.rejected
            if part.builder.count > 0 {
                var builder = part.builder
                try session.write(builder.takeBatch())
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: reader.file.bytes[hashed..<part.endOffset]))
            reader.file.release(hashed..<part.endOffset)
            hashed = part.endOffset
            progress?(part.endOffset, reader.file.bytes.count)
        }
        do {
            try reader.forEachChunk(threads: options.threads, chunkBytes: options.chunkBytes,
                                    { scanner in try parsePart(&scanner, parser, maximumRows: Int.max) }, deliver: deliver)
        } catch is CSVReader.MisplacedChunkCut {
            // A stray quote misled the chunk planner: start again, in one sequential pass.
            session.abort()
            session = try store.beginAppend(to: PathwaySchema.tableName, creatingWith: PathwaySchema.schema)
            (rowsRead, rejected, hasher, hashed) = (0, [], SHA256(), 0)
            var scanner = reader.scanner()
            repeat {
                try deliver(try parsePart(&scanner, parser, maximumRows: 1 << 20))
            } while scanner.position < scanner.end
        }
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: reader.file.bytes[hashed...]))
        let sha256 = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        if !options.force, let previous = try store.batches(sha256: sha256).first {
            session.abort()
            throw IngestError.alreadyIngested(file: file, batch: previous.id, snapshot: previous.snapshot, sourceName: previous.sourceName)
        }
        let name = (file as NSString).lastPathComponent
        let record = IngestRecord(sourceName: name, sourceSHA256: sha256, sourceBytes: reader.file.bytes.count,
                                  mapping: "harmonised", keyFingerprint: nil, rowsRead: rowsRead, rejected: rejected)
        let result = try session.commit(note: "ingest \(name)", ingest: record)
        return IngestSummary(file: file, sha256: sha256, bytes: reader.file.bytes.count, dialect: reader.dialect,
                             rowsRead: rowsRead, rowsStored: result.rowsAdded, rejected: rejected, snapshot: result.snapshot,
                             seconds: Date().timeIntervalSince(started))
    }

    /// One chunk's (or one sequential slice's) parsed rows and rejects.
    struct ParsedPart: Sendable {
        var builder = PathwayColumnsBuilder()
        var rejected: [RejectedRow] = []
        var rowsRead = 0
        var endOffset = 0
    }

    /// Parses records until the scanner's end or `maximumRows` rows. Blank lines are not rows.
    static func parsePart(_ scanner: inout CSVScanner, _ parser: HarmonisedRowParser, maximumRows: Int) throws -> ParsedPart {
        var part = ParsedPart()
        var record = CSVRecord()
        let bytes = scanner.bytes
        while part.rowsRead < maximumRows, try scanner.next(into: &record) {
            if record.count == 1 && record.starts[0] == record.ends[0] && record.malformation == nil { continue }
            part.rowsRead += 1
            switch parser.parse(record, bytes) {
            case .success(let pathway): part.builder.append(pathway)
            case .failure(let problem):
                part.rejected.append(RejectedRow(line: record.line, byteOffset: record.offset, column: problem.column,
                                                 reason: problem.reason, value: problem.value))
            }
        }
        part.endOffset = scanner.position
        return part
    }
}
