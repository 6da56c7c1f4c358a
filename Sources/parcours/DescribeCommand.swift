import ArgumentParser
import Ingest
import Storage

struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Show tables: schema, rows, segments, and per column the encodings, bytes and compression ratio.")

    @Argument(help: "The store folder.")
    var store: String

    @Argument(help: "Only this table.")
    var table: String?

    @Option(help: "Describe the store as of this snapshot (see `parcours log`).")
    var asOf: Int64?

    func run() throws {
        let snapshot = try Store.open(at: store).snapshot(asOf: asOf)
        let tables = try table.map { [try snapshot.table($0)] } ?? snapshot.tables
        let scope = try IngestLedger(Store.open(at: store)).scope()
        print("store \(store), snapshot \(snapshot.id), \(snapshot.tables.count) table(s), scope "
              + (scope?.rawValue ?? "not declared (regional)"))
        for table in tables { describe(table) }
    }

    private func describe(_ table: TableSnapshot) {
        let rows = table.rowCount
        let stored = table.segments.reduce(0) { $0 + $1.byteSize }
        let raw = table.segments.reduce(0) { $0 + $1.chunks.reduce(0) { $0 + $1.rawBytes } }
        print("")
        let superseded = table.deletedRowCount
        print("table \(table.name): \(Format.count(rows)) live rows"
              + (superseded > 0 ? " (+ \(Format.count(superseded)) superseded, kept for older snapshots)" : "")
              + " in \(table.segments.count) segment(s), "
              + "\(Format.bytes(stored)) on disk"
              + (table.physicalRowCount > 0 ? String(format: ", %.2f bytes/row, %@ raw, ratio %.1fx", Double(stored) / Double(table.physicalRowCount),
                                   Format.bytes(raw), Double(raw) / Double(max(stored, 1))) : ""))
        var lines: [[String]] = []
        for (index, column) in table.schema.columns.enumerated() {
            let chunks = table.segments.map { $0.chunks[index] }
            let storedBytes = chunks.reduce(0) { $0 + $1.storedBytes }
            let rawBytes = chunks.reduce(0) { $0 + $1.rawBytes }
            let nulls = chunks.reduce(0) { $0 + $1.statistics.nullCount }
            var encodings: [String: Int] = [:]
            for chunk in chunks {
                encodings[chunk.encoding.description + (chunk.compression == .lz4 ? "+lz4" : ""), default: 0] += 1
            }
            let encodingText = encodings.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
                .map { "\($0.key)×\($0.value)" }.joined(separator: " ")
            lines.append([
                column.name, column.type.name + (column.nullable ? "" : " not null"), Format.count(nulls), encodingText,
                Format.bytes(storedBytes), Format.bytes(rawBytes),
                storedBytes > 0 ? String(format: "%.1fx", Double(rawBytes) / Double(storedBytes)) : "-",
                table.physicalRowCount > 0 ? String(format: "%.3f", Double(storedBytes) / Double(table.physicalRowCount)) : "-",
            ])
        }
        print(TextTable(header: ["column", "type", "nulls", "encodings (chunks)", "stored", "raw", "ratio", "bytes/row"],
                        rows: lines, rightAligned: [2, 4, 5, 6, 7]).rendered)
    }
}
