import Crypto
import Dispatch
import Foundation
import Storage
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs an ingest on every core at once: parsing chunks of the file, assembling them in file
/// order, and encoding row groups all overlap, so neither the parser nor the encoder waits for the
/// other (DuckDB's and ClickHouse's pipelines do the same: morsels of input, ordered sinks).
///
/// Each worker repeatedly takes the most useful task: encode a row group (frees memory), else
/// assemble the next parsed chunk in order (one worker at a time: keys, SHA-256, rejects, cutting
/// row groups), else parse the next chunk. Parsed chunks waiting for assembly are bounded, so
/// memory stays at a few chunks and row groups whatever the file's size.
final class IngestPipeline<Parser: RowParser>: @unchecked Sendable {
    private let reader: CSVReader
    private let parser: Parser
    private let session: AppendSession
    private let chunks: [CSVChunk]
    private let rowGroupSize: Int
    private let threads: Int
    private let progress: (@Sendable (Int, Int) -> Void)?

    /// What the workers share; every field is read and written under `lock`.
    private struct Shared {
        var nextToParse = 0
        var parsed: [Int: FileIngest.ParsedPart] = [:]
        var nextToAssemble = 0
        var assembling = false
        var encodeQueue: [(sequence: Int, pieces: [(ColumnBatch, Range<Int>)])] = []
        var encoding = 0
        var failure: (any Error)?
        var finished = false
    }

    private let lock = Mutex(Shared())
    /// Touched only by the one worker assembling at a time (`Shared.assembling`).
    private var delivery = DeliveryState()
    private var pending: [(ColumnBatch, Range<Int>)] = []
    private var pendingRows = 0
    private var nextSequence = 0
    /// Absolute line where the next chunk to assemble starts.
    private var nextLine: Int

    init(reader: CSVReader, parser: Parser, session: AppendSession, rowGroupSize: Int, threads: Int, chunkBytes: Int,
         progress: (@Sendable (Int, Int) -> Void)?) {
        self.reader = reader
        self.parser = parser
        self.session = session
        self.rowGroupSize = rowGroupSize
        self.threads = max(1, threads)
        self.progress = progress
        nextLine = reader.bodyFirstLine
        // Chunks of a little under a row group's rows: most parsed chunks then become a row group
        // as they are, instead of being cut and glued to their neighbours (a copy of every value).
        var largest = chunkBytes
        if let lineBytes = reader.meanLineBytes() { largest = min(largest, rowGroupSize / 100 * 96 * lineBytes) }
        chunks = reader.chunks(largest: max(largest, 1 << 16), threads: self.threads)
    }

    private enum Task {
        case parse(Int)
        case assemble(FileIngest.ParsedPart)
        case encode(sequence: Int, pieces: [(ColumnBatch, Range<Int>)])
        case wait
        case done
    }

    /// Runs to the end of the file; the rows are written to the session (not committed).
    func run() throws -> DeliveryState {
        DispatchQueue.concurrentPerform(iterations: threads) { _ in work() }
        if let failure = lock.withLock({ $0.failure }) { throw failure }
        return delivery
    }

    private func work() {
        while true {
            let task = nextTask()
            do {
                switch task {
                case .done: return
                case .wait: usleep(200)
                case .parse(let index):
                    reader.file.prefault(chunks[index].range)
                    var scanner = reader.scanner(chunks[index])
                    let part = try FileIngest.parsePart(&scanner, parser, reader: reader, maximumRows: Int.max)
                    lock.withLock { $0.parsed[index] = part }
                case .assemble(let part):
                    try assemble(part)
                case .encode(let sequence, let pieces):
                    try encode(pieces, sequence: sequence)
                }
            } catch {
                // With multi-line fields, a chunk that ends inside quotes was cut inside a quoted
                // field: only a sequential pass can read it.
                var reported = error
                if case .parse = task, case IngestError.malformedCSV = error, chunks.count > 1, reader.multilineFields {
                    reported = CSVReader.MisplacedChunkCut()
                }
                lock.withLock { if $0.failure == nil { $0.failure = reported } }
                return
            }
        }
    }

    private func nextTask() -> Task {
        lock.withLock { shared in
            if shared.failure != nil || shared.finished { return .done }
            if !shared.encodeQueue.isEmpty {
                let task = shared.encodeQueue.removeFirst()
                shared.encoding += 1
                return .encode(sequence: task.sequence, pieces: task.pieces)
            }
            if !shared.assembling, let part = shared.parsed.removeValue(forKey: shared.nextToAssemble) {
                shared.assembling = true
                return .assemble(part)
            }
            // Bound the parsed chunks waiting for assembly: memory stays at a few chunks.
            if shared.nextToParse < chunks.count && shared.parsed.count <= threads {
                shared.nextToParse += 1
                return .parse(shared.nextToParse - 1)
            }
            if shared.nextToAssemble == chunks.count && !shared.assembling && shared.encoding == 0 {
                shared.finished = true
                return .done
            }
            return .wait
        }
    }

