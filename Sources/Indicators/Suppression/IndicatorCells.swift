/// The indicator set's counts as one `SuppressionProblem`: every count of every family's rows is a
/// cell, tied to the others by
/// - the relations its family declares, within each row (`juries = total + partial + no_validation`);
/// - each partitioning breakdown: the `all` row is the sum of the breakdown's rows, count by count;
/// - a split family: its rows (with / without support) add up to the split family's row.
/// Counts that no indicator shows are unpublished cells: they are never printed, but a small one
/// must not be recomputable either (e.g. few unfavourable decisions, from decisions and favourable).
struct IndicatorCells {
    /// Where a count lives: families sharing measures (a split and the family it splits) share a
    /// namespace.
    struct Key: Hashable {
        let namespace: String
        let split: String
        let breakdown: Breakdown
        let value: String
        let measure: String
    }

    private(set) var index: [Key: Int] = [:]
    let problem: SuppressionProblem

    init(_ tables: [FamilyTable], threshold: Int) {
        var index: [Key: Int] = [:], cells: [SuppressionProblem.Cell] = [], relations: [SuppressionProblem.Relation] = []
        func namespace(_ family: IndicatorFamily) -> String { family.split?.of ?? family.name }
        for table in tables {
            let shown = Set(table.family.indicators.flatMap(\.countColumns))
            for row in table.rows {
                for column in table.family.countColumns {
                    let key = Key(namespace: namespace(table.family), split: row.split ?? "", breakdown: row.breakdown, value: row.value, measure: column)
                    guard index[key] == nil, let count = row.counts[column] else { continue }
                    index[key] = cells.count
                    cells.append(.init(count: count, published: shown.contains(column)))
                }
            }
        }
        for table in tables {
            let family = table.family, space = namespace(family)
            // Within each row.
            for row in table.rows {
                for relation in family.relations {
                    func cell(_ measure: String) -> Int? {
                        index[Key(namespace: space, split: row.split ?? "", breakdown: row.breakdown, value: row.value, measure: measure)]
                    }
                    guard let total = cell(relation.total) else { continue }
                    let parts = relation.parts.compactMap(cell)
                    if parts.count == relation.parts.count { relations.append(.init(total: total, parts: parts)) }
                }
            }
            // Along each partitioning breakdown, per split value and measure.
            let splits = Set(table.rows.map { $0.split ?? "" })
            for split in splits.sorted() {
                for measure in family.countColumns {
                    guard let total = index[Key(namespace: space, split: split, breakdown: .all, value: "all", measure: measure)] else { continue }
                    for breakdown in Breakdown.allCases where breakdown != .all && breakdown.isPartition {
                        let parts = table.rows.filter { $0.breakdown == breakdown && ($0.split ?? "") == split }.compactMap {
                            index[Key(namespace: space, split: split, breakdown: breakdown, value: $0.value, measure: measure)]
                        }
                        if !parts.isEmpty { relations.append(.init(total: total, parts: parts)) }
                    }
                }
            }
            // A split family's rows add up to the family it splits.
            if family.split != nil {
                var groups: [Key: [Int]] = [:]
                for (key, cell) in index where key.namespace == space && !key.split.isEmpty {
                    groups[Key(namespace: space, split: "", breakdown: key.breakdown, value: key.value, measure: key.measure), default: []].append(cell)
                }
                for (key, parts) in groups.sorted(by: { $0.value.min()! < $1.value.min()! }) {
                    if let total = index[key] { relations.append(.init(total: total, parts: parts.sorted())) }
                }
            }
        }
        self.index = index
        self.problem = SuppressionProblem(cells: cells, relations: relations, threshold: threshold)
    }
}
