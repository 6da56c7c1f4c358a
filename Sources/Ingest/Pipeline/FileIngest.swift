import Crypto
import Foundation
import Storage

/// Ingests one certifier file into the `pathways` table: a harmonised CSV as it is, or a raw
/// export through its `Mapping` (pseudonymised under the key). The file is parsed on every core
/// chunk by chunk, validated, de-duplicated, streamed into one append session and committed with
/// its batch record, its rejected rows and the deletion vectors of the older rows it supersedes.
/// A failure at any point leaves the store as it was.
public enum FileIngest {
    public static func run(file: String, into store: Store, mapping: Mapping? = nil, key: PseudonymisationKey? = nil,
                           options: IngestOptions = IngestOptions(),
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> IngestSummary {
        let started = Date()
        let reader = try CSVReader(path: file, delimiter: options.delimiter ?? mapping?.delimiter,
                                   encoding: options.encoding ?? mapping?.encoding)
        guard let mapping else {
            let parser = try HarmonisedRowParser(header: reader.header, file: file)
            return try ingest(reader, parser, into: store, mapping: "harmonised", fingerprint: nil, dateFormat: nil,
                              missing: [], options: options, started: started, progress: progress)
        }
        guard let key else { throw PrivacyError.noKey }
        let fingerprint = key.fingerprint
        if let other = try store.batches().last(where: { $0.keyFingerprint != nil && $0.keyFingerprint != fingerprint }) {
            throw IngestError.keyMismatch(file: file, storeFingerprint: other.keyFingerprint!, givenFingerprint: fingerprint)
        }
        let resolution = try HeaderResolution(header: reader.header, mapping: mapping, file: file)
        let dateFormat = try options.dateFormat ?? mapping.dateFormat
            ?? DateFormatDetector.detect(reader, dateColumns: MappedField.allCases.filter(\.isDate).compactMap(resolution.column))
        let parser = MappedRowParser(mapping: mapping, resolution: resolution, fieldCount: reader.header.count,
                                     encoding: reader.dialect.encoding, dateFormat: dateFormat, key: key)
        return try ingest(reader, parser, into: store, mapping: mapping.name, fingerprint: fingerprint, dateFormat: dateFormat,
                          missing: resolution.missing.map(\.rawValue), options: options, started: started, progress: progress)
    }

    private static func ingest<P: RowParser>(
        _ reader: CSVReader, _ parser: P, into store: Store, mapping: String, fingerprint: String?, dateFormat: DateFormat?,
        missing: [String], options: IngestOptions, started: Date, progress: (@Sendable (Int, Int) -> Void)?
    ) throws -> IngestSummary {
        let file = reader.name
        var session = try store.beginAppend(to: PathwaySchema.tableName, creatingWith: PathwaySchema.schema)
        var state: DeliveryState
        do {
            state = try IngestPipeline(reader: reader, parser: parser, session: session, rowGroupSize: store.options.rowGroupSize,
                                       threads: options.threads, chunkBytes: options.chunkBytes, progress: progress).run()
        } catch is CSVReader.MisplacedChunkCut {
            // A chunk cut fell inside a quoted line break: start again, in one sequential pass.
            session.abort()
            session = try store.beginAppend(to: PathwaySchema.tableName, creatingWith: PathwaySchema.schema)
            state = DeliveryState()
            var scanner = reader.scanner()
            repeat {
                let part = try parsePart(&scanner, parser, maximumRows: 1 << 20)
                if let batch = try state.deliver(part, reader: reader) { try session.write(batch) }
                progress?(part.endOffset, reader.file.bytes.count)
            } while scanner.position < scanner.end
        } catch {
            session.abort()
            throw error
        }
        let sha256 = state.finishHash(reader)
        if !options.force, let previous = try store.batches(sha256: sha256).first {
            session.abort()
            throw IngestError.alreadyIngested(file: file, batch: previous.id, snapshot: previous.snapshot, sourceName: previous.sourceName)
        }
        let deletions = try Supersede.deletions(in: store, table: PathwaySchema.tableName, keys: state.keys)
        let name = (file as NSString).lastPathComponent
        state.rejected.sort { $0.line < $1.line }
        let record = IngestRecord(sourceName: name, sourceSHA256: sha256, sourceBytes: reader.file.bytes.count,
                                  mapping: mapping, keyFingerprint: fingerprint, rowsRead: state.rowsRead, rejected: state.rejected)
        let result = try session.commit(note: "ingest \(name)", ingest: record, deleting: deletions)
        return IngestSummary(file: file, sha256: sha256, bytes: reader.file.bytes.count, dialect: reader.dialect,
                             mapping: mapping, dateFormat: dateFormat, missingFields: missing, rowsRead: state.rowsRead,
                             rowsStored: result.rowsAdded, rowsSuperseded: result.rowsDeleted, rejected: state.rejected,
                             snapshot: result.snapshot, seconds: Date().timeIntervalSince(started))
    }

    /// One chunk's (or one sequential slice's) parsed rows, as columns, and its rejects, with each
    /// kept row's key and position so that duplicates across chunks can be refused in file order.
    struct ParsedPart: Sendable {
        var batch: ColumnBatch?
        var ids: [Int64] = []
        /// Certifier codes (indexes in `PathwayCodes.certifiers`), one per kept row.
        var certifiers: [UInt32] = []
        var lines: [Int] = []
        var offsets: [Int] = []
        var rejected: [RejectedRow] = []
        var rowsRead = 0
        var endOffset = 0
        /// Lines the part spans (line feeds consumed).
        var lineCount = 0

        /// Shifts line numbers counted from 1 at the part's start to the file's lines.
        mutating func makeLinesAbsolute(from first: Int) {
            let shift = first - 1
            guard shift != 0 else { return }
            for index in lines.indices { lines[index] += shift }
            rejected = rejected.map {
                RejectedRow(line: $0.line + shift, byteOffset: $0.byteOffset, column: $0.column, reason: $0.reason, value: $0.value)
            }
        }
    }

    /// Parses records until the scanner's end or `maximumRows` rows, straight into columns.
    /// Blank lines are not rows.
    static func parsePart<P: RowParser>(_ scanner: inout CSVScanner, _ parser: P, maximumRows: Int) throws -> ParsedPart {
        var part = ParsedPart()
        // About 130 bytes per row: the arrays are sized once, not regrown.
        var builder = PathwayColumnsBuilder(reservingCapacity: min((scanner.end - scanner.position) / 100, maximumRows, 1 << 20))
        var record = CSVRecord()
        let firstLine = scanner.line
        var context = parser.makeContext()
        let bytes = scanner.bytes
        while part.rowsRead < maximumRows, try scanner.next(into: &record) {
            if record.isBlank { continue }
            part.rowsRead += 1
            switch parser.parse(record, bytes, &context) {
            case .success(let parsed):
                builder.append(parsed.row, certificationCode: parsed.certificationCode)
                part.lines.append(record.line)
                part.offsets.append(record.offset)
            case .failure(let problem):
                part.rejected.append(RejectedRow(line: record.line, byteOffset: record.offset, column: problem.column,
                                                 reason: problem.reason, value: problem.value))
            }
        }
        if builder.count > 0 {
            let batch = builder.takeBatch()
            // The keys are the batch's own pathway_id values and certifier codes (shared, not copied).
            if case .int64(let ids) = batch.columns[0].values, case .dictionaryString(let certifiers) = batch.columns[2].values {
                (part.ids, part.certifiers) = (ids, certifiers.codes)
            }
            part.batch = batch
        }
        part.endOffset = scanner.position
        part.lineCount = scanner.line - firstLine
        return part
    }
}
