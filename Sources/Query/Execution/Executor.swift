import Dispatch
import Storage
import Synchronization

/// Runs a plan and returns its result. Streaming parts (scan, filter, project) run as pipelines
/// whose morsels (segments, or slices of a materialised input) are shared by `threads` workers;
/// aggregation keeps one partial state per worker and merges them; sort, join, distinct, limit and
/// union work on materialised inputs. Output order without ORDER BY is the scan order (groups:
/// the order the scan first meets them), the same whatever the number of threads.
struct Executor {
    let threads: Int
    /// Installed on every worker thread (the caller installs it on its own); nil in tests of
    /// the executor alone (standard settings, nothing counted).
    let context: QueryContext?

    init(threads: Int, context: QueryContext? = nil) {
        self.threads = max(1, threads)
        self.context = context
    }

    func run(_ node: PlanNode) throws(QueryError) -> Relation {
        let start = ContinuousClock.now
        let below = Executor.subtreeNanoseconds(node) - node.nanoseconds
        let result = try evaluate(node)
        if !isStreaming(node) {
            // This operator's own time: the wall time of the call minus what its inputs recorded.
            let elapsed = ContinuousClock.now - start
            let total = UInt64(elapsed.components.seconds) * 1_000_000_000 + UInt64(elapsed.components.attoseconds / 1_000_000_000)
            let inputs = Executor.subtreeNanoseconds(node) - node.nanoseconds - below
            node.nanoseconds += total > inputs ? total - inputs : 0
            node.rowsProduced += result.count
        }
        return result
    }

    private static func subtreeNanoseconds(_ node: PlanNode) -> UInt64 {
        node.children.reduce(node.nanoseconds) { $0 + subtreeNanoseconds($1) }
    }

    private func isStreaming(_ node: PlanNode) -> Bool {
        switch node.op {
        case .scan, .filter, .project: true
        default: false
        }
    }

    private func evaluate(_ node: PlanNode) throws(QueryError) -> Relation {
        switch node.op {
        case .scan, .filter, .project:
            let pipeline = try Pipeline(node) { (source) throws(QueryError) in try run(source) }
            return try collect(pipeline, types: node.columns.map(\.type))
        case .values(let rows):
            let columns = node.columns.indices.map { index in Vector.from(rows.map { $0[index] }, type: node.columns[index].type) }
            return Relation(columns: columns, count: rows.count)
        case .aggregate(let keys, let aggregates, nil):
            let pipeline = try Pipeline(node.child) { (source) throws(QueryError) in try run(source) }
            return try aggregate(pipeline, keys: keys, aggregates: aggregates)
        case .aggregate(let keys, let aggregates, let sets?):
            let pipeline = try Pipeline(node.child) { (source) throws(QueryError) in try run(source) }
            return try aggregate(pipeline, keys: keys, aggregates: aggregates, sets: sets)
        case .distinct:
            let keys = node.columns.indices.map { BoundExpression.column($0, node.columns[$0].type) }
            let pipeline = try Pipeline(node.child) { (source) throws(QueryError) in try run(source) }
            return try aggregate(pipeline, keys: keys, aggregates: [])
        case .sort(let keys):
            return try Sorter.sort(try run(node.child), by: keys)
        case .limit(let limit, let offset):
            let input = try run(node.child)
            let start = min(offset, input.count)
            // A limit near Int.max must not overflow the end (it means "all").
            let end = limit.map { start.addingReportingOverflow($0).overflow ? input.count : min(input.count, start + $0) } ?? input.count
            return input.rows((start..<end).map { UInt32($0) })
        case .unionAll:
            var parts: [Relation] = []
            for child in node.children { parts.append(try run(child)) }
            return Relation.concatenate(parts, types: node.columns.map(\.type))
        case .join(let kind, let leftKeys, let rightKeys):
            let left = try run(node.children[0])
            let right = try run(node.children[1])
            return try HashJoin.join(kind, left: left, right: right, leftKeys: leftKeys, rightKeys: rightKeys,
                                     types: node.columns.map(\.type))
        }
    }

