/// A set of count cells tied by additive relations (`total = part + part…`), to be published with
/// small counts hidden: what statistical disclosure control works on, independent of indicators.
///
/// Cells are published or not (a count the tables never show, such as unfavourable decisions,
/// which still ties published cells together); every cell below the threshold is sensitive,
/// published or not — a small count must not be readable, nor recomputable from what is shown.
public struct SuppressionProblem: Sendable {
    /// One count (≥ 0), published or only tying others together.
    public struct Cell: Sendable, Equatable {
        public let count: Int
        public let published: Bool

        public init(count: Int, published: Bool = true) {
            self.count = count
            self.published = published
        }
    }

    /// `cells[total] = Σ cells[parts]`; indexes into `cells`.
    public struct Relation: Sendable, Equatable {
        public let total: Int
        public let parts: [Int]

        public init(total: Int, parts: [Int]) {
            self.total = total
            self.parts = parts
        }

        public var members: [Int] { [total] + parts }
    }

    public var cells: [Cell]
    public var relations: [Relation]
    /// Counts below this are sensitive (k; 11 by default, as the observatories publish).
    public let threshold: Int

    public init(cells: [Cell], relations: [Relation], threshold: Int) {
        precondition(relations.allSatisfy { $0.members.allSatisfy(cells.indices.contains) }, "a relation names a cell that does not exist")
        self.cells = cells
        self.relations = relations
        self.threshold = threshold
    }

    public func isSensitive(_ cell: Int) -> Bool { cells[cell].count < threshold }
}

/// Why a cell is not shown.
public enum SuppressionStatus: Sendable, Equatable {
    case shown
    /// Below the threshold.
    case primary
    /// Hidden so that a small cell cannot be recomputed from the cells and totals shown.
    case secondary
    /// Never published (the cell only ties others together).
    case unpublished

    public var isHidden: Bool { self != .shown }
}
