import Foundation

/// Renders results as an aligned table (what `parcours bench` prints) and as JSON (`--json FILE`).
public enum BenchReport {
    public static func table(_ results: [BenchResult]) -> String {
        var lines = [["case", "parcours median", "min", "max", "rows/s", "MB/s", "sqlite median", "parcours/sqlite", "peak RSS"]]
        for r in results {
            let rate = r.rows.map { rateText(Double($0) / r.parcours.median) } ?? ""
            let throughput = r.bytes.map { String(format: "%.0f", Double($0) / 1e6 / r.parcours.median) } ?? ""
            lines.append([
                r.name + r.notes.sorted { $0.key < $1.key }.map { " [\($0.key) \(String(format: "%.2f", $0.value))]" }.joined(),
                duration(r.parcours.median), duration(r.parcours.min), duration(r.parcours.max), rate, throughput,
                r.sqlite.map { duration($0.median) } ?? "-",
                r.ratio.map { String(format: "%.3f (%.1fx faster)", $0, 1 / $0) } ?? "-",
                String(format: "%.0f MB", Double(r.peakRSSBytes) / 1e6),
            ])
        }
        let widths = lines[0].indices.map { column in lines.map { $0[column].count }.max()! }
        return lines.enumerated().map { index, cells in
            let row = cells.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
            return index == 0 ? row + "\n" + String(repeating: "-", count: row.count) : row
        }.joined(separator: "\n")
    }

    public static func json(_ results: [BenchResult], context: [String: String]) throws -> Data {
        struct Document: Encodable {
            let context: [String: String]
            let results: [BenchResult]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(Document(context: context, results: results))
    }

    static func duration(_ seconds: Double) -> String {
        seconds >= 1 ? String(format: "%.2f s", seconds) : seconds >= 1e-3 ? String(format: "%.1f ms", seconds * 1e3)
            : String(format: "%.0f µs", seconds * 1e6)
    }

    static func rateText(_ perSecond: Double) -> String {
        perSecond >= 1e9 ? String(format: "%.2fG", perSecond / 1e9) : perSecond >= 1e6 ? String(format: "%.1fM", perSecond / 1e6)
            : String(format: "%.0fk", perSecond / 1e3)
    }
}
