/// One worker's share of a GROUP BY: its own group table and accumulators, fed chunk by chunk,
/// later merged with the other workers' (by key values) into the final result.
///
/// Groups come out in the order the scan first meets them, whatever the number of workers: each
/// group remembers the morsel where it first appeared and its rank among the groups new in that
/// morsel (workers take morsels in increasing order, so that morsel's worker is the one that
/// creates it), and the merged result is sorted by that.
final class Aggregation {
    let keys: [BoundExpression]
    let calls: [AggregateCall]
    private(set) var groups: GroupTable
    let accumulators: [Accumulator]
    /// Per group: (morsel, rank among the groups first met in that morsel).
    private var firstSeen: [(morsel: Int, rank: Int)] = []
    private var morsel = 0
    private var groupsAtMorselStart = 0
    /// The conditional counts answered by classes of one column (see `FilterClassPlan`), their
    /// per-group histograms, and the class tables when this aggregation evaluates its own inputs.
    let classifier: FilterClassifier
    private var histograms: [ClassHistogram]

    /// What an aggregation holds before its first row, at most: each key's small-integer table and
    /// its share of the group table's direct tables (reserved before a grouping set's aggregations
    /// are made: a CUBE of 12 keys makes 4,096 of them per worker).
    static func fixedBytes(keyCount: Int, aggregateCount: Int) -> Int {
        keyCount * KeyInterner.smallTableSize * 4 + GroupTable.directTableBytes(keyCount: keyCount) + 512 * (keyCount + aggregateCount + 1)
    }

    init(keys: [BoundExpression], aggregates: [AggregateCall]) {
        self.keys = keys
        calls = aggregates
        groups = GroupTable(keyTypes: keys.map(\.type))
        accumulators = aggregates.map(Accumulator.init)
        classifier = FilterClassifier(FilterClassPlan(aggregates))
        histograms = classifier.plan.families.map { ClassHistogram(classCount: $0.classCount) }
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

    /// Called before the chunks of morsel `index` (morsels come in increasing order per worker).
    func beginMorsel(_ index: Int) {
        morsel = index
        groupsAtMorselStart = firstSeen.count
    }

    /// The aggregates' evaluated arguments and FILTER rows for one chunk: computed once and
    /// shared by the aggregations of every grouping set (the same FILTER is evaluated once).
    struct Inputs {
        var arguments: [Vector?]
        var filtered: [[UInt32]?]
        /// Per family of `FilterClassPlan`: each row's class, nil when its calls are evaluated as
        /// usual in this chunk.
        var classes: [[UInt8]?]
        /// Per call: answered by its family's classes (no argument, no filtered rows).
        var byClass: [Bool]
    }

    static func inputs(_ calls: [AggregateCall], _ chunk: Chunk, classifier: FilterClassifier) throws(QueryError) -> Inputs {
        let plan = classifier.plan
        var inputs = Inputs(arguments: [], filtered: [], classes: [], byClass: [])
        for index in plan.families.indices {
            inputs.classes.append(try classifier.classes(index, chunk, columnCount: chunk.columns.count))
        }
        inputs.byClass = plan.familyOfCall.map { family in family.map { inputs.classes[$0] != nil } ?? false }
        var filters: [BoundExpression: [UInt32]] = [:]
        for (position, call) in calls.enumerated() {
            if inputs.byClass[position] {
                inputs.arguments.append(nil)
                inputs.filtered.append(nil)
                continue
            }
            if call.function == .count, !call.distinct, case .column(let index, _)? = call.argument {
                // Only the nulls matter (the column may have been read as a validity bitmap only).
                inputs.arguments.append(chunk.validityBytes(index).map { Vector(.boolean($0), validity: $0) })
            } else {
                inputs.arguments.append(try call.argument.map { (e) throws(QueryError) in try ExpressionEvaluator.evaluate(e, chunk) })
            }
            if let filter = call.filter {
                if let rows = filters[filter] {
                    inputs.filtered.append(rows)
                } else {
                    let rows = try ExpressionEvaluator.selectDense(filter, chunk)
                    filters[filter] = rows
                    inputs.filtered.append(rows)
                }
            } else {
                inputs.filtered.append(nil)
            }
        }
        return inputs
    }

    func consume(_ chunk: Chunk) throws(QueryError) {
        guard chunk.count > 0 else { return }
        try consume(chunk, inputs: try Aggregation.inputs(calls, chunk, classifier: classifier))
    }

    func consume(_ chunk: Chunk, inputs: Inputs) throws(QueryError) {
        guard chunk.count > 0 else { return }
        var keyColumns: [GroupKey] = []
        for key in keys { keyColumns.append(try GroupKey.of(key, chunk)) }
        // Every row may open a group: reserve for that, give back what the chunk did not use.
        let perGroup = 48 * (keys.count + accumulators.count)
        let before = groups.count
        try QueryContext.reserve(keys.isEmpty ? 0 : chunk.count * perGroup, for: "GROUP BY")
        let ids = groups.groupIDs(keyColumns, rowCount: chunk.count)
        let groupCount = groups.count
        if !keys.isEmpty { QueryContext.release((chunk.count - (groupCount - before)) * perGroup) }
        while firstSeen.count < groupCount { firstSeen.append((morsel, firstSeen.count - groupsAtMorselStart)) }
        for (family, classes) in inputs.classes.enumerated() {
            if let classes { histograms[family].add(groups: ids, classes: classes, groupCount: groupCount) }
        }
        for (index, accumulator) in accumulators.enumerated() where !inputs.byClass[index] {
            accumulator.resize(groupCount)
            try accumulator.update(groups: ids, argument: inputs.arguments[index], filtered: inputs.filtered[index])
        }
    }

    /// Adds the class histograms into their calls' counts (before a merge or the result).
    private func foldHistograms() {
        for (family, plan) in classifier.plan.families.enumerated() {
            histograms[family].fold(plan.calls, into: accumulators)
        }
    }

    /// Folds another worker's groups and states into this one.
    func merge(_ other: Aggregation) throws(QueryError) {
        foldHistograms()
        other.foldHistograms()
        let map = (0..<other.groups.count).map { groups.group(of: other.groups.keyValues(UInt32($0))) }
        // A worker that consumed nothing has the lone group of a global aggregate and no first sighting.
        for (theirs, mine) in map.enumerated() where theirs < other.firstSeen.count {
            let seen = other.firstSeen[theirs]
            if Int(mine) < firstSeen.count {
                if seen < firstSeen[Int(mine)] { firstSeen[Int(mine)] = seen }
            } else {
                firstSeen.append(seen)
            }
        }
        for (mine, theirs) in zip(accumulators, other.accumulators) {
            mine.resize(groups.count)
            try mine.merge(theirs, groupMap: map)
        }
    }

    /// The keys then the aggregates, one row per group in the order the scan first met them.
    func finish() throws(QueryError) -> Relation {
        foldHistograms()
        let count = groups.count
        accumulators.forEach { $0.resize(count) }
        var columns: [Vector] = []
        for (index, key) in keys.enumerated() {
            columns.append(Vector.from((0..<count).map { groups.keyValues(UInt32($0))[index] }, type: key.type))
        }
        for accumulator in accumulators { columns.append(try accumulator.finish()) }
        let relation = Relation(columns: columns, count: count)
        guard firstSeen.count == count else { return relation }
        let order = (0..<UInt32(count)).sorted { firstSeen[Int($0)] < firstSeen[Int($1)] }
        return order.elementsEqual(0..<UInt32(count)) ? relation : relation.rows(order)
    }
}
