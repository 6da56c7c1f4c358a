/// The syntax tree of the SQL subset Parcours runs (DuckDB's names and meanings, so the same text
/// runs in DuckDB). Produced by `Parser`, printed back as SQL by `description` (every compound
/// expression parenthesised, so printing then parsing gives the same tree).
public struct Statement: Sendable, Equatable {
    public var ctes: [CommonTableExpression]
    public var body: QueryBody
    public var orderBy: [OrderItem]
    public var limit: Int?
    public var offset: Int?
}

/// `name AS (query)` in a `WITH` clause (not recursive).
public struct CommonTableExpression: Sendable, Equatable {
    public var name: String
    public var query: Statement
}

public indirect enum QueryBody: Sendable, Equatable {
    case select(Select)
    case unionAll(QueryBody, QueryBody)
}

public struct Select: Sendable, Equatable {
    public var distinct: Bool
    public var items: [SelectItem]
    public var from: TableReference?
    public var whereClause: Expression?
    public var groupBy: [Expression]
    /// `GROUP BY GROUPING SETS ((a, b), (c), ())`: the sets, each a list of expressions (`groupBy`
    /// is then empty). One aggregation per set over the same input; a column outside a row's set
    /// is NULL there, and `GROUPING(x)` says which (1: not grouped).
    public var groupingSets: [[Expression]]?
    public var having: Expression?
}

public enum SelectItem: Sendable, Equatable {
    /// `*` or `t.*`.
    case all(table: String?)
    case expression(Expression, alias: String?)
}

public indirect enum TableReference: Sendable, Equatable {
    case table(name: String, alias: String?)
    case subquery(Statement, alias: String?)
    case join(JoinKind, TableReference, TableReference, on: Expression)
}

public enum JoinKind: String, Sendable, Equatable {
    case inner = "JOIN"
    case left = "LEFT JOIN"
}

public struct OrderItem: Sendable, Equatable {
    public var expression: Expression
    public var descending: Bool
    /// nil: the default (DuckDB: nulls last whatever the direction).
    public var nullsFirst: Bool?
}

public enum Literal: Sendable, Equatable {
    case null
    case boolean(Bool)
    case integer(Int64)
    /// Decimal literals keep their text (`1.50`), converted where their type is known.
    case decimal(String)
    case string(String)
    /// `DATE 'YYYY-MM-DD'`, kept as written; checked by the binder.
    case date(String)
}

public enum UnaryOperator: String, Sendable, Equatable {
    case minus = "-", not = "NOT"
}

public enum BinaryOperator: String, Sendable, Equatable {
    case or = "OR", and = "AND"
    case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case concatenate = "||"
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
}

public indirect enum Expression: Sendable, Equatable {
    case column(table: String?, name: String)
    case literal(Literal)
    case unary(UnaryOperator, Expression)
    case binary(BinaryOperator, Expression, Expression)
    /// A call: `f(x)`, `count(*)` (`star`), `count(DISTINCT x)`, `… FILTER (WHERE condition)`.
    case function(name: String, arguments: [Expression], distinct: Bool, star: Bool, filter: Expression?)
    case caseWhen(operand: Expression?, branches: [CaseBranch], otherwise: Expression?)
    case cast(Expression, type: String)
    case inList(Expression, [Expression], negated: Bool)
    case between(Expression, low: Expression, high: Expression, negated: Bool)
    case like(Expression, pattern: Expression, negated: Bool)
    case isNull(Expression, negated: Bool)
}

public struct CaseBranch: Sendable, Equatable {
    public var when: Expression
    public var then: Expression
}

extension Expression {
    /// The expressions directly inside this one.
    var children: [Expression] {
        switch self {
        case .column, .literal: []
        case .unary(_, let operand), .cast(let operand, _), .isNull(let operand, _): [operand]
        case .binary(_, let left, let right): [left, right]
        case .function(_, let arguments, _, _, let filter): arguments + (filter.map { [$0] } ?? [])
        case .caseWhen(let operand, let branches, let otherwise):
            (operand.map { [$0] } ?? []) + branches.flatMap { [$0.when, $0.then] } + (otherwise.map { [$0] } ?? [])
        case .inList(let operand, let list, _): [operand] + list
        case .between(let operand, let low, let high, _): [operand, low, high]
        case .like(let operand, let pattern, _): [operand, pattern]
        }
    }

    /// Levels of the tree (a leaf is 1), computed with an explicit stack: the tree may be deeper
    /// than recursion could go.
    var depth: Int {
        var deepest = 0
        var stack: [(Expression, Int)] = [(self, 1)]
        while let (expression, level) = stack.popLast() {
            deepest = max(deepest, level)
            for child in expression.children { stack.append((child, level + 1)) }
        }
        return deepest
    }
}
