import Storage

/// One operator of a query plan, with its inputs and the columns it produces.
///
/// Column references in a node's expressions are positions in its input: the first child's
/// columns (for a join, the left child's then the right child's). The binder builds the tree, the
/// `Optimizer` rewrites it (push-down, pruning, folding), the `Executor` runs it and fills the
/// measured fields that `EXPLAIN ANALYZE` prints. Unchecked `Sendable`: the workers of a query
/// share the tree read-only and write those fields only under a lock (`OperatorClock.publish`).
final class PlanNode: @unchecked Sendable {
    enum Operator {
        case scan(ScanSpecification)
        /// Constant rows: the input of a `SELECT` without `FROM`.
        case values([[Value]])
        case filter(BoundExpression)
        case project([BoundExpression])
        /// Output: the keys, then one column per aggregate. With grouping sets (indexes into
        /// `keys`), one aggregation per set: the keys, the set's index (INTEGER), then the
        /// aggregates; a key outside a row's set is NULL in it.
        case aggregate(keys: [BoundExpression], aggregates: [AggregateCall], sets: [[Int]]?)
        /// Equi-join; `leftKeys` over the left input, `rightKeys` over the right one.
        case join(JoinKind, leftKeys: [BoundExpression], rightKeys: [BoundExpression])
        case sort([SortKey])
        case limit(Int?, offset: Int)
        case distinct
        case unionAll
    }

    var op: Operator
    var children: [PlanNode]
    var columns: [PlanColumn]

    /// Filled by the executor: rows produced and time spent in this operator (children excluded).
    var rowsProduced = 0
    var nanoseconds: UInt64 = 0

    init(_ op: Operator, children: [PlanNode], columns: [PlanColumn]) {
        self.op = op
        self.children = children
        self.columns = columns
    }

    var child: PlanNode { children[0] }
}

/// A column of a plan node's output: its name (the alias or the expression's text) and type.
struct PlanColumn: Sendable, Hashable {
    var name: String
    var type: SQLType
}

struct SortKey: Sendable, Hashable {
    var expression: BoundExpression
    var descending: Bool
    /// DuckDB's default: nulls last, whatever the direction.
    var nullsFirst: Bool
}

/// What a table scan reads and which rows it keeps.
///
/// `filter` is over the table's columns (schema positions); `pruning` holds the simple conjuncts of
/// the filter that segment statistics can decide, so whole segments are skipped before reading.
/// `readColumns` is set by the optimizer to the columns the plan above needs plus the filter's.
struct ScanSpecification {
    var table: TableSnapshot
    var filter: BoundExpression?
    var pruning: [ColumnPredicate] = []
    var readColumns: [Int]
    /// Columns only tested for NULL above: the scan reads their validity bitmaps, not their values.
    var validityColumns: [Int] = []
    /// The segments to read, set by the optimizer from `pruning` (all live segments before it runs).
    var keptSegments: [SegmentEntry]

    init(table: TableSnapshot) {
        self.table = table
        filter = nil
        readColumns = Array(0..<table.schema.count)
        keptSegments = table.segments.filter { $0.liveRowCount > 0 }
    }
}