    /// In file order: counts, rejects, duplicate keys, the file hash; then cuts full row groups.
    private func assemble(_ parsed: FileIngest.ParsedPart) throws {
        defer { lock.withLock { $0.assembling = false } }
        var part = parsed
        part.makeLinesAbsolute(from: nextLine)
        nextLine += part.lineCount
        let batch = try delivery.deliver(part, reader: reader)
        progress?(part.endOffset, reader.file.bytes.count)
        var groups: [(sequence: Int, pieces: [(ColumnBatch, Range<Int>)])] = []
        if let batch, pendingRows == 0, (rowGroupSize / 2...rowGroupSize).contains(batch.rowCount) {
            // A chunk of about a row group's rows is one, as it is.
            pending = [(batch, 0..<batch.rowCount)]
            pendingRows = batch.rowCount
            groups.append(cutRowGroup())
        } else if let batch {
            var start = 0
            while start < batch.rowCount {
                let take = min(rowGroupSize - pendingRows, batch.rowCount - start)
                pending.append((batch, start..<(start + take)))
                pendingRows += take
                start += take
                if pendingRows == rowGroupSize { groups.append(cutRowGroup()) }
            }
        }
        let last = lock.withLock { $0.nextToAssemble + 1 == chunks.count }
        if last && pendingRows > 0 { groups.append(cutRowGroup()) }
        lock.withLock { shared in
            shared.encodeQueue += groups
            shared.nextToAssemble += 1
        }
    }

    private func cutRowGroup() -> (sequence: Int, pieces: [(ColumnBatch, Range<Int>)]) {
        defer {
            pending = []
            pendingRows = 0
            nextSequence += 1
        }
        return (nextSequence, pending)
    }

    private func encode(_ pieces: [(ColumnBatch, Range<Int>)], sequence: Int) throws {
        defer { lock.withLock { $0.encoding -= 1 } }
        let columns: [Column]
        if pieces.count == 1, pieces[0].1 == 0..<pieces[0].0.rowCount {
            columns = pieces[0].0.columns
        } else {
            columns = pieces[0].0.columns.indices.map { index in
                Column.concatenate(pieces.map { $0.0.columns[index].slice($0.1) })
            }
        }
        try session.writeRowGroup(columns, sequence: sequence)
    }
}

/// What the in-order assembly of parsed parts accumulates: counts, rejects, the keys seen, the
/// values filled per column, the encoding's evidence, and the file's SHA-256 (hashed as parts
/// arrive; each part's pages are then released, so the file is read once and memory stays bounded
/// whatever its size).
struct DeliveryState {
    var rowsRead = 0
    var lineFeeds = 0
    var rejected: [RejectedRow] = []
    var keys = PathwayKeySet()
    var hasher = SHA256()
    var hashed = 0
    var encoding = EncodingEvidence()
    /// Non-null values stored, per column of `PathwaySchema`.
    var filled = [Int](repeating: 0, count: PathwaySchema.columnNames.count)

    /// Takes a part in; its rows minus duplicates of earlier rows (nil when none is left).
    mutating func deliver(_ part: FileIngest.ParsedPart, reader: CSVReader) throws -> ColumnBatch? {
        try encoding.take(part, encoding: reader.dialect.encoding)
        if hashed == 0, part.endOffset > 0 {
            keys.expectedCount = Int(Double(part.ids.count) * Double(reader.file.bytes.count) / Double(part.endOffset) * 1.1)
        }
        lineFeeds += part.lineCount
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: reader.file.bytes[hashed..<part.endOffset]))
        reader.file.release(hashed..<part.endOffset)
        hashed = part.endOffset
        return try deliverRows(part)
    }

    /// Takes a part's rows and rejects in (any source: the caller hashes the file); its rows
    /// minus duplicates of earlier rows (nil when none is left).
    mutating func deliverRows(_ part: FileIngest.ParsedPart) throws -> ColumnBatch? {
        rowsRead += part.rowsRead
        rejected += part.rejected
        var duplicates: [Int] = []
        for row in keys.insert(certifiers: part.certifiers, ids: part.ids) {
            duplicates.append(row)
            rejected.append(RejectedRow(line: part.lines[row], byteOffset: part.offsets[row], column: "pathway_id",
                                        reason: "duplicated pathway: the same certifier and pathway key appear earlier in the file"))
        }
        guard var batch = part.batch, batch.rowCount > duplicates.count else { return nil }
        if !duplicates.isEmpty { batch = try ColumnBatch(batch.columns.map { $0.removing(rows: duplicates) }) }
        for index in batch.columns.indices {
            let column: Column = batch.columns[index]
            filled[index] += column.count - column.nullCount
        }
        return batch
    }

    /// After the last part: what the whole file says of its encoding (see `EncodingEvidence`).
    func checkEncoding(_ reader: CSVReader) throws {
        try encoding.finish(reader)
    }

    /// Filled values by column name.
    func filledValues() -> [String: Int] {
        Dictionary(uniqueKeysWithValues: zip(PathwaySchema.columnNames, filled))
    }

    mutating func finishHash(_ reader: CSVReader) -> String {
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: reader.file.bytes[hashed...]))
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
