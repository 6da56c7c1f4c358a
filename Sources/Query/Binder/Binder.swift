import Storage
import Support

/// Turns a parsed statement into a plan over a pinned snapshot: resolves tables (and CTEs, which
/// shadow them), columns and functions, checks and unifies types, and builds the logical plan the
/// `Optimizer` then improves.
///
/// Errors are `SQLError`s placed at the first occurrence of the name they are about (the syntax tree
/// keeps no positions; the tokens of the statement do).
struct Binder {
    let snapshot: Snapshot
    let tokens: [Token]

    /// CTEs visible at this point, innermost last; a CTE sees the ones defined before it (and a
    /// later CTE of the same name shadows an outer one).
    private var ctes: [(name: String, statement: Statement)] = []

    /// `views`: statements standing in for tables (see `QueryEngine.views`), bound as outermost CTEs.
    init(snapshot: Snapshot, tokens: [Token], views: [(name: String, statement: Statement)] = []) {
        self.snapshot = snapshot
        self.tokens = tokens
        ctes = views
    }

    func error(_ message: String, near name: String? = nil, hint: String? = nil) -> SQLError {
        let lowered = name?.lowercased()
        let token = lowered.flatMap { word in
            tokens.first { ($0.kind == .word || $0.kind == .quotedIdentifier || $0.kind == .string) && $0.text.lowercased() == word }
        }
        return SQLError(message, at: token?.position ?? tokens.first?.position ?? SourcePosition(line: 1, column: 1, offset: 0),
                        hint: hint)
    }

    // MARK: Statements

    /// Plans a statement; the result's columns are its output, named as the user will see them.
    mutating func plan(_ statement: Statement) throws(SQLError) -> PlanNode {
        let saved = ctes
        defer { ctes = saved }
        for cte in statement.ctes {
            if statement.ctes.filter({ $0.name == cte.name }).count > 1 {
                throw error("the CTE \(cte.name) is defined twice", near: cte.name)
            }
            ctes.append((cte.name, cte.query))
        }
        var node: PlanNode
        switch statement.body {
        case .select(let select):
            node = try planSelect(select, orderBy: statement.orderBy)
        case .unionAll:
            node = try planUnion(statement.body)
            if !statement.orderBy.isEmpty {
                var keys: [SortKey] = []
                for item in statement.orderBy {
                    let index = try outputPosition(of: item.expression, in: node.columns, context: "UNION ALL")
                    keys.append(SortKey(expression: .column(index, node.columns[index].type), descending: item.descending,
                                        nullsFirst: item.nullsFirst ?? false))
                }
                node = PlanNode(.sort(keys), children: [node], columns: node.columns)
            }
        }
        if statement.limit != nil || (statement.offset ?? 0) > 0 {
            node = PlanNode(.limit(statement.limit, offset: statement.offset ?? 0), children: [node], columns: node.columns)
        }
        return node
    }

    /// `ORDER BY 2` or `ORDER BY name` against output columns (the only forms a UNION's order takes).
    func outputPosition(of expression: Expression, in columns: [PlanColumn], context: String) throws(SQLError) -> Int {
        switch expression {
        case .literal(.integer(let ordinal)):
            guard ordinal >= 1, ordinal <= columns.count else {
                throw error("ORDER BY position \(ordinal) is not between 1 and \(columns.count)", near: String(ordinal))
            }
            return Int(ordinal - 1)
        case .column(nil, let name):
            if let index = columns.firstIndex(where: { $0.name == name }) { return index }
            throw error("no output column named \(name)", near: name,
                        hint: Suggestion.closest(to: name, among: columns.map(\.name)).map { "did you mean \($0)?" })
        default:
            throw error("ORDER BY after \(context) takes output column names or positions")
        }
    }

    private mutating func planUnion(_ body: QueryBody) throws(SQLError) -> PlanNode {
        var selects: [Select] = []
        var pending = [body]
        while let next = pending.popLast() { // left to right: push the right branch first
            switch next {
            case .select(let select): selects.append(select)
            case .unionAll(let a, let b): pending.append(b); pending.append(a)
            }
        }
        var branches: [PlanNode] = []
        for select in selects { branches.append(try planSelect(select, orderBy: [])) }
        let width = branches[0].columns.count
        for branch in branches.dropFirst() where branch.columns.count != width {
            throw error("UNION ALL branches have \(width) and \(branch.columns.count) columns", near: "union")
        }
        var types: [SQLType] = []
        for index in 0..<width {
            let members = branches.map { branch -> (type: SQLType, decimal: DecimalType?) in
                // A branch's literal column keeps its literal's DECIMAL width (DuckDB's INTEGER literal).
                if case .project(let expressions) = branch.op, index < expressions.count {
                    // A bare NULL meets any type (its select list calls it BIGINT on its own).
                    if expressions[index].type == .null { return (.null, nil) }
                    return (branch.columns[index].type, decimalType(of: expressions[index]))
                }
                return (branch.columns[index].type, branch.columns[index].type.asDecimal)
            }
            guard let common = Binder.meetingType(of: members) else {
                let found = Set(members.map(\.type.description)).sorted().joined(separator: " and ")
                throw error("UNION ALL column \(index + 1) is \(found) in different branches; add a CAST", near: "union")
            }
            types.append(common)
        }
        let columns = zip(branches[0].columns, types).map { PlanColumn(name: $0.name, type: $1 == .null ? .integer : $1) }
        let aligned = branches.map { branch -> PlanNode in
            // A branch's bare NULLs become NULLs of the union's type (no cast from BIGINT).
            if case .project(let expressions) = branch.op, expressions.contains(where: { $0.type == .null }) {
                let typed = expressions.enumerated().map { index, expression -> BoundExpression in
                    if expression.type == .null { return .constant(.null, columns[index].type) }
                    return expression.type == columns[index].type ? expression : .cast(expression, columns[index].type)
                }
                return PlanNode(.project(typed), children: branch.children, columns: columns)
            }
            let casts = branch.columns.enumerated().map { index, column -> BoundExpression in
                let reference = BoundExpression.column(index, column.type)
                return column.type == columns[index].type ? reference : .cast(reference, columns[index].type)
            }
            if zip(branch.columns, columns).allSatisfy({ $0.type == $1.type }) { return branch }
            return PlanNode(.project(casts), children: [branch], columns: columns)
        }
        return PlanNode(.unionAll, children: aligned, columns: columns)
    }

