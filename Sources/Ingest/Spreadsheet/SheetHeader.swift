import Spreadsheet

/// The header of a worksheet: its first row holding a value, as for a CSV file, widened to the
/// rows under it when merged cells make it a header of several rows.
///
/// A merged header cell gives its text to every cell it covers. When a merge starting on the
/// header row reaches down (`Dates` over C1:E1 above `dépôt`, `jury`... in row 2, `Identifiant`
/// over A1:A2), the header spans those rows and a column's name is its texts from top to bottom
/// joined by a space ("Dates dépôt", "Identifiant"). A column covered by a merge spanning
/// several columns, and named by nothing under it, belongs to the merge's first column: it is not
/// a column of the file, and a value under it is refused.
struct SheetHeader {
    /// Column names, one per field of the records.
    var names: [String]
    /// The sheet column of each field (increasing).
    var columns: [Int]
    /// Sheet columns covered by a merged header cell: a value there is refused.
    var covered: Set<Int>
    /// The last sheet row of the header.
    var lastRow: Int

    /// The most rows a header spans.
    static let maximumRows = 5
    /// The most merged cells a header may hold (each of its cells looks through them).
    static let maximumMerges = 1_000

    /// `rows`: the header's first row, then the rows under it that its merges reach (at most
    /// `maximumRows` in all); `merges`: the sheet's merged ranges.
    init(rows: [SheetRow], merges: [MergedRange]) {
        guard let first = rows.first else {
            (names, columns, covered, lastRow) = ([], [], [], 0)
            return
        }
        let top = first.number
        let bottom = min(top + Self.maximumRows - 1, rows.last?.number ?? top)
        var texts: [Int: [Int: String]] = [:]
        var width = 0
        for row in rows where row.number <= bottom {
            for cell in row.cells where !cell.range.isEmpty {
                let text = String(decoding: row.bytes(cell), as: UTF8.self).trimmingSpaces()
                guard !text.isEmpty else { continue }
                texts[row.number, default: [:]][cell.column] = text
                width = max(width, cell.column + 1)
            }
        }
        let headerMerges = merges.filter { $0.firstRow >= top && $0.firstRow <= bottom }
        for merge in headerMerges where texts[merge.firstRow]?[merge.firstColumn] != nil {
            width = max(width, merge.lastColumn + 1)
        }
        func text(row: Int, column: Int) -> String? {
            if let own = texts[row]?[column] { return own }
            guard let merge = headerMerges.first(where: { $0.contains(row: row, column: column) }) else { return nil }
            return texts[merge.firstRow]?[merge.firstColumn]
        }
        var names: [String] = [], columns: [Int] = [], covered: Set<Int> = []
        for column in 0..<width {
            var parts: [String] = []
            for row in top...bottom {
                if let part = text(row: row, column: column), parts.last != part { parts.append(part) }
            }
            let name = parts.joined(separator: " ")
            let mergedLeft = headerMerges.contains { $0.firstColumn < column && $0.lastColumn >= column }
            if mergedLeft, let previous = names.last, previous == name {
                covered.insert(column)
                continue
            }
            names.append(name)
            columns.append(column)
        }
        (self.names, self.columns, self.covered, lastRow) = (names, columns, covered, bottom)
    }

    /// The last row the header's merges reach (at most `maximumRows` rows from `top`).
    static func bottom(top: Int, merges: [MergedRange]) -> Int {
        let reach = merges.filter { $0.firstRow == top }.map(\.lastRow).max() ?? top
        return min(reach, top + maximumRows - 1)
    }
}
