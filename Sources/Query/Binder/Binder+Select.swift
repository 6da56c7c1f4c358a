/// Planning one `SELECT`: FROM, WHERE, grouping and aggregates, HAVING, the select list,
/// DISTINCT and ORDER BY (which may name output aliases, positions or any expression).
extension Binder {
    private struct Item {
        var bound: BoundExpression
        var name: String
        /// Whether the name was given with AS (ORDER BY and GROUP BY may use it).
        var isAlias: Bool
    }

    /// An ORDER BY term: an output column, or an expression over the select's input.
    private enum OrderTarget {
        case output(Int)
        case expression(BoundExpression)
    }

    mutating func planSelect(_ select: Select, orderBy: [OrderItem]) throws(SQLError) -> PlanNode {
        var node: PlanNode
        var scope: Scope
        if let from = select.from {
            (node, scope) = try planFrom(from)
        } else {
            (node, scope) = (PlanNode(.values([[]]), children: [], columns: []), .empty)
        }
        if let condition = select.whereClause {
            let bound = try requireCondition(try bind(condition, in: scope, allowAggregates: false, clause: "WHERE"), clause: "WHERE")
            node = PlanNode(.filter(bound), children: [node], columns: node.columns)
        }

        var items: [Item] = []
        for item in select.items {
            switch item {
            case .all(let table):
                let matching = scope.entries.indices.filter { table == nil || scope.entries[$0].table == table }
                if matching.isEmpty {
                    throw error(table.map { "no table \($0) in FROM for \($0).*" } ?? "SELECT * needs a FROM clause", near: table)
                }
                for index in matching {
                    items.append(Item(bound: .column(index, scope.entries[index].type), name: scope.entries[index].name, isAlias: false))
                }
            case .expression(let expression, let alias):
                let bound = try bind(expression, in: scope, allowAggregates: true, clause: "SELECT")
                items.append(Item(bound: bound, name: alias ?? Binder.defaultName(expression), isAlias: alias != nil))
            }
        }

        var keys: [BoundExpression] = []
        for expression in select.groupBy {
            keys.append(try groupKey(expression, items: items, scope: scope))
        }
        // Grouping sets: the keys are every expression of every set (once); a set is their indexes.
        var sets: [[Int]]?
        if let groupingSets = select.groupingSets {
            var indexes: [[Int]] = []
            // How each key was written: one key written two ways, one of them a position or an
            // alias (`CUBE (3, g)` where item 3 is g), is kept apart by DuckDB, not merged.
            var spelling: [Int: Expression] = [:]
            for set in groupingSets {
                var members: [Int] = []
                for expression in set {
                    let key = try groupKey(expression, items: items, scope: scope)
                    if let existing = keys.firstIndex(of: key), let written = spelling[existing], written != expression,
                       Binder.refersToItem(written, items: items, scope: scope) || Binder.refersToItem(expression, items: items, scope: scope) {
                        throw error("a grouping key is written twice, once by position or alias (\(written) and \(expression))",
                                    hint: "write it the same way each time")
                    }
                    let index = keys.firstIndex(of: key) ?? { keys.append(key); return keys.count - 1 }()
                    if spelling[index] == nil { spelling[index] = expression }
                    if !members.contains(index) { members.append(index) }
                }
                indexes.append(members)
            }
            sets = indexes
        }
        var having = try select.having.map { (e) throws(SQLError) in
            try requireCondition(try bind(e, in: scope, allowAggregates: true, clause: "HAVING"), clause: "HAVING")
        }

        var targets: [OrderTarget] = []
        for item in orderBy {
            targets.append(try orderTarget(item.expression, items: items, scope: scope))
        }

        let isAggregate = !keys.isEmpty || sets != nil || having != nil || items.contains { $0.bound.containsAggregate }
            || targets.contains { if case .expression(let e) = $0 { e.containsAggregate } else { false } }
        if isAggregate {
            var aggregates: [AggregateCall] = []
            for index in items.indices {
                items[index].bound = try aggregateRewrite(items[index].bound, keys: keys, sets: sets, aggregates: &aggregates, scope: scope)
            }
            having = try having.map { (e) throws(SQLError) in try aggregateRewrite(e, keys: keys, sets: sets, aggregates: &aggregates, scope: scope) }
            for index in targets.indices {
                if case .expression(let e) = targets[index] {
                    targets[index] = .expression(try aggregateRewrite(e, keys: keys, sets: sets, aggregates: &aggregates, scope: scope))
                }
            }
            let keyColumns = keys.map { key -> PlanColumn in
                PlanColumn(name: Explain.describe(key, scope.entries.map(\.name)), type: key.type)
            }
            let names = scope.entries.map(\.name)
            let setColumn = sets == nil ? [] : [PlanColumn(name: "grouping set", type: .integer)]
            let columns = keyColumns + setColumn + aggregates.map { PlanColumn(name: Explain.describe(.aggregate($0), names), type: $0.type) }
            node = PlanNode(.aggregate(keys: keys, aggregates: aggregates, sets: sets), children: [node], columns: columns)
            if let having {
                node = PlanNode(.filter(having), children: [node], columns: columns)
            }
        }

        var expressions = items.map(\.bound)
        var keysForSort: [SortKey] = []
        for (target, item) in zip(targets, orderBy) {
            let position: Int
            switch target {
            case .output(let index): position = index
            case .expression(let e):
                if let existing = expressions.firstIndex(of: e) {
                    position = existing
                } else {
                    if select.distinct {
                        throw error("with SELECT DISTINCT, ORDER BY expressions must appear in the select list")
                    }
                    expressions.append(e)
                    position = expressions.count - 1
                }
            }
            keysForSort.append(SortKey(expression: .column(position, expressions[position].type), descending: item.descending,
                                       nullsFirst: item.nullsFirst ?? false))
        }
        let visible = items.map { PlanColumn(name: $0.name, type: $0.bound.type == .null ? .integer : $0.bound.type) }
        let projected = visible + expressions.dropFirst(items.count).map { PlanColumn(name: "order", type: $0.type) }
        node = PlanNode(.project(expressions), children: [node], columns: projected)
        if select.distinct {
            node = PlanNode(.distinct, children: [node], columns: projected)
        }
        if !keysForSort.isEmpty {
            node = PlanNode(.sort(keysForSort), children: [node], columns: projected)
        }
        if projected.count > visible.count {
            node = PlanNode(.project(visible.indices.map { .column($0, visible[$0].type) }), children: [node], columns: visible)
        }
        return node
    }

