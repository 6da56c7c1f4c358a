import Bench
import Indicators
import Support
import Testing

/// Suppression on random tables: two-way tables with their margins, three-way tables (two
/// breakdowns and a total of parts, like outcomes by certifier), and tables linked through shared
/// totals. The result is checked against an independent exact test written here: a hidden cell is
/// recomputable when adding "this cell = value" to the system of published relations does not
/// raise its rank — computed with exact fractions, not the engine's elimination.
@Suite struct SuppressionPropertyTests {
    @Test(arguments: 0..<60)
    func noSmallCellIsShownOrRecomputable(seed: UInt64) {
        var random = SplitMix64(seed: 1000 + seed)
        let problem = Self.randomProblem(&random)
        let status = CellSuppression.apply(problem)
        for (cell, value) in problem.cells.enumerated() {
            // Primary: every published count under the threshold is hidden, marked primary.
            if value.published && value.count < problem.threshold {
                #expect(status[cell] == .primary, "seed \(seed): cell \(cell) (\(value.count)) shown")
            }
            if !value.published { #expect(status[cell] == .unpublished) }
        }
        // Secondary: no hidden cell that must stay secret is recomputable.
        let hidden = status.map(\.isHidden)
        for cell in problem.cells.indices where status[cell] == .primary || status[cell] == .secondary
            || (status[cell] == .unpublished && problem.isSensitive(cell)) {
            #expect(!ExactAudit.isDetermined(cell, hidden: hidden, relations: problem.relations),
                    "seed \(seed): cell \(cell) (\(problem.cells[cell].count), \(status[cell])) can be recomputed")
        }
    }

    @Test func nothingIsHiddenWhenEveryCountIsLargeEnough() {
        var random = SplitMix64(seed: 7)
        let table = Self.twoWay(rows: 6, columns: 4, &random, minimum: 11)
        let status = CellSuppression.apply(SuppressionProblem(cells: table.cells, relations: table.relations, threshold: 11))
        #expect(status.allSatisfy { $0 == .shown })
    }

    @Test func aLoneSmallCellTakesAPartnerInItsRowAndColumn() {
        // 2x2 table with margins; the cell (0,0) = 3 alone under 11.
        let table = Self.twoWay(values: [[3, 40], [50, 60]])
        let status = CellSuppression.apply(SuppressionProblem(cells: table.cells, relations: table.relations, threshold: 11))
        // The whole interior must go (a 2x2 with margins needs all four to protect one).
        #expect(status[0] == .primary)
        #expect((0..<4).allSatisfy { status[$0].isHidden })
        #expect((4..<status.count).allSatisfy { !status[$0].isHidden }) // margins stay shown
    }

