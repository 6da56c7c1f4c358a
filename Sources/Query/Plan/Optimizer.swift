import Storage

/// Rewrites a bound plan before it runs: folds constant expressions, pushes filters down to the
/// scans (through projections, joins, aggregations on their keys, sorts and unions), derives the
/// zone-map predicates that skip whole segments, and prunes the columns no operator reads.
enum Optimizer {
    static func optimize(_ root: PlanNode) -> PlanNode {
        fold(root)
        let pushed = pushDown(root)
        prepareScans(pushed)
        prune(pushed, required: Set(pushed.columns.indices))
        return pushed
    }

    // MARK: Constant folding

    private static func fold(_ node: PlanNode) {
        node.children.forEach(fold)
        switch node.op {
        case .filter(let condition): node.op = .filter(ConstantFolding.fold(condition))
        case .project(let expressions): node.op = .project(expressions.map(ConstantFolding.fold))
        case .aggregate(let keys, let aggregates, let sets):
            node.op = .aggregate(keys: keys.map(ConstantFolding.fold), aggregates: aggregates.map { call in
                var folded = call
                folded.arguments = call.arguments.map(ConstantFolding.fold)
                folded.filter = call.filter.map(ConstantFolding.fold)
                return folded
            }, sets: sets)
        default: break
        }
    }

    // MARK: Filter push-down

    private static func pushDown(_ node: PlanNode) -> PlanNode {
        guard case .filter(let condition) = node.op else {
            node.children = node.children.map(pushDown)
            return node
        }
        var kept: [BoundExpression] = []
        let child = node.child
        switch child.op {
        case .scan(var specification):
            specification.filter = BoundExpression.conjunction((specification.filter?.conjuncts ?? []) + condition.conjuncts)
            child.op = .scan(specification)
            return child
        case .filter(let inner):
            child.op = .filter(.and(inner.conjuncts + condition.conjuncts))
            return pushDown(child)
        case .project(let expressions):
            let substituted = condition.rewritten { node in
                if case .column(let index, _) = node { return expressions[index] }
                return nil
            }
            child.children[0] = pushDown(PlanNode(.filter(substituted), children: [child.child], columns: child.child.columns))
            return child
        case .join(let kind, _, _):
            let width = child.children[0].columns.count
            var left: [BoundExpression] = [], right: [BoundExpression] = []
            for term in condition.conjuncts {
                let columns = term.referencedColumns
                if columns.allSatisfy({ $0 < width }) { left.append(term) }
                else if kind == .inner, columns.allSatisfy({ $0 >= width }) { right.append(term.remapped { $0 - width }) }
                else { kept.append(term) }
            }
            if let filter = BoundExpression.conjunction(left) {
                child.children[0] = PlanNode(.filter(filter), children: [child.children[0]], columns: child.children[0].columns)
            }
            if let filter = BoundExpression.conjunction(right) {
                child.children[1] = PlanNode(.filter(filter), children: [child.children[1]], columns: child.children[1].columns)
            }
        case .aggregate(let keys, _, nil):
            // (With grouping sets a key is NULL outside its sets: a condition on it stays above.)
            var below: [BoundExpression] = []
            for term in condition.conjuncts {
                if !term.containsAggregateColumn(keyCount: keys.count), !term.referencedColumns.isEmpty {
                    below.append(term.rewritten { node in
                        if case .column(let index, _) = node { return keys[index] }
                        return nil
                    })
                } else {
                    kept.append(term)
                }
            }
            if let filter = BoundExpression.conjunction(below) {
                child.children[0] = PlanNode(.filter(filter), children: [child.child], columns: child.child.columns)
            }
        case .sort:
            child.children[0] = PlanNode(.filter(condition), children: [child.child], columns: child.child.columns)
        case .unionAll:
            child.children = child.children.map { PlanNode(.filter(condition), children: [$0], columns: $0.columns) }
        default:
            kept = condition.conjuncts
        }
        child.children = child.children.map(pushDown)
        guard let remaining = BoundExpression.conjunction(kept) else { return child }
        node.op = .filter(remaining)
        node.children = [child]
        return node
    }

    // MARK: Zone maps

    private static func prepareScans(_ node: PlanNode) {
        node.children.forEach(prepareScans)
        guard case .scan(var specification) = node.op else { return }
        if let filter = specification.filter {
            specification.filter = ConstantFolding.fold(filter)
            specification.pruning = filter.conjuncts.flatMap { ZoneMap.predicates(for: $0, table: specification.table) }
            specification.keptSegments = (try? specification.table.segments(matching: specification.pruning))
                ?? specification.keptSegments
        }
        node.op = .scan(specification)
    }

    // MARK: Column pruning