    /// The name DuckDB shows for an unnamed select item: the column's name, else the expression's text.
    static func defaultName(_ expression: Expression) -> String {
        if case .column(_, let name) = expression { return name }
        if case .function(let name, _, _, true, nil) = expression { return "\(name)_star()" }
        return expression.description
    }

    /// Whether a GROUP BY expression names a select item (a position, or an alias that is not a column).
    private static func refersToItem(_ expression: Expression, items: [Item], scope: Scope) -> Bool {
        if ordinal(expression) != nil { return true }
        if case .column(nil, let name) = expression, case .missing = scope.resolve(table: nil, name: name) {
            return items.contains { $0.isAlias && $0.name == name }
        }
        return false
    }

    private func groupKey(_ expression: Expression, items: [Item], scope: Scope) throws(SQLError) -> BoundExpression {
        if let ordinal = Binder.ordinal(expression) {
            guard ordinal >= 1, ordinal <= items.count else {
                throw error("GROUP BY position \(ordinal) is not between 1 and \(items.count)", near: String(ordinal))
            }
            let bound = items[Int(ordinal) - 1].bound
            if bound.containsAggregate { throw error("GROUP BY \(ordinal) refers to an aggregate", near: String(ordinal)) }
            return bound
        }
        if case .column(nil, let name) = expression, case .missing = scope.resolve(table: nil, name: name),
           let item = items.first(where: { $0.isAlias && $0.name == name }) {
            if item.bound.containsAggregate { throw error("GROUP BY \(name) refers to an aggregate", near: name) }
            return item.bound
        }
        return try bind(expression, in: scope, allowAggregates: false, clause: "GROUP BY")
    }

