import ArgumentParser
import Foundation
import Ingest
import Storage
import Support

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Load certifier files into a store (table pathways), pseudonymised, rejecting bad lines with their reason.",
        discussion: """
            Harmonised CSV files load as they are. Raw certifier exports need --mapping (see docs/MAPPINGS.md and \
            mappings/), or --provider for a provider declared with `parcours providers add`, and the pseudonymisation \
            key (--key-file FILE or the PARCOURS_KEY environment variable); the key never reaches the store, which keeps \
            its fingerprint and refuses files under another key. Each file is one commit: all of its valid rows, its \
            batch record, its rejected lines and the older rows of the same pathways it supersedes, or nothing. Every \
            line is stored or rejected. A file already ingested (same SHA-256) is refused unless --force. Delimiter, \
            encoding and date format are detected; override them when detection cannot decide. An .xlsx workbook \
            is read like a CSV file: the mapping's sheet (or --sheet, else the first visible one), its first row \
            holding a value as the header, a reject's line being the sheet's row number (docs/MAPPINGS.md).
            """)

    @Argument(help: "The store folder (created if missing).")
    var store: String

    @Argument(help: "CSV files or .xlsx workbooks: harmonised, or raw exports of the certifier --mapping describes.")
    var files: [String]

    @Option(help: "Mapping file (JSON5) describing the raw files' columns, codes and identity.")
    var mapping: String?

    @Option(help: "The data provider sending the files (declared with `parcours providers add`): its mapping is used and the batches record it.")
    var provider: String?

    @Option(help: "File holding the pseudonymisation key (default: the PARCOURS_KEY environment variable).")
    var keyFile: String?

    @Option(help: "The day the files were extracted, YYYY-MM-DD (default: the mapping's extraction_date, else today); dates are checked against windows counted from it.")
    var extractionDate: String?

    @Option(help: "The year the files' data is for (default: the extraction date's year minus one); lateness is measured against it.")
    var dataYear: Int?

    @Option(help: "Date format of raw files: dd/mm/yyyy, mm/dd/yyyy or yyyy-mm-dd (default: the mapping's, else detected).")
    var dateFormat: String?

    @Option(help: "For .xlsx workbooks: the sheet to read (default: the mapping's \"sheet\", else the first visible sheet).")
    var sheet: String?

    @Option(help: "Field delimiter: comma, semicolon, tab, pipe, or one character.")
    var delimiter: String?

    @Option(help: "Text encoding: utf-8 or windows-1252.")
    var encoding: String?

    @Flag(help: "Ingest a file again even if the same bytes were ingested before.")
    var force = false

    @Option(help: "Threads parsing each file.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if let delimiter, CSVDialect.delimiter(named: delimiter) == nil {
            throw ValidationError("--delimiter takes comma, semicolon, tab, pipe or a single character")
        }
        if let encoding, CSVDialect.Encoding(rawValue: encoding.lowercased()) == nil {
            throw ValidationError("--encoding takes utf-8 or windows-1252")
        }
        guard threads > 0 else { throw ValidationError("--threads must be positive") }
        if let dateFormat, DateFormat(rawValue: dateFormat) == nil {
            throw ValidationError("--date-format takes \(DateFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let extractionDate, CivilDate(iso: extractionDate) == nil {
            throw ValidationError("--extraction-date takes a date written YYYY-MM-DD")
        }
        if let dataYear, !(2002...2199).contains(dataYear) { throw ValidationError("--data-year takes a year from 2002") }
        if mapping != nil && provider != nil { throw ValidationError("give --mapping or --provider (whose mapping is used), not both") }
        // Every file is checked first, so that a typo, a folder or a pipe does not leave a new,
        // empty store behind (a pipe would also block the ingest).
        for file in files {
            var info = stat()
            guard stat(file, &info) == 0 else { throw ValidationError("cannot read \(Format.printable(file)): \(String(cString: strerror(errno)))") }
            guard (info.st_mode & S_IFMT) == S_IFREG else {
                throw ValidationError("\(Format.printable(file)) is not a regular file (a pipe, a device or a folder): give a file")
            }
            guard access(file, R_OK) == 0 else { throw ValidationError("cannot read \(Format.printable(file)): permission denied") }
        }
    }

    func run() throws {
        var options = IngestOptions()
        options.delimiter = delimiter.flatMap(CSVDialect.delimiter(named:))
        options.encoding = encoding.flatMap { CSVDialect.Encoding(rawValue: $0.lowercased()) }
        options.force = force
        options.threads = threads
        options.dateFormat = dateFormat.flatMap(DateFormat.init(rawValue:))
        options.extractionDate = extractionDate.flatMap(CivilDate.init(iso:))
        options.dataYear = dataYear
        options.sheet = sheet
        var loadedMapping = try mapping.map { try Mapping.load(path: $0) }
        let created = !FileManager.default.fileExists(atPath: store)
        let target = created ? try Store.create(at: store) : try Store.open(at: store, forWriting: true)
        do {
            try ingest(into: target, mapping: &loadedMapping, options: &options)
        } catch {
            // A store this command created and that received nothing is not left behind.
            if created, (try? IngestLedger(target).batches().isEmpty) == true { try? FileManager.default.removeItem(atPath: store) }
            throw error
        }
    }

    private func ingest(into target: Store, mapping loadedMapping: inout Mapping?, options: inout IngestOptions) throws {
        if let provider {
            let declared = try IngestLedger(target).provider(named: provider)
            options.provider = declared
            loadedMapping = try declared.mapping()
        }
        var key: PseudonymisationKey?
        if loadedMapping != nil {
            key = try keyFile.map { try PseudonymisationKey(file: $0) } ?? PseudonymisationKey.fromEnvironment()
            guard key != nil else { throw PrivacyError.noKey }
        }
        for file in files {
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
            let progress = ProgressReporter(label: "ingest \(Format.printable((file as NSString).lastPathComponent))", total: size.map { $0 >> 20 })
            let summary = try FileIngest.run(file: file, into: target, mapping: loadedMapping, key: key, options: options) { done, _ in
                progress.update(done >> 20, unit: "MB")
            }
            progress.finish()
            Self.report(summary)
        }
    }

    static func report(_ summary: IngestSummary) {
        let megabytes = Double(summary.bytes) / 1e6
        print("\(Format.printable(summary.file)): \(summary.format), mapping \(Format.printable(summary.mapping))"
              + (summary.dateFormat.map { ", dates \($0.rawValue)" } ?? "") + "; batch \(summary.batch), snapshot \(summary.snapshot)")
        print("  \(Format.count(summary.linesRead)) lines, \(Format.count(summary.rowsRead)) records: "
              + "\(Format.count(summary.rowsStored)) stored, \(Format.count(summary.rejected.count)) rejected, "
              + "\(Format.count(summary.rowsSuperseded)) older rows superseded; "
              + String(format: "%.2f s, %.0f MB/s, %@ rows/s", summary.seconds, megabytes / summary.seconds,
                       Format.count(Int(Double(summary.rowsRead) / max(summary.seconds, 1e-9)))))
        if !summary.missingFields.isEmpty {
            print("  not in the file (left empty): \(summary.missingFields.joined(separator: ", "))")
        }
        let reasons = Dictionary(grouping: summary.rejected, by: { row in row.column.map { "\($0): \(row.reason)" } ?? row.reason })
            .mapValues { $0.count }
        for (reason, count) in reasons.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(10) {
            print("  rejected \(Format.count(count)): \(Format.printable(reason))")
        }
        for warning in summary.warnings { print("  warning: \(Format.printable(warning))") }
    }
}
