import ArgumentParser
import Foundation
import Ingest
import Query
import Storage

struct RejectsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rejects",
        abstract: "List the lines ingests refused, with file, line, column, reason and value (or what the value looks like).",
        discussion: """
            A reject shows the refused value only when it cannot identify anyone (a short code, a date in its \
            plausible window); otherwise it says what the value looks like ("14 characters: letters"), so the line \
            can still be found and fixed in the source file.
            """)

    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    @Argument(help: "The store folder.")
    var store: String

    @Option(help: "Only this batch (see the batch ids in the output).")
    var batch: Int64?

    @Option(help: "At most this many rejects (0: all; default: 100 in a table, all in csv and json).")
    var limit: Int?

    @Option(help: "table (aligned, with a summary of each batch), csv (RFC 4180, a header line) or json (one object per line).")
    var mode: Mode = .table

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 (all) or positive") }
    }

    func run() throws {
        let ledger = try IngestLedger(try Store.open(at: store))
        let all = try ledger.batches()
        if let batch, !all.contains(where: { $0.id == batch }) {
            throw CommandFailure("no batch \(batch) in \(store)"
                                  + (all.isEmpty ? " (nothing was ingested yet)" : "; batches are \(all.map { String($0.id) }.joined(separator: ", "))"))
        }
        let batches = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
        let rows = try ledger.rejects(batch: batch)
        let limit = self.limit ?? (mode == .table ? 100 : 0)
        let shown = limit > 0 ? Array(rows.prefix(limit)) : rows
        func file(_ id: Int64) -> String { batches[id]?.sourceName ?? "?" }
        switch mode {
        case .table:
            for info in all where batch == nil || info.id == batch {
                print("batch \(info.id) (snapshot \(info.snapshot)): \(Format.printable(info.sourceName)), "
                      + (info.linesRead.map { "\(Format.count($0)) lines, " } ?? "") + "\(Format.count(info.rowsRead)) records, "
                      + "\(Format.count(info.rowsStored)) stored, \(Format.count(info.rowsRejected)) rejected, sha256 \(info.sourceSHA256.prefix(16))…")
            }
            print(TextTable(header: ["batch", "file", "line", "column", "reason", "value"], rows: shown.map { entry in
                [String(entry.batch), file(entry.batch), String(entry.row.line), entry.row.column ?? "", entry.row.reason,
                 entry.row.value ?? entry.row.valueDescription.map { "(\($0))" } ?? ""]
            }, rightAligned: [0, 2]).rendered)
            if shown.count < rows.count { print("… \(Format.count(rows.count - shown.count)) more (--limit 0 shows all)") }
        case .csv:
            print(RejectsCSV.document(shown.map { (file($0.batch), $0.batch, $0.row) }), terminator: "")
        case .json:
            for entry in shown {
                func text(_ value: String?) -> String { value.map(JSONText.quoted) ?? "null" }
                print("{\"batch\":\(entry.batch),\"file\":\(JSONText.quoted(file(entry.batch))),\"line\":\(entry.row.line),"
                      + "\"byte_offset\":\(entry.row.byteOffset),\"column\":\(text(entry.row.column)),\"reason\":\(JSONText.quoted(entry.row.reason)),"
                      + "\"value\":\(text(entry.row.value)),\"value_description\":\(text(entry.row.valueDescription))}")
            }
        }
    }
}