    /// Runs `body(worker, morsel)` for every morsel on up to `threads` workers; the first error wins.
    func parallel(_ morsels: Int, _ body: (Int, Int) throws(QueryError) -> Void) throws(QueryError) {
        let workers = min(threads, max(1, morsels))
        let next = Atomic<Int>(0)
        let failure = Mutex<QueryError?>(nil)
        withoutActuallyEscaping(body) { body in
            // The workers only share the atomic counter, the failure slot and what `body` locks.
            let shared = UncheckedSendable(body)
            let work = { @Sendable (worker: Int) in
                while true {
                    let morsel = next.add(1, ordering: .relaxed).oldValue
                    guard morsel < morsels, failure.withLock({ $0 == nil }) else { return }
                    let result = Result { () throws(QueryError) in try shared.value(worker, morsel) }
                    if case .failure(let error) = result {
                        failure.withLock { if $0 == nil { $0 = error } }
                        return
                    }
                }
            }
            let context = UncheckedSendable(self.context)
            let run = { @Sendable (worker: Int) in
                // Each worker on a thread whose stack holds the deepest statement (see QueryThread).
                QueryThread.run { if let context = context.value { context.installed { work(worker) } } else { work(worker) } }
            }
            if workers == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: run) }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private func collect(_ pipeline: Pipeline, types: [SQLType]) throws(QueryError) -> Relation {
        let morsels = pipeline.morselCount
        let rowBytes = MemoryEstimate.rowBytes(types)
        let pieces = Mutex<[Int: [Relation]]>([:])
        try parallel(morsels) { (_, morsel) throws(QueryError) in
            var clock = OperatorClock()
            var parts: [Relation] = []
            try pipeline.run(morsel: morsel, clock: &clock) { (chunk) throws(QueryError) in
                try QueryContext.reserve(chunk.count * rowBytes, for: "a materialised intermediate result")
                parts.append(Relation(columns: types.indices.map { chunk.vectorOrNull($0, type: types[$0]) }, count: chunk.count))
            }
            pieces.withLock { $0[morsel] = parts; clock.publish() }
        }
        let ordered = pieces.withLock { all in (0..<morsels).flatMap { all[$0] ?? [] } }
        return Relation.concatenate(ordered, types: types)
    }

    private func aggregate(_ pipeline: Pipeline, keys: [BoundExpression], aggregates: [AggregateCall]) throws(QueryError) -> Relation {
        let workers = min(threads, max(1, pipeline.morselCount))
        try QueryContext.reserve(workers * Aggregation.fixedBytes(keyCount: keys.count, aggregateCount: aggregates.count), for: "GROUP BY")
        let partials = (0..<workers).map { _ in Aggregation(keys: keys, aggregates: aggregates) }
        let clocks = Mutex<[OperatorClock]>([])
        try parallel(pipeline.morselCount) { (worker, morsel) throws(QueryError) in
            var clock = OperatorClock()
            let partial = partials[worker]
            partial.beginMorsel(morsel)
            try pipeline.run(morsel: morsel, clock: &clock) { (chunk) throws(QueryError) in try partial.consume(chunk) }
            clocks.withLock { $0.append(clock) }
        }
        clocks.withLock { $0.forEach { $0.publish() } }
        for partial in partials.dropFirst() { try partials[0].merge(partial) }
        return try partials[0].finish()
    }

    /// GROUP BY GROUPING SETS: one scan; each worker feeds every chunk to one aggregation per set
    /// (arguments and FILTERs evaluated once per chunk for all of them). The result is each set's
    /// groups in set order: all keys (NULL where the set does not group them), the set index, the
    /// aggregates.
    private func aggregate(_ pipeline: Pipeline, keys: [BoundExpression], aggregates: [AggregateCall], sets: [[Int]]) throws(QueryError) -> Relation {
        let workers = min(threads, max(1, pipeline.morselCount))
        let fixed = sets.reduce(0) { $0 + Aggregation.fixedBytes(keyCount: $1.count, aggregateCount: aggregates.count) }
        try QueryContext.reserve(workers * fixed, for: "GROUP BY (\(sets.count) grouping sets)")
        let partials = (0..<workers).map { _ in sets.map { set in Aggregation(keys: set.map { keys[$0] }, aggregates: aggregates) } }
        let classifiers = (0..<workers).map { _ in FilterClassifier(FilterClassPlan(aggregates)) }
        let clocks = Mutex<[OperatorClock]>([])
        try parallel(pipeline.morselCount) { (worker, morsel) throws(QueryError) in
            var clock = OperatorClock()
            let mine = partials[worker]
            mine.forEach { $0.beginMorsel(morsel) }
            try pipeline.run(morsel: morsel, clock: &clock) { (chunk) throws(QueryError) in
                guard chunk.count > 0 else { return }
                let inputs = try Aggregation.inputs(aggregates, chunk, classifier: classifiers[worker])
                for aggregation in mine { try aggregation.consume(chunk, inputs: inputs) }
            }
            clocks.withLock { $0.append(clock) }
        }
        clocks.withLock { $0.forEach { $0.publish() } }
        var parts: [Relation] = []
        for (index, set) in sets.enumerated() {
            for partial in partials.dropFirst() { try partials[0][index].merge(partial[index]) }
            let result = try partials[0][index].finish()
            var columns: [Vector] = keys.indices.map { key in
                if let position = set.firstIndex(of: key) { return result.columns[position] }
                return Vector.from([Value](repeating: .null, count: result.count), type: keys[key].type)
            }
            columns.append(Vector(.integer([Int64](repeating: Int64(index), count: result.count))))
            columns.append(contentsOf: result.columns[set.count...])
            parts.append(Relation(columns: columns, count: result.count))
        }
        let types = keys.map(\.type) + [SQLType.integer] + aggregates.map(\.type)
        return Relation.concatenate(parts, types: types)
    }
}

/// A value handed to worker threads whose safety the caller guarantees (each worker touches its
/// own partial state; shared results go through locks).
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
