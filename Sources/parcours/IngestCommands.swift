import ArgumentParser
import Bench
import Foundation
import Ingest
import Storage
import Support

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Load certifier files into a store (table pathways), pseudonymised, rejecting bad rows with their reason.",
        discussion: """
            Harmonised CSV files load as they are. Raw certifier exports need --mapping (see docs/MAPPINGS.md and \
            mappings/) and the pseudonymisation key (--key-file FILE or the PARCOURS_KEY environment variable); the \
            key never reaches the store, which keeps its fingerprint and refuses files under another key. \
            Each file is one commit: all of its valid rows, its batch record, its rejected rows and the older rows \
            of the same pathways it supersedes, or nothing. A file already ingested (same SHA-256) is refused \
            unless --force. Delimiter, encoding and date format are detected; override them when detection cannot decide.
            """)

    @Argument(help: "The store folder (created if missing).")
    var store: String

    @Argument(help: "CSV files: harmonised, or raw exports of the certifier --mapping describes.")
    var files: [String]

    @Option(help: "Mapping file (JSON5) describing the raw files' columns, codes and identity.")
    var mapping: String?

    @Option(help: "File holding the pseudonymisation key (default: the PARCOURS_KEY environment variable).")
    var keyFile: String?

    @Option(help: "Date format of raw files: dd/mm/yyyy, mm/dd/yyyy or yyyy-mm-dd (default: the mapping's, else detected).")
    var dateFormat: String?

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
        // Every file is checked first, so that a typo does not leave a new, empty store behind.
        for file in files where !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationError("cannot read \(file)")
        }
    }

    func run() throws {
        var options = IngestOptions()
        options.delimiter = delimiter.flatMap(CSVDialect.delimiter(named:))
        options.encoding = encoding.flatMap { CSVDialect.Encoding(rawValue: $0.lowercased()) }
        options.force = force
        options.threads = threads
        options.dateFormat = dateFormat.flatMap(DateFormat.init(rawValue:))
        let loadedMapping = try mapping.map { try Mapping.load(path: $0) }
        var key: PseudonymisationKey?
        if loadedMapping != nil {
            key = try keyFile.map { try PseudonymisationKey(file: $0) } ?? PseudonymisationKey.fromEnvironment()
            guard key != nil else { throw PrivacyError.noKey }
        }
        let target = FileManager.default.fileExists(atPath: store)
            ? try Store.open(at: store, forWriting: true) : try Store.create(at: store)
        for file in files {
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
            let progress = ProgressReporter(label: "ingest \((file as NSString).lastPathComponent)", total: size.map { $0 >> 20 })
            let summary = try FileIngest.run(file: file, into: target, mapping: loadedMapping, key: key, options: options) { done, _ in
                progress.update(done >> 20, unit: "MB")
            }
            progress.finish()
            let megabytes = Double(summary.bytes) / 1e6
            print("\(file): \(summary.dialect), mapping \(summary.mapping)"
                  + (summary.dateFormat.map { ", dates \($0.rawValue)" } ?? "") + "; \(Format.count(summary.rowsRead)) rows read, "
                  + "\(Format.count(summary.rowsStored)) stored, \(Format.count(summary.rejected.count)) rejected, "
                  + "\(Format.count(summary.rowsSuperseded)) older rows superseded; "
                  + String(format: "%.2f s, %.0f MB/s, %@ rows/s; snapshot %lld", summary.seconds, megabytes / summary.seconds,
                           Format.count(Int(Double(summary.rowsRead) / max(summary.seconds, 1e-9))), summary.snapshot))
            if !summary.missingFields.isEmpty {
                print("  not in the file (left empty): \(summary.missingFields.joined(separator: ", "))")
            }
            let reasons = Dictionary(grouping: summary.rejected, by: { row in row.column.map { "\($0): \(row.reason)" } ?? row.reason })
                .mapValues { $0.count }
            for (reason, count) in reasons.sorted(by: { $0.value > $1.value }).prefix(10) {
                print("  rejected \(Format.count(count)): \(reason)")
            }
        }
    }
}

struct RejectsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rejects", abstract: "List the rows ingests refused, with file, line, column, reason and value.")

    @Argument(help: "The store folder.")
    var store: String

    @Option(help: "Only this batch (see the batch ids in the output).")
    var batch: Int64?

    @Option(help: "At most this many rows (0: all).")
    var limit: Int = 100

    func run() throws {
        let opened = try Store.open(at: store)
        let batches = Dictionary(uniqueKeysWithValues: try opened.batches().map { ($0.id, $0) })
        for info in batches.values.sorted(by: { $0.id < $1.id }) where batch == nil || info.id == batch {
            print("batch \(info.id) (snapshot \(info.snapshot)): \(info.sourceName), \(Format.count(info.rowsRead)) read, "
                  + "\(Format.count(info.rowsStored)) stored, \(Format.count(info.rowsRejected)) rejected, sha256 \(info.sourceSHA256.prefix(16))…")
        }
        let rows = try opened.rejectedRows(batch: batch)
        let shown = limit > 0 ? Array(rows.prefix(limit)) : rows
        print(TextTable(header: ["batch", "file", "line", "column", "reason", "value"], rows: shown.map { entry in
            [String(entry.batch), batches[entry.batch]?.sourceName ?? "?", String(entry.row.line), entry.row.column ?? "",
             entry.row.reason, entry.row.value ?? ""]
        }, rightAligned: [0, 2]).rendered)
        if shown.count < rows.count { print("… \(Format.count(rows.count - shown.count)) more (--limit 0 shows all)") }
    }
}
