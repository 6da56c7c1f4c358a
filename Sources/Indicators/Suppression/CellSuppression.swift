/// Primary and secondary suppression of a `SuppressionProblem`.
///
/// 1. Primary: every published cell below the threshold is hidden.
/// 2. Secondary, fast pass: a relation with exactly one hidden cell that must stay secret (a
///    sensitive or secondary cell) gives it away by subtraction, so a second cell of that relation
///    is hidden — the smallest shown part (cheapest to lose), or the total when no part is left.
///    Repeated until no relation has a lone secret cell.
/// 3. Audit: the exact test (`DisclosureAudit`) catches what the pass cannot see (a cell
///    recomputed through several relations); for each disclosed secret cell the smallest shown
///    cell of its relations (else of the relations of the hidden cells tied to it, outwards) is
///    hidden, then 2-3 again, until nothing is disclosed.
///
/// Invariant of the result: no sensitive cell and no secondary cell is shown or recomputable
/// from the shown cells (property-tested on random tables). Unpublished cells that are not
/// sensitive may be recomputable: they are not secret, only not printed.
public enum CellSuppression {
    public static func apply(_ problem: SuppressionProblem) -> [SuppressionStatus] {
        var status: [SuppressionStatus] = problem.cells.indices.map { cell in
            if !problem.cells[cell].published { return .unpublished }
            return problem.isSensitive(cell) ? .primary : .shown
        }
        func isSecret(_ cell: Int) -> Bool {
            status[cell] == .primary || status[cell] == .secondary || (status[cell] == .unpublished && problem.isSensitive(cell))
        }
        func hideSmallestShown(among cells: [Int], preferring parts: [Int]) -> Bool {
            let candidates = parts.filter { status[$0] == .shown }
            let pool = candidates.isEmpty ? cells.filter { status[$0] == .shown } : candidates
            guard let cell = pool.min(by: { (problem.cells[$0].count, $0) < (problem.cells[$1].count, $1) }) else { return false }
            status[cell] = .secondary
            return true
        }
        var byCell = problem.cells.map { _ in [Int]() } // the relations each cell is in
        for (index, relation) in problem.relations.enumerated() {
            for member in relation.members { byCell[member].append(index) }
        }
        while true {
            // Fast pass.
            var changed = true
            while changed {
                changed = false
                for relation in problem.relations {
                    let hidden = relation.members.filter { status[$0].isHidden }
                    guard hidden.count == 1, isSecret(hidden[0]) else { continue }
                    if hideSmallestShown(among: relation.members, preferring: relation.parts) { changed = true }
                }
            }
            // Exact audit.
            let disclosed = DisclosureAudit.disclosedCells(hidden: status.map(\.isHidden), relations: problem.relations)
                .filter(isSecret).sorted()
            guard !disclosed.isEmpty else { return status }
            var progressed = false
            for cell in disclosed {
                // The relations nearest the cell that still show a cell: its own, else those of
                // the hidden cells it is tied to, and so on outwards.
                var layer: Set<Int> = [cell], seen: Set<Int> = [cell]
                while !layer.isEmpty {
                    let relations = layer.flatMap { byCell[$0] }
                    let members = relations.flatMap { problem.relations[$0].members }
                    if hideSmallestShown(among: members, preferring: relations.flatMap { problem.relations[$0].parts }) {
                        progressed = true
                        break
                    }
                    layer = Set(members).subtracting(seen)
                    seen.formUnion(layer)
                }
            }
            // Nothing left to hide: every cell tied to the disclosed ones is hidden, so their
            // equations hold no published number (such a system can only pin a cell to zero).
            if !progressed { return status }
        }
    }
}