    @Test func aCellRecomputedThroughSeveralRelationsIsCaught() {
        // A 4x4 table with margins. Eight interior cells are never published (two closed cycles:
        // rows 0-1 x columns 0-1 and rows 2-3 x columns 2-3) and (0, 2) = 5 links them. Every row
        // and column then has two hidden cells or more, so no single relation gives (0, 2) away,
        // yet it is a bridge between the cycles: row 0 + row 1 - column 0 - column 1 pins it.
        var table = Self.twoWay(values: [[30, 31, 5, 33], [34, 35, 36, 37], [38, 39, 40, 41], [42, 43, 44, 45]])
        for (row, column) in [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3)] {
            table.cells[row * 4 + column] = .init(count: table.cells[row * 4 + column].count, published: false)
        }
        let problem = SuppressionProblem(cells: table.cells, relations: table.relations, threshold: 11)
        #expect(ExactAudit.isDetermined(2, hidden: table.cells.map { !$0.published || $0.count < 11 }, relations: table.relations))
        let status = CellSuppression.apply(problem)
        #expect(status[2] == .primary)
        #expect(status.contains(.secondary))
        #expect(!ExactAudit.isDetermined(2, hidden: status.map(\.isHidden), relations: table.relations))
    }

    // MARK: Random tables

    struct Table {
        var cells: [SuppressionProblem.Cell]
        var relations: [SuppressionProblem.Relation]
    }

    /// Interior cells first (row-major), then row totals, column totals and the grand total.
    static func twoWay(values: [[Int]]) -> Table {
        let rows = values.count, columns = values[0].count
        var cells = values.flatMap { $0 }.map { SuppressionProblem.Cell(count: $0) }
        var relations: [SuppressionProblem.Relation] = []
        let rowTotal = cells.count
        for row in 0..<rows {
            cells.append(.init(count: values[row].reduce(0, +)))
            relations.append(.init(total: rowTotal + row, parts: (0..<columns).map { row * columns + $0 }))
        }
        let columnTotal = cells.count
        for column in 0..<columns {
            cells.append(.init(count: values.reduce(0) { $0 + $1[column] }))
            relations.append(.init(total: columnTotal + column, parts: (0..<rows).map { $0 * columns + column }))
        }
        cells.append(.init(count: values.flatMap { $0 }.reduce(0, +)))
        relations.append(.init(total: cells.count - 1, parts: Array(rowTotal..<rowTotal + rows)))
        relations.append(.init(total: cells.count - 1, parts: Array(columnTotal..<columnTotal + columns)))
        return Table(cells: cells, relations: relations)
    }

    static func twoWay(rows: Int, columns: Int, _ random: inout SplitMix64, minimum: Int = 0) -> Table {
        twoWay(values: (0..<rows).map { _ in (0..<columns).map { _ in minimum + Int(random.next() % 60) } })
    }

    /// Several random tables: some two-way, some sharing their grand total with another (as the
    /// breakdowns of one measure share the `all` row), some with an unpublished part.
    static func randomProblem(_ random: inout SplitMix64) -> SuppressionProblem {
        var cells: [SuppressionProblem.Cell] = [], relations: [SuppressionProblem.Relation] = []
        var sharedTotal: Int?
        for _ in 0..<(1 + Int(random.next() % 3)) {
            let rows = 2 + Int(random.next() % 5), columns = 2 + Int(random.next() % 4)
            // Skewed counts: many small ones.
            let values = (0..<rows).map { _ in (0..<columns).map { _ in random.next() % 3 == 0 ? Int(random.next() % 11) : Int(random.next() % 80) } }
            let table = twoWay(values: values)
            let offset = cells.count
            var tableCells = table.cells
            if random.next() % 4 == 0 { // one interior cell never published (like unfavourable decisions)
                let cell = Int(random.next() % UInt64(rows * columns))
                tableCells[cell] = .init(count: tableCells[cell].count, published: false)
            }
            cells += tableCells
            relations += table.relations.map { .init(total: $0.total + offset, parts: $0.parts.map { $0 + offset }) }
            let grand = cells.count - 1
            if let shared = sharedTotal, random.next() % 2 == 0, cells[shared].count == cells[grand].count {
                relations.append(.init(total: shared, parts: [grand]))
            }
            // Tie this table's row totals to a new breakdown of the same population (a second partition).
            if random.next() % 2 == 0 {
                let split = cells.count
                let rowTotals = (0..<rows).map { offset + rows * columns + $0 }
                let total = rowTotals.reduce(0) { $0 + cells[$1].count }
                let first = Int(random.next() % UInt64(total + 1))
                cells.append(.init(count: first))
                cells.append(.init(count: total - first))
                relations.append(.init(total: grand, parts: [split, split + 1]))
            }
            sharedTotal = sharedTotal ?? grand
        }
        return SuppressionProblem(cells: cells, relations: relations, threshold: 11)
    }
}

/// Exact rank test over fractions: cell x is determined by the relations (shown cells known) when
/// the row "x" lies in their span, i.e. appending it does not raise the rank.
enum ExactAudit {
    struct Fraction: Equatable {
        var numerator: Int
        var denominator: Int

        init(_ numerator: Int, _ denominator: Int = 1) {
            let divisor = Self.gcd(abs(numerator), abs(denominator))
            let sign = denominator < 0 ? -1 : 1
            self.numerator = sign * numerator / max(divisor, 1)
            self.denominator = sign * denominator / max(divisor, 1)
        }

        static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        var isZero: Bool { numerator == 0 }
        static func - (a: Fraction, b: Fraction) -> Fraction { Fraction(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator) }
        static func * (a: Fraction, b: Fraction) -> Fraction { Fraction(a.numerator * b.numerator, a.denominator * b.denominator) }
        static func / (a: Fraction, b: Fraction) -> Fraction { Fraction(a.numerator * b.denominator, a.denominator * b.numerator) }
    }

    static func isDetermined(_ cell: Int, hidden: [Bool], relations: [SuppressionProblem.Relation]) -> Bool {
        let variables = hidden.indices.filter { hidden[$0] }
        let column = Dictionary(uniqueKeysWithValues: variables.enumerated().map { ($1, $0) })
        var matrix: [[Fraction]] = relations.compactMap { relation in
            var row = [Fraction](repeating: Fraction(0), count: variables.count)
            var any = false
            if let index = column[relation.total] { row[index] = row[index] - Fraction(-1); any = true }
            for part in relation.parts { if let index = column[part] { row[index] = row[index] - Fraction(1); any = true } }
            return any ? row : nil
        }
        let without = rank(matrix)
        var unit = [Fraction](repeating: Fraction(0), count: variables.count)
        unit[column[cell]!] = Fraction(1)
        matrix.append(unit)
        return rank(matrix) == without
    }

    static func rank(_ input: [[Fraction]]) -> Int {
        var matrix = input, rank = 0
        guard let width = matrix.first?.count else { return 0 }
        for column in 0..<width {
            guard let pivot = (rank..<matrix.count).first(where: { !matrix[$0][column].isZero }) else { continue }
            matrix.swapAt(rank, pivot)
            for row in matrix.indices where row != rank && !matrix[row][column].isZero {
                let factor = matrix[row][column] / matrix[rank][column]
                for index in column..<width { matrix[row][index] = matrix[row][index] - factor * matrix[rank][index] }
            }
            rank += 1
        }
        return rank
    }
}
