import Crypto
import Foundation
import Storage

/// Ingests one certifier file into the `pathways` table: a harmonised CSV as it is, or a raw
/// export through its `Mapping` (pseudonymised under the key). The file is parsed on every core
/// chunk by chunk, validated, de-duplicated, streamed into one append session and committed with
/// its batch record, its rejected lines and the deletion vectors of the older rows it supersedes.
/// An `.xlsx` workbook (a file that starts as a ZIP archive or a compound file) goes the same way
/// through `SpreadsheetIngest`. A failure at any point leaves the store as it was.
public enum FileIngest {
    public static func run(file: String, into store: Store, mapping: Mapping? = nil, key: PseudonymisationKey? = nil,
                           options: IngestOptions = IngestOptions(),
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> IngestSummary {
        let started = Date()
        let ledger = try IngestLedger(store)
        let windows = try mapping?.windows(extractionDate: options.extractionDate)
            ?? DateWindows(extractionDate: options.extractionDate ?? CivilDate.today())
        var warnings: [String] = []
        var fingerprint: String?
        if mapping != nil {
            guard let key else { throw PrivacyError.noKey }
            fingerprint = key.fingerprint
            warnings += try KeyPolicy.check(key, against: ledger, file: file)
        }
        if SheetSource.isWorkbook(path: file) {
            let context = Context(ledger: ledger, options: options, windows: windows, fingerprint: fingerprint, started: started,
                                  progress: progress)
            return try SpreadsheetIngest.run(file: file, into: store, mapping: mapping, key: key, context, warnings: warnings)
        }
        func open(_ encoding: CSVDialect.Encoding?) throws -> CSVReader {
            try CSVReader(path: file, delimiter: options.delimiter ?? mapping?.delimiter, encoding: encoding,
                          multilineFields: mapping?.multilineFields ?? false)
        }
        let declared = options.encoding ?? mapping?.encoding
        var reader = try open(declared)
        let context = Context(ledger: ledger, options: options, windows: windows, fingerprint: fingerprint, started: started,
                              progress: progress)
        do {
            return try ingest(reader, mapping: mapping, key: key, context, warnings: warnings)
        } catch let wrong as EncodingContradiction where !reader.dialect.encodingDeclared {
            // The first 64 KiB looked like UTF-8 and a later line is not: read the whole file again
            // as Windows-1252 (nothing was committed), and say so.
            let line = reader.line(ofOffset: wrong.offset)
            reader = try open(.windows1252)
            warnings.append("the file's first lines read as UTF-8 but line \(line) is not UTF-8: the whole file was read as windows-1252 "
                            + "(give --encoding to say which it is)")
            return try ingest(reader, mapping: mapping, key: key, context, warnings: warnings)
        } catch let wrong as EncodingContradiction {
            throw IngestError.encodingMismatch(file: file, line: reader.line(ofOffset: wrong.offset), detail: wrong.detail(reader.dialect))
        }
    }

    /// What every attempt at a file shares.
    struct Context {
        let ledger: IngestLedger
        let options: IngestOptions
        let windows: DateWindows
        let fingerprint: String?
        let started: Date
        let progress: (@Sendable (Int, Int) -> Void)?
    }

    private static func ingest(_ reader: CSVReader, mapping: Mapping?, key: PseudonymisationKey?, _ context: Context,
                               warnings: [String]) throws -> IngestSummary {
        let file = reader.name
        guard let mapping, let key else {
            let parser = try HarmonisedRowParser(header: reader.header, file: file, encoding: reader.dialect.encoding,
                                                 windows: context.windows)
            return try ingest(reader, parser, mapping: "harmonised", dateFormat: nil, missing: [], context, warnings: warnings)
        }
        let resolution = try HeaderResolution(header: reader.header, mapping: mapping, file: file)
        let dateFormat = try context.options.dateFormat ?? mapping.dateFormat
            ?? DateFormatDetector.detect(reader, dateColumns: MappedField.allCases.filter(\.isDate).compactMap(resolution.column))
        let parser = MappedRowParser(mapping: mapping, resolution: resolution, fieldCount: reader.header.count,
                                     encoding: reader.dialect.encoding, dateFormat: dateFormat, key: key, windows: context.windows)
        return try ingest(reader, parser, mapping: mapping.name, dateFormat: dateFormat, missing: resolution.missing.map(\.rawValue),
                          context, warnings: warnings)
    }

    private static func ingest<P: RowParser>(
        _ reader: CSVReader, _ parser: P, mapping: String, dateFormat: DateFormat?, missing: [String], _ context: Context,
        warnings: [String]
    ) throws -> IngestSummary {
        let file = reader.name, store = context.ledger.store, options = context.options
        var session = try store.beginAppend(to: PathwaySchema.tableName, creatingWith: PathwaySchema.schema)
        var state: DeliveryState
        do {
            state = try IngestPipeline(reader: reader, parser: parser, session: session, rowGroupSize: store.options.rowGroupSize,
                                       threads: options.threads, chunkBytes: options.chunkBytes, progress: context.progress).run()
        } catch is CSVReader.MisplacedChunkCut {
            // A chunk cut fell inside a quoted line break: start again, in one sequential pass.
            session.abort()
            session = try store.beginAppend(to: PathwaySchema.tableName, creatingWith: PathwaySchema.schema)
            state = DeliveryState()
            var scanner = reader.scanner()
            do {
                repeat {
                    let part = try parsePart(&scanner, parser, reader: reader, maximumRows: 1 << 20)
                    if let batch = try state.deliver(part, reader: reader) { try session.write(batch) }
                    context.progress?(part.endOffset, reader.file.bytes.count)
                } while scanner.position < scanner.end
            } catch {
                session.abort()
                throw error
            }
        } catch {
            session.abort()
            throw error
        }
        do {
            try state.checkEncoding(reader)
        } catch {
            session.abort()
            throw error
        }
        let sha256 = state.finishHash(reader)
        return try commit(Delivery(state: state, sha256: sha256, sourceBytes: reader.file.bytes.count,
                                   linesRead: reader.bodyLines(lineFeeds: state.lineFeeds), dialect: reader.dialect,
                                   format: reader.dialect.description),
                          session: session, mapping: mapping, dateFormat: dateFormat, missing: missing, file: file, context, warnings: warnings)
    }

    /// What reading a whole file gave, ready to commit.
    struct Delivery {
        var state: DeliveryState
        var sha256: String
        var sourceBytes: Int
        /// Physical lines (CSV) or sheet rows holding a value, after the header.
        var linesRead: Int
        var dialect: CSVDialect?
        /// How the file is written, as the batch record and the summary say it.
        var format: String
    }

    /// Commits a file's rows (written to `session`), with its batch record and rejects and the
    /// deletion of the older rows it supersedes; a file already ingested is refused first.
    static func commit(_ delivery: Delivery, session: AppendSession, mapping: String, dateFormat: DateFormat?, missing: [String],
                       file: String, _ context: Context, warnings: [String]) throws -> IngestSummary {
        var state = delivery.state
        let store = context.ledger.store, options = context.options, sha256 = delivery.sha256
        if !options.force, let previous = try context.ledger.batches(sha256: sha256).first {
            session.abort()
            throw IngestError.alreadyIngested(file: file, batch: previous.id, snapshot: previous.snapshot, sourceName: previous.sourceName)
        }
        let deletions: [Int64: DeletionVector]
        do {
            deletions = try Supersede.deletions(in: store, table: PathwaySchema.tableName, keys: state.keys)
        } catch {
            session.abort()
            throw error
        }
        let name = (file as NSString).lastPathComponent
        state.rejected.sort { $0.line < $1.line }
        let record = BatchRecord(
            sourceName: name, sourceSHA256: sha256, sourceBytes: delivery.sourceBytes, mapping: mapping,
            keyFingerprint: context.fingerprint, linesRead: delivery.linesRead, recordsRead: state.rowsRead, rejected: state.rejected,
            provider: options.provider?.id, extractionDate: context.windows.extractionDate,
            dataYear: options.dataYear ?? context.windows.extractionDate.year - 1, dialect: delivery.format,
            dateFormat: dateFormat?.rawValue, filledValues: state.filledValues())
        let result = try session.commit(note: "ingest \(name)", deleting: deletions, metadata: IngestLedger.recording(record))
        let batch = try context.ledger.batches(sha256: sha256).last?.id ?? 0
        return IngestSummary(file: file, sha256: sha256, bytes: delivery.sourceBytes, dialect: delivery.dialect, format: delivery.format,
                             mapping: mapping, dateFormat: dateFormat, missingFields: missing, linesRead: delivery.linesRead,
                             rowsRead: state.rowsRead, rowsStored: result.rowsAdded, rowsSuperseded: result.rowsDeleted,
                             rejected: state.rejected, snapshot: result.snapshot, batch: batch,
                             seconds: Date().timeIntervalSince(context.started), warnings: warnings)
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
        /// Records read, blank lines included (each is stored or rejected).
        var rowsRead = 0
        var startOffset = 0
        var endOffset = 0
        /// Line feeds the part consumed.
        var lineCount = 0
        /// The UTF-8 check of the part's bytes (`parcours_utf8_check`): the first invalid byte's
        /// file offset, if any, and whether valid multi-byte text came before it.
        var firstInvalidUTF8: Int?
        var sawNonASCII = false

        /// Takes the builder's rows as the part's batch, with their keys: the batch's own
        /// pathway_id values and certifier codes (shared, not copied).
        mutating func takeRows(_ builder: inout PathwayColumnsBuilder) {
            guard builder.count > 0 else { return }
            let taken = builder.takeBatch()
            if case .int64(let ids) = taken.columns[0].values, case .dictionaryString(let certifiers) = taken.columns[2].values {
                (self.ids, self.certifiers) = (ids, certifiers.codes)
            }
            batch = taken
        }

        /// Shifts line numbers counted from 1 at the part's start to the file's lines.
        mutating func makeLinesAbsolute(from first: Int) {
            let shift = first - 1
            guard shift != 0 else { return }
            for index in lines.indices { lines[index] += shift }
            rejected = rejected.map { $0.shifted(by: shift) }
        }
    }

    /// Parses records until the scanner's end or `maximumRows` rows, straight into columns. A
    /// blank line is a record too: it is rejected, so that every line is stored or rejected.
    static func parsePart<P: RowParser>(_ scanner: inout CSVScanner, _ parser: P, reader: CSVReader,
                                        maximumRows: Int) throws -> ParsedPart {
        var part = ParsedPart()
        part.startOffset = scanner.position
        // About 130 bytes per row: the arrays are sized once, not regrown.
        var builder = PathwayColumnsBuilder(reservingCapacity: min((scanner.end - scanner.position) / 100, maximumRows, 1 << 20))
        var record = CSVRecord()
        let firstLine = scanner.line
        var context = parser.makeContext()
        let bytes = scanner.bytes
        var utf8 = UTF8Progress(scanner.position..<scanner.end)
        while part.rowsRead < maximumRows {
            if scanner.position >= utf8.checkedUpTo { utf8.checkBlock(bytes) }
            guard try scanner.next(into: &record) else { break }
            part.rowsRead += 1
            if record.isBlank {
                part.rejected.append(RejectedRow(line: record.line, byteOffset: record.offset, column: nil, reason: "blank line"))
                continue
            }
            switch parser.parse(record, bytes, &context) {
            case .success(let parsed):
                builder.append(parsed.row, certificationCode: parsed.certificationCode)
                part.lines.append(record.line)
                part.offsets.append(record.offset)
            case .failure(let problem):
                part.rejected.append(parser.rejectedRow(problem, record, bytes))
            }
        }
        part.takeRows(&builder)
        part.endOffset = scanner.position
        part.lineCount = scanner.line - firstLine
        // The blocks checked ahead may reach past a part cut by `maximumRows`: what counts is the
        // part's own bytes, so the rest of them is checked and nothing beyond.
        if utf8.checkedUpTo > part.endOffset {
            part.checkUTF8(reader)
        } else {
            utf8.finish(bytes, upTo: part.endOffset)
            part.take(utf8)
        }
        return part
    }
}
