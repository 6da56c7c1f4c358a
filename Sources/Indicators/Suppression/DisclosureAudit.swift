/// Finds the hidden cells whose exact value follows from what is shown: the relations, with the
/// shown cells' values known, form a linear system in the hidden cells; a hidden cell is disclosed
/// when every solution gives it the same value (its unit vector lies in the system's row space).
///
/// Gauss-Jordan elimination on sparse rows, one connected group of hidden cells at a time (tables
/// are linked only through their totals, so the groups stay small). Coefficients start at ±1 and
/// stay small rationals; they are kept as Doubles with a tolerance far below 1/(group size).
/// Bounds (a count is ≥ 0) are not used: disclosure is judged on exact recomputation.
enum DisclosureAudit {
    static func disclosedCells(hidden: [Bool], relations: [SuppressionProblem.Relation]) -> Set<Int> {
        // Equations in the hidden cells only (shown cells are constants), grouped by connected cells.
        var parent = Array(hidden.indices)
        func root(_ cell: Int) -> Int {
            var cell = cell
            while parent[cell] != cell { parent[cell] = parent[parent[cell]]; cell = parent[cell] }
            return cell
        }
        var equations: [[Int: Double]] = []
        for relation in relations {
            var row: [Int: Double] = [:]
            if hidden[relation.total] { row[relation.total, default: 0] += 1 }
            for part in relation.parts where hidden[part] { row[part, default: 0] -= 1 }
            row = row.filter { $0.value != 0 }
            guard let first = row.keys.first else { continue }
            for cell in row.keys { parent[root(cell)] = root(first) }
            equations.append(row)
        }
        var groups: [Int: [[Int: Double]]] = [:]
        for equation in equations { groups[root(equation.keys.first!), default: []].append(equation) }
        var disclosed = Set<Int>()
        for (_, rows) in groups { disclosed.formUnion(solve(rows)) }
        return disclosed
    }

    /// The variables of `rows` fixed by them: pivots whose reduced row has no free variable.
    private static func solve(_ rows: [[Int: Double]]) -> Set<Int> {
        let tolerance = 1e-9
        var reduced: [(pivot: Int, row: [Int: Double])] = []
        for var row in rows {
            for (pivot, pivotRow) in reduced {
                if let factor = row[pivot] { subtract(&row, pivotRow, factor) }
            }
            row = row.filter { abs($0.value) > tolerance }
            guard let pivot = row.max(by: { (abs($0.value), -$0.key) < (abs($1.value), -$1.key) })?.key else { continue }
            let scale = 1 / row[pivot]!
            for key in row.keys { row[key]! *= scale }
            for index in reduced.indices {
                if let factor = reduced[index].row[pivot] {
                    subtract(&reduced[index].row, row, factor)
                    reduced[index].row = reduced[index].row.filter { abs($0.value) > tolerance }
                }
            }
            reduced.append((pivot, row))
        }
        // Reduced rows: each pivot appears in its row only; a pivot alone in its row is fixed.
        return Set(reduced.filter { $0.row.count == 1 }.map(\.pivot))
    }

    private static func subtract(_ row: inout [Int: Double], _ other: [Int: Double], _ factor: Double) {
        for (key, value) in other { row[key, default: 0] -= factor * value }
    }
}