    /// `required`: output columns whose values are read above; `nullTests`: output columns only
    /// tested for NULL above (their values are never read). Through projections, filters and
    /// aggregations the two are kept apart down to the scan; other operators read values.
    private static func prune(_ node: PlanNode, required: Set<Int>, nullTests: Set<Int> = []) {
        func uses(_ expressions: [BoundExpression]) -> (values: Set<Int>, nullTests: Set<Int>) {
            var values = Set<Int>(), tests = Set<Int>()
            for expression in expressions {
                let use = expression.columnUses
                values.formUnion(use.values)
                tests.formUnion(use.nullTests)
            }
            return (values, tests.subtracting(values))
        }
        let all = required.union(nullTests)
        switch node.op {
        case .scan(var specification):
            let filter = uses(specification.filter.map { [$0] } ?? [])
            let values = required.union(filter.values)
            specification.readColumns = values.sorted()
            specification.validityColumns = nullTests.union(filter.nullTests).subtracting(values).sorted()
            node.op = .scan(specification)
        case .values:
            break
        case .filter(let condition):
            let use = uses([condition])
            let values = required.union(use.values)
            prune(node.child, required: values, nullTests: nullTests.union(use.nullTests).subtracting(values))
        case .project(var expressions):
            for index in expressions.indices where !all.contains(index) {
                expressions[index] = .constant(.null, expressions[index].type)
            }
            node.op = .project(expressions)
            // An output only tested for NULL still needs its expression's values, except a bare column.
            var values = Set<Int>(), tests = Set<Int>()
            for (index, expression) in expressions.enumerated() where all.contains(index) {
                if !required.contains(index), case .column(let column, _) = expression {
                    tests.insert(column)
                } else {
                    let use = expression.columnUses
                    values.formUnion(use.values)
                    tests.formUnion(use.nullTests)
                }
            }
            prune(node.child, required: values, nullTests: tests.subtracting(values))
        case .aggregate(let keys, let aggregates, _):
            // count(column) only needs to know which rows are null.
            let counted = aggregates.compactMap { call -> Int? in
                if call.function == .count, !call.distinct, case .column(let index, _)? = call.argument { return index }
                return nil
            }
            let others = aggregates.map { call -> [BoundExpression] in
                let counts = call.function == .count && !call.distinct && { if case .column? = call.argument { true } else { false } }()
                return (counts ? [] : call.arguments) + (call.filter.map { [$0] } ?? [])
            }
            let use = uses(keys + others.flatMap { $0 })
            prune(node.child, required: use.values, nullTests: use.nullTests.union(counted).subtracting(use.values))
        case .join(_, let leftKeys, let rightKeys):
            let width = node.children[0].columns.count
            let left = all.filter { $0 < width }.union(leftKeys.reduce(into: Set<Int>()) { $0.formUnion($1.referencedColumns) })
            let right = Set(all.filter { $0 >= width }.map { $0 - width })
                .union(rightKeys.reduce(into: Set<Int>()) { $0.formUnion($1.referencedColumns) })
            prune(node.children[0], required: left)
            prune(node.children[1], required: right)
        case .sort(let keys):
            prune(node.child, required: keys.reduce(into: all) { $0.formUnion($1.expression.referencedColumns) })
        case .limit:
            prune(node.child, required: all)
        case .distinct:
            prune(node.child, required: Set(node.columns.indices))
        case .unionAll:
            node.children.forEach { prune($0, required: all) }
        }
    }
}

extension BoundExpression {
    /// Whether the expression reads an aggregate's output column (positions from `keyCount` on).
    func containsAggregateColumn(keyCount: Int) -> Bool {
        referencedColumns.contains { $0 >= keyCount }
    }
}

/// Zone-map predicates: the conjuncts of a scan filter that segment min/max/null-count statistics
/// can decide (`column op constant`, `IS [NOT] NULL`, `IN` as its min..max range).
enum ZoneMap {
    static func predicates(for term: BoundExpression, table: TableSnapshot) -> [ColumnPredicate] {
        func name(_ index: Int) -> String { table.schema.columns[index].name }
        switch term {
        case .comparison(let op, .column(let index, _), .constant(let value, _)):
            return statistic(value).map { [ColumnPredicate(name(index), predicateOperator(op), $0)] } ?? []
        case .comparison(let op, .constant(let value, _), .column(let index, _)):
            return statistic(value).map { [ColumnPredicate(name(index), predicateOperator(op.flipped), $0)] } ?? []
        case .isNull(.column(let index, _), let negated):
            return [ColumnPredicate(name(index), negated ? .isNotNull : .isNull)]
        case .inList(.column(let index, _), let values, false) where !values.isEmpty && !values.contains(.null):
            let sorted = values.sorted { (Value.compare($0, $1) ?? 0) < 0 }
            guard let low = statistic(sorted.first!), let high = statistic(sorted.last!) else { return [] }
            return [ColumnPredicate(name(index), .greaterOrEqual, low), ColumnPredicate(name(index), .lessOrEqual, high)]
        default:
            return []
        }
    }

    private static func statistic(_ value: Value) -> StatisticValue? {
        switch value {
        case .integer(let i): .integer(i)
        case .date(let d): .integer(Int64(d))
        case .boolean(let b): .integer(b ? 1 : 0)
        case .double(let d) where !d.isNaN: .real(d)
        case .varchar(let s): .text(s)
        default: nil
        }
    }

    private static func predicateOperator(_ op: ComparisonOperator) -> ColumnPredicate.Operator {
        switch op {
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        }
    }
}