    private func orderTarget(_ expression: Expression, items: [Item], scope: Scope) throws(SQLError) -> OrderTarget {
        if let ordinal = Binder.ordinal(expression) {
            guard ordinal >= 1, ordinal <= items.count else {
                throw error("ORDER BY position \(ordinal) is not between 1 and \(items.count)", near: String(ordinal))
            }
            return .output(Int(ordinal) - 1)
        }
        if case .column(nil, let name) = expression {
            let named = items.indices.filter { items[$0].name == name }
            // An alias wins over an input column; a plain output name only when no input column has it.
            if named.count == 1, items[named[0]].isAlias || !scope.hasColumn(named: name) {
                return .output(named[0])
            }
        }
        return .expression(try bind(expression, in: scope, allowAggregates: true, clause: "ORDER BY"))
    }

    /// Replaces group keys and aggregate calls by references to the aggregation's output; a column
    /// left over is neither grouped nor aggregated, which SQL refuses. With grouping sets the
    /// aggregates come after the set index column, and GROUPING(…) becomes a constant per set.
    private func aggregateRewrite(
        _ expression: BoundExpression, keys: [BoundExpression], sets: [[Int]]?, aggregates: inout [AggregateCall], scope: Scope
    ) throws(SQLError) -> BoundExpression {
        var found = aggregates
        defer { aggregates = found }
        let first = keys.count + (sets == nil ? 0 : 1)
        do {
            return try expression.rewritten { node in
                if let key = keys.firstIndex(of: node) { return .column(key, node.type) }
                if case .aggregate(let call) = node, call.function == .grouping {
                    return try grouping(call.arguments, keys: keys, sets: sets, scope: scope)
                }
                if case .aggregate(let call) = node {
                    let index = found.firstIndex(of: call) ?? { found.append(call); return found.count - 1 }()
                    return .column(first + index, call.type)
                }
                if case .column(let index, _) = node {
                    let name = scope.entries[index].name
                    throw error("column \(name) must appear in GROUP BY or be used in an aggregate function", near: name)
                }
                return nil
            }
        } catch let failure as SQLError {
            throw failure
        } catch {
            preconditionFailure("unexpected \(error)")
        }
    }

    /// `GROUPING(a, b…)`: for each argument (the first the highest bit), 1 where the row's set does
    /// not group it — a CASE on the set index column, constant within a set (0 without sets).
    private func grouping(_ arguments: [BoundExpression], keys: [BoundExpression], sets: [[Int]]?, scope: Scope) throws(SQLError) -> BoundExpression {
        var positions: [Int] = []
        for argument in arguments {
            guard let position = keys.firstIndex(of: argument) else {
                throw error("GROUPING() takes expressions of the GROUP BY, not \(Explain.describe(argument, scope.entries.map(\.name)))", near: "grouping")
            }
            positions.append(position)
        }
        guard let sets else { return .constant(.integer(0), .integer) }
        let values = sets.map { set in positions.reduce(Int64(0)) { $0 << 1 | (set.contains($1) ? 0 : 1) } }
        let setIndex = BoundExpression.column(keys.count, .integer)
        return .caseWhen(values.enumerated().map { index, value in
            BoundCaseBranch(when: .comparison(.equal, setIndex, .constant(.integer(Int64(index)), .integer)), then: .constant(.integer(value), .integer))
        }, otherwise: .constant(.integer(0), .integer), .integer)
    }

    /// The expression as a condition (a bare NULL is a BOOLEAN NULL); anything else is an error.
    func requireCondition(_ expression: BoundExpression, clause: String) throws(SQLError) -> BoundExpression {
        guard expression.type == .boolean || expression.type == .null else {
            throw error("\(clause) needs a condition (BOOLEAN), not a \(expression.type)", near: String(clause.split(separator: " ")[0]))
        }
        return cast(expression, to: .boolean)
    }
}

extension BoundExpression {
    var containsAggregate: Bool {
        if case .aggregate = self { return true }
        return children.contains { $0.containsAggregate }
    }
}

extension Binder {
    /// An integer constant in GROUP BY or ORDER BY is an output position, as in DuckDB: `-2`
    /// too (a position out of range, not the constant -2).
    static func ordinal(_ expression: Expression) -> Int64? {
        switch expression {
        case .literal(.integer(let value)): value
        case .unary(.minus, .literal(.integer(let value))): -value
        default: nil
        }
    }
}
