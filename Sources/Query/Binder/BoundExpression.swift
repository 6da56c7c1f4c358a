/// An expression resolved against its input: columns are positions in the input chunk, every node
/// knows its type, implicit casts are explicit, functions are resolved. Produced by `Binder`,
/// simplified by `ConstantFolding`, evaluated by `ExpressionEvaluator` a vector at a time.
indirect enum BoundExpression: Sendable, Hashable {
    case column(Int, SQLType)
    case constant(Value, SQLType)
    case negate(BoundExpression, SQLType)
    case arithmetic(ArithmeticOperator, BoundExpression, BoundExpression, SQLType)
    /// Both operands have the same type (the binder casts them to their common type).
    case comparison(ComparisonOperator, BoundExpression, BoundExpression)
    case and([BoundExpression])
    case or([BoundExpression])
    case not(BoundExpression)
    case isNull(BoundExpression, negated: Bool)
    /// `x IN (constants)`: values already cast to `x`'s type, nulls kept (they make a miss NULL).
    case inList(BoundExpression, [Value], negated: Bool)
    /// `x LIKE 'pattern'` (`%` any run, `_` one character; case-sensitive).
    case like(BoundExpression, pattern: String, negated: Bool)
    case caseWhen([BoundCaseBranch], otherwise: BoundExpression, SQLType)
    case cast(BoundExpression, SQLType)
    case function(ScalarFunction, [BoundExpression], SQLType)
    /// An aggregate call; only inside the binder, before it becomes a column of the aggregation.
    case aggregate(AggregateCall)

    var type: SQLType {
        switch self {
        case .column(_, let type), .constant(_, let type), .negate(_, let type), .arithmetic(_, _, _, let type),
             .caseWhen(_, _, let type), .cast(_, let type), .function(_, _, let type):
            type
        case .comparison, .and, .or, .not, .isNull, .inList, .like: .boolean
        case .aggregate(let call): call.type
        }
    }

    var constantValue: Value? {
        if case .constant(let value, _) = self { return value }
        return nil
    }

    /// The sub-expressions, in evaluation order.
    var children: [BoundExpression] {
        switch self {
        case .column, .constant: []
        case .negate(let e, _), .not(let e), .isNull(let e, _), .inList(let e, _, _), .like(let e, _, _), .cast(let e, _): [e]
        case .arithmetic(_, let a, let b, _), .comparison(_, let a, let b): [a, b]
        case .and(let terms), .or(let terms), .function(_, let terms, _): terms
        case .caseWhen(let branches, let otherwise, _): branches.flatMap { [$0.when, $0.then] } + [otherwise]
        case .aggregate(let call): call.arguments + (call.filter.map { [$0] } ?? [])
        }
    }

    /// Every input column the expression reads.
    var referencedColumns: Set<Int> {
        if case .column(let index, _) = self { return [index] }
        return children.reduce(into: Set<Int>()) { $0.formUnion($1.referencedColumns) }
    }

    /// The columns whose values the expression reads, and those it only tests for NULL
    /// (`x IS NULL` and nothing else): a scan reads only the validity of the latter.
    var columnUses: (values: Set<Int>, nullTests: Set<Int>) {
        var values = Set<Int>(), nullTests = Set<Int>()
        func visit(_ node: BoundExpression) {
            switch node {
            case .column(let index, _): values.insert(index)
            case .isNull(.column(let index, _), _): nullTests.insert(index)
            default: node.children.forEach(visit)
            }
        }
        visit(self)
        return (values, nullTests.subtracting(values))
    }

    /// The same expression with each column reference renumbered by `map`.
    func remapped(_ map: (Int) -> Int) -> BoundExpression {
        rewritten { node in
            if case .column(let index, let type) = node { return .column(map(index), type) }
            return nil
        }
    }

    /// Rewrites top-down: `transform` may replace a node (the replacement is kept as is) or return
    /// nil to descend into the node's children.
    func rewritten(_ transform: (BoundExpression) throws -> BoundExpression?) rethrows -> BoundExpression {
        if let replaced = try transform(self) { return replaced }
        func go(_ e: BoundExpression) throws -> BoundExpression { try e.rewritten(transform) }
        switch self {
        case .column, .constant: return self
        case .negate(let e, let t): return .negate(try go(e), t)
        case .arithmetic(let op, let a, let b, let t): return .arithmetic(op, try go(a), try go(b), t)
        case .comparison(let op, let a, let b): return .comparison(op, try go(a), try go(b))
        case .and(let terms): return .and(try terms.map(go))
        case .or(let terms): return .or(try terms.map(go))
        case .not(let e): return .not(try go(e))
        case .isNull(let e, let negated): return .isNull(try go(e), negated: negated)
        case .inList(let e, let values, let negated): return .inList(try go(e), values, negated: negated)
        case .like(let e, let pattern, let negated): return .like(try go(e), pattern: pattern, negated: negated)
        case .caseWhen(let branches, let otherwise, let t):
            return .caseWhen(try branches.map { BoundCaseBranch(when: try go($0.when), then: try go($0.then)) },
                             otherwise: try go(otherwise), t)
        case .cast(let e, let t): return .cast(try go(e), t)
        case .function(let f, let args, let t): return .function(f, try args.map(go), t)
        case .aggregate(var call):
            call.arguments = try call.arguments.map(go)
            call.filter = try call.filter.map(go)
            return .aggregate(call)
        }
    }

    /// The conjuncts of an AND tree (a single term otherwise).
    var conjuncts: [BoundExpression] {
        if case .and(let terms) = self { return terms.flatMap(\.conjuncts) }
        return [self]
    }

    static func conjunction(_ terms: [BoundExpression]) -> BoundExpression? {
        switch terms.count {
        case 0: nil
        case 1: terms[0]
        default: .and(terms)
        }
    }
}

struct BoundCaseBranch: Sendable, Hashable {
    var when: BoundExpression
    var then: BoundExpression
}

enum ArithmeticOperator: String, Sendable, Hashable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
}

enum ComparisonOperator: String, Sendable, Hashable {
    case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    /// The operator with its operands swapped (`a < b` is `b > a`).
    var flipped: ComparisonOperator {
        switch self {
        case .equal, .notEqual: self
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        }
    }
}

/// The scalar functions of the dialect (DuckDB's names and meanings).
enum ScalarFunction: String, Sendable, Hashable, CaseIterable {
    case year, month, day
    case dateTrunc = "date_trunc"
    case dateDiff = "date_diff"
    case round, abs, floor, ceil
    case coalesce, nullif
    case lower, upper, length
    case concat
    /// `a || b`: NULL when either side is (`concat` skips NULLs instead).
    case concatOperator = "||"
    case greatest, least
}

/// An aggregate function call with its bound arguments.
struct AggregateCall: Sendable, Hashable {
    enum Function: String, Sendable, Hashable, CaseIterable {
        case countStar = "count_star", count, sum, avg, min, max, median
        case quantileCont = "quantile_cont", quantileDisc = "quantile_disc"
        /// `GROUPING(x, …)`: which arguments are not grouped in the row's grouping set (bits, the
        /// first argument highest). Replaced by the binder with constants per set.
        case grouping
    }

    var function: Function
    var arguments: [BoundExpression]
    var distinct: Bool
    var filter: BoundExpression?
    /// The fraction of the quantile functions (0...1); 0.5 for median.
    var fraction: Double?
    var type: SQLType

    var argument: BoundExpression? { arguments.first }
}
