import Storage

/// The annual indicator set ready to publish: every indicator for every breakdown value, small
/// cells suppressed, and what a reader needs to trust it (year, snapshot, sources, threshold).
///
/// Built from the families' tables only, so the same snapshot gives the same publication, byte
/// for byte (no clock, no randomness, a fixed order: families, indicators, breakdowns, values).
public struct Publication: Sendable {
    public let year: Int
    public let snapshot: Int64
    /// Counts below this are suppressed (k).
    public let threshold: Int
    /// The ingested files the snapshot holds.
    public let sources: [PublicationSource]
    public let tables: [FamilyTable]
    public let values: [PublishedValue]

    public init(tables: [FamilyTable], year: Int, snapshot: Int64, threshold: Int, sources: [PublicationSource]) {
        self.year = year
        self.snapshot = snapshot
        self.threshold = threshold
        self.sources = sources
        self.tables = tables
        let cells = IndicatorCells(tables, threshold: threshold)
        let status = CellSuppression.apply(cells.problem)
        var values: [PublishedValue] = []
        for table in tables {
            let family = table.family
            let space = family.split?.of ?? family.name
            for definition in family.indicators {
                for breakdown in Breakdown.allCases {
                    let rows = table.rows.filter { $0.breakdown == breakdown }
                    for value in breakdown.ordered(Array(Set(rows.map(\.value)))) {
                        for row in rows.filter({ $0.value == value }).sorted(by: { ($0.split ?? "") < ($1.split ?? "") }) {
                            func cell(_ measure: String) -> (count: Int, status: SuppressionStatus) {
                                let key = IndicatorCells.Key(namespace: space, split: row.split ?? "", breakdown: breakdown, value: value, measure: measure)
                                let index = cells.index[key]!
                                return (cells.problem.cells[index].count, status[index])
                            }
                            values.append(Publication.value(definition, of: family, row: row, cell: cell))
                        }
                    }
                }
            }
        }
        self.values = values
    }

    private static func value(_ definition: IndicatorDefinition, of family: IndicatorFamily, row: FamilyTable.Row,
                              cell: (String) -> (count: Int, status: SuppressionStatus)) -> PublishedValue {
        var numerator: Int?, denominator: Int?, value: Double?, suppression: PublishedValue.Suppression?
        func shown(_ measure: String, as role: String) -> Int? {
            let (count, status) = cell(measure)
            switch status {
            case .shown, .unpublished: return count
            case .primary: if suppression == nil || suppression == .secondary { suppression = .primary(role) }
            case .secondary: if suppression == nil { suppression = .secondary }
            }
            return nil
        }
        switch definition.kind {
        case .count(let column):
            numerator = shown(column, as: "count")
            value = numerator.map(Double.init)
        case .rate(let top, let bottom):
            numerator = shown(top, as: "numerator")
            denominator = shown(bottom, as: "denominator")
            if suppression == nil, let numerator, let denominator {
                if denominator == 0 { suppression = .empty } else { value = 100 * Double(numerator) / Double(denominator) }
            }
        case .statistic(let column, let population):
            denominator = shown(population, as: "population")
            if suppression == nil {
                if let statistic = row.statistics[column] ?? nil { value = statistic } else { suppression = .empty }
            }
        }
        let name = row.split.map { "\(definition.name)_\(family.split!.column)_\($0)" } ?? definition.name
        return PublishedValue(family: family.name, indicator: name, definition: definition, split: row.split,
                              breakdown: row.breakdown, breakdownValue: row.value,
                              numerator: numerator, denominator: denominator, value: suppression == nil ? value : nil,
                              unit: definition.unit, suppression: suppression)
    }

    /// `value` rounded half away from zero to `places` decimals, printed without locale.
    static func decimal(_ value: Double, places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        let whole = scaled / Int64(scale), fraction = String(scaled % Int64(scale))
        let padded = String(repeating: "0", count: places - fraction.count) + fraction
        return (value < 0 && scaled != 0 ? "-" : "") + "\(whole)" + (places > 0 ? ".\(padded)" : "")
    }
}