    // MARK: FROM

    mutating func planFrom(_ reference: TableReference) throws(SQLError) -> (PlanNode, Scope) {
        switch reference {
        case .table(let name, let alias):
            if let index = ctes.lastIndex(where: { $0.name == name }) {
                let cte = ctes[index]
                let saved = ctes
                ctes = Array(ctes[..<index])
                defer { ctes = saved }
                let node = try plan(cte.statement)
                return (node, Scope(columns: node.columns, table: alias ?? name))
            }
            guard let table = snapshot.tables.first(where: { $0.name == name }) else {
                let names = snapshot.tables.map(\.name) + ctes.map(\.name)
                throw error("no table named \(name)", near: name,
                            hint: Suggestion.closest(to: name, among: names).map { "did you mean \($0)?" }
                                ?? "tables: \(names.joined(separator: ", "))")
            }
            let columns = table.schema.columns.map { PlanColumn(name: $0.name, type: SQLType($0.type)) }
            let scan = ScanSpecification(table: table)
            return (PlanNode(.scan(scan), children: [], columns: columns), Scope(columns: columns, table: alias ?? name))
        case .subquery(let statement, let alias):
            let node = try plan(statement)
            return (node, Scope(columns: node.columns, table: alias))
        case .join(let kind, let left, let right, let condition):
            let (leftNode, leftScope) = try planFrom(left)
            let (rightNode, rightScope) = try planFrom(right)
            return try planJoin(kind, leftNode, leftScope, rightNode, rightScope, on: condition)
        }
    }

    private mutating func planJoin(
        _ kind: JoinKind, _ left: PlanNode, _ leftScope: Scope, _ right: PlanNode, _ rightScope: Scope, on condition: Expression
    ) throws(SQLError) -> (PlanNode, Scope) {
        let scope = leftScope + rightScope
        let width = left.columns.count
        let bound = try requireCondition(try bind(condition, in: scope, allowAggregates: false, clause: "JOIN ... ON"), clause: "ON")
        var leftKeys: [BoundExpression] = [], rightKeys: [BoundExpression] = []
        var leftOnly: [BoundExpression] = [], rightOnly: [BoundExpression] = [], mixed: [BoundExpression] = []
        for term in bound.conjuncts {
            let columns = term.referencedColumns
            if case .comparison(.equal, let a, let b) = term {
                let aColumns = a.referencedColumns, bColumns = b.referencedColumns
                if !aColumns.isEmpty, !bColumns.isEmpty {
                    if aColumns.allSatisfy({ $0 < width }) && bColumns.allSatisfy({ $0 >= width }) {
                        leftKeys.append(a); rightKeys.append(b.remapped { $0 - width }); continue
                    }
                    if bColumns.allSatisfy({ $0 < width }) && aColumns.allSatisfy({ $0 >= width }) {
                        leftKeys.append(b); rightKeys.append(a.remapped { $0 - width }); continue
                    }
                }
            }
            if columns.allSatisfy({ $0 >= width }) { rightOnly.append(term.remapped { $0 - width }) }
            else if columns.allSatisfy({ $0 < width }) { leftOnly.append(term) }
            else { mixed.append(term) }
        }
        guard !leftKeys.isEmpty else {
            throw error("JOIN ... ON needs at least one equality between a column of each side (only equi-joins run here)",
                        near: "on")
        }
        var rightInput = right
        if let filter = BoundExpression.conjunction(rightOnly) {
            rightInput = PlanNode(.filter(filter), children: [right], columns: right.columns)
        }
        var leftInput = left
        var residual = mixed
        if kind == .inner, let filter = BoundExpression.conjunction(leftOnly) {
            leftInput = PlanNode(.filter(filter), children: [left], columns: left.columns)
        } else if kind == .left, !leftOnly.isEmpty || !mixed.isEmpty {
            throw error("LEFT JOIN ... ON takes equalities between the two sides and conditions on the right side only; move conditions on the left side to WHERE",
                        near: "on")
        } else {
            residual += leftOnly
        }
        let columns = left.columns + right.columns
        var node = PlanNode(.join(kind, leftKeys: leftKeys, rightKeys: rightKeys), children: [leftInput, rightInput], columns: columns)
        if let filter = BoundExpression.conjunction(residual) {
            node = PlanNode(.filter(filter), children: [node], columns: columns)
        }
        return (node, scope)
    }
}
