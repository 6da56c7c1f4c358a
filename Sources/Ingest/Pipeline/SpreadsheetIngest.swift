import Foundation
import Spreadsheet
import Storage

/// Ingests a worksheet of an `.xlsx` workbook as `FileIngest` ingests a CSV file: the same
/// mapping, row parsers, rejects, supersede and ledger, and the same all-or-nothing commit. The
/// sheet is one DEFLATE stream, so it is read in one pass on one thread (`SheetSource`), row group
/// by row group; memory holds the shared strings, one row group and the inflate window.
enum SpreadsheetIngest {
    static func run(file: String, into store: Store, mapping: Mapping?, key: PseudonymisationKey?, _ context: FileIngest.Context,
                    warnings: [String]) throws -> IngestSummary {
        let options = context.options
        let sheetName = options.sheet ?? mapping?.sheet
        let source = try SheetSource(path: file, sheet: sheetName, limits: options.spreadsheetLimits)
        let names = source.header.names
        guard let mapping, let key else {
            let parser = try HarmonisedRowParser(header: names, file: file, encoding: .utf8, windows: context.windows)
            return try ingest(source, parser, dateFormat: .iso, readFields: names.map { _ in true }, mapping: "harmonised",
                              reportedFormat: nil, missing: [], context, warnings: warnings)
        }
        let resolution = try HeaderResolution(header: names, mapping: mapping, file: file)
        let readFields = names.indices.map { index in resolution.columns.contains(index) }
        let dateColumns = MappedField.allCases.filter(\.isDate).compactMap(resolution.column)
        let dateFormat = try options.dateFormat ?? mapping.dateFormat
            ?? detectDateFormat(file: file, sheet: sheetName, limits: options.spreadsheetLimits, dateColumns: dateColumns)
        let parser = MappedRowParser(mapping: mapping, resolution: resolution, fieldCount: names.count, encoding: .utf8,
                                     dateFormat: dateFormat, key: key, windows: context.windows)
        return try ingest(source, parser, dateFormat: dateFormat, readFields: readFields, mapping: mapping.name,
                          reportedFormat: dateFormat, missing: resolution.missing.map(\.rawValue), context, warnings: warnings)
    }

    /// The date format of the dates the certifier typed as text (real dates read the same in any
    /// format), from the first rows of a second reading of the sheet.
    private static func detectDateFormat(file: String, sheet: String?, limits: SpreadsheetLimits, dateColumns: [Int],
                                         maximumRecords: Int = 20_000) throws -> DateFormat {
        let source = try SheetSource(path: file, sheet: sheet, limits: limits)
        let fields = dateColumns.compactMap { column in source.header.columns.indices.contains(column) ? source.header.columns[column] : nil }
        var detector = DateFormatDetector()
        var row = SheetRow()
        while detector.records < maximumRecords, try source.next(into: &row) {
            detector.records += 1
            for cell in row.cells where cell.kind == .text && fields.contains(cell.column) {
                row.bytes(cell).withUnsafeBytes { detector.count($0) }
            }
        }
        return try detector.decide(file: file, whenNone: .dayMonthYear)
    }

    private static func ingest<P: RowParser>(
        _ source: SheetSource, _ parser: P, dateFormat: DateFormat, readFields: [Bool], mapping: String, reportedFormat: DateFormat?,
        missing: [String], _ context: FileIngest.Context, warnings: [String]
    ) throws -> IngestSummary {
        let store = context.ledger.store
        let session = try store.beginAppend(to: PathwaySchema.tableName, creatingWith: PathwaySchema.schema)
        var state = DeliveryState()
        var records = SheetRecord(header: source.header, dateFormat: dateFormat, readFields: readFields)
        var parserContext = parser.makeContext()
        var row = SheetRow(), record = CSVRecord()
        do {
            var more = true
            while more {
                var part = FileIngest.ParsedPart()
                var builder = PathwayColumnsBuilder(reservingCapacity: min(store.options.rowGroupSize, 1 << 16))
                while part.rowsRead < store.options.rowGroupSize {
                    guard try source.next(into: &row) else { more = false; break }
                    part.rowsRead += 1
                    if let refusal = records.fill(&record, from: row) {
                        part.rejected.append(RejectedRow(line: row.number, byteOffset: 0, column: nil, reason: refusal))
                        continue
                    }
                    let result = records.bytes.withUnsafeBytes { bytes in
                        switch parser.parse(record, bytes, &parserContext) {
                        case .success(let parsed):
                            builder.append(parsed.row, certificationCode: parsed.certificationCode)
                            return nil as RejectedRow?
                        case .failure(let problem):
                            return parser.rejectedRow(problem, record, bytes)
                        }
                    }
                    if let rejected = result {
                        part.rejected.append(rejected)
                    } else {
                        part.lines.append(row.number)
                        part.offsets.append(0)
                    }
                }
                part.takeRows(&builder)
                if let batch = try state.deliverRows(part) { try session.write(batch) }
                source.releaseReadPages()
                context.progress?(source.progress.done, source.progress.total)
            }
        } catch {
            session.abort()
            throw error
        }
        var warnings = warnings
        if source.emptyRows > 0 {
            warnings.append("\(source.emptyRows) row(s) of the sheet hold no value (formatted or left empty): they were skipped")
        }
        let sha256 = source.sha256()
        return try FileIngest.commit(
            FileIngest.Delivery(state: state, sha256: sha256, sourceBytes: source.file.bytes.count, linesRead: state.rowsRead,
                                dialect: nil, format: source.format),
            session: session, mapping: mapping, dateFormat: reportedFormat, missing: missing, file: source.path, context, warnings: warnings)
    }
}
