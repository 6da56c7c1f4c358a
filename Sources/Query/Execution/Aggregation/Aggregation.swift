/// One worker's share of a GROUP BY: its own group table and accumulators, fed chunk by chunk,
/// later merged with the other workers' (by key values) into the final result.
final class Aggregation {
    let keys: [BoundExpression]
    let calls: [AggregateCall]
    private(set) var groups: GroupTable
    let accumulators: [Accumulator]

    init(keys: [BoundExpression], aggregates: [AggregateCall]) {
        self.keys = keys
        calls = aggregates
        groups = GroupTable(keyTypes: keys.map(\.type))
        accumulators = aggregates.map(Accumulator.init)
        // Quantiles of the same values share their samples: collected and sorted once.
        for (index, accumulator) in accumulators.enumerated() where accumulator.kind == .quantile {
            if let first = accumulators[..<index].first(where: {
                $0.kind == .quantile && $0.ownsSamples && $0.call.arguments == accumulator.call.arguments && $0.call.filter == accumulator.call.filter
            }) {
                accumulator.samples = first.samples
                accumulator.ownsSamples = false
            }
        }
        if keys.isEmpty { accumulators.forEach { $0.resize(1) } }
    }

    func consume(_ chunk: Chunk) throws(QueryError) {
        guard chunk.count > 0 else { return }
        var keyVectors: [Vector] = []
        for key in keys { keyVectors.append(try ExpressionEvaluator.evaluate(key, chunk)) }
        let ids = groups.groupIDs(keyVectors, rowCount: chunk.count)
        let groupCount = groups.count
        for (call, accumulator) in zip(calls, accumulators) {
            accumulator.resize(groupCount)
            let argument = try call.argument.map { (e) throws(QueryError) in try ExpressionEvaluator.evaluate(e, chunk) }
            let filtered = try call.filter.map { (e) throws(QueryError) in try ExpressionEvaluator.selectDense(e, chunk) }
            try accumulator.update(groups: ids, argument: argument, filtered: filtered)
        }
    }

    /// Folds another worker's groups and states into this one.
    func merge(_ other: Aggregation) throws(QueryError) {
        let map = (0..<other.groups.count).map { groups.group(of: other.groups.keyValues(UInt32($0))) }
        for (mine, theirs) in zip(accumulators, other.accumulators) {
            mine.resize(groups.count)
            try mine.merge(theirs, groupMap: map)
        }
    }

    /// The keys then the aggregates, one row per group in first-seen order.
    func finish() -> Relation {
        let count = groups.count
        accumulators.forEach { $0.resize(count) }
        var columns: [Vector] = []
        for (index, key) in keys.enumerated() {
            columns.append(Vector.from((0..<count).map { groups.keyValues(UInt32($0))[index] }, type: key.type))
        }
        columns.append(contentsOf: accumulators.map { $0.finish() })
        return Relation(columns: columns, count: count)
    }
}
