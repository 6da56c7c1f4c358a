import Storage
import Support

/// A streaming run of a plan: a source (a table scan or a materialised relation) cut into
/// morsels, then filters and projections applied chunk by chunk. Morsels run in parallel, each on
/// one worker; a sink per worker consumes the chunks (collecting rows in morsel order, or
/// aggregating).
struct Pipeline {
    enum Source {
        case scan(PlanNode)
        case relation(Relation)
    }

    enum Step {
        case filter(BoundExpression, PlanNode)
        case project([BoundExpression], PlanNode)
    }

    let source: Source
    let steps: [Step]

    /// Splits `node` into its source and the streaming steps above it (filters and projections).
    init(_ node: PlanNode, materialise: (PlanNode) throws(QueryError) -> Relation) throws(QueryError) {
        var steps: [Step] = []
        var current = node
        while true {
            switch current.op {
            case .filter(let condition): steps.append(.filter(condition, current))
            case .project(let expressions): steps.append(.project(expressions, current))
            default:
                self.steps = steps.reversed()
                if case .scan = current.op {
                    source = .scan(current)
                } else {
                    source = .relation(try materialise(current))
                }
                return
            }
            current = current.child
        }
    }

    /// How many independent pieces of work the source splits into.
    var morselCount: Int {
        switch source {
        case .scan(let node):
            guard case .scan(let specification) = node.op else { return 0 }
            return specification.keptSegments.count
        case .relation(let relation):
            return (relation.count + Pipeline.relationMorsel - 1) / Pipeline.relationMorsel
        }
    }

    /// Rows per chunk: the running query's setting (see `ExecutionSettings.vectorSize`).
    static var vectorSize: Int { ExecutionSettings.current.vectorSize }

    static var relationMorsel: Int { 4 * Pipeline.vectorSize }

    /// Runs morsel `index`, handing each non-empty chunk that leaves the last step to `sink`.
    /// `clock` accumulates time and rows per plan node for EXPLAIN ANALYZE.
    func run(morsel index: Int, clock: inout OperatorClock, _ sink: (Chunk) throws(QueryError) -> Void) throws(QueryError) {
        switch source {
        case .scan(let node):
            guard case .scan(let specification) = node.op else { return }
            try ScanMorsel.run(node, specification, segment: specification.keptSegments[index], clock: &clock) {
                (chunk, clock) throws(QueryError) in try apply(chunk, clock: &clock, sink)
            }
        case .relation(let relation):
            let start = index * Pipeline.relationMorsel
            let end = min(start + Pipeline.relationMorsel, relation.count)
            let columns = relation.columns.map { ChunkColumn.vector($0) }
            for chunkStart in stride(from: start, to: end, by: Pipeline.vectorSize) {
                let chunk = Chunk(columns: columns, selection: .range(chunkStart..<min(chunkStart + Pipeline.vectorSize, end)))
                try apply(chunk, clock: &clock, sink)
            }
        }
    }

    private func apply(_ input: Chunk, clock: inout OperatorClock, _ sink: (Chunk) throws(QueryError) -> Void) throws(QueryError) {
        Failpoint.pause("query.chunk") { QueryContext.isCancelled }
        try QueryContext.checkCancelled()
        var chunk = input
        for step in steps {
            let start = ContinuousClock.now
            switch step {
            case .filter(let condition, let node):
                chunk.selection = try ExpressionEvaluator.select(condition, chunk)
                clock.add(node, since: start, rows: chunk.count)
            case .project(let expressions, let node):
                var vectors: [Vector] = []
                vectors.reserveCapacity(expressions.count)
                for expression in expressions {
                    // A column passed through that the scan read only for its NULLs (or not at
                    // all) has no values to evaluate: it goes on as NULLs with its validity.
                    if case .column(let index, let type) = expression, index < chunk.columns.count {
                        switch chunk.columns[index] {
                        case .absent, .validity:
                            vectors.append(chunk.vectorOrNull(index, type: type))
                            continue
                        default: break
                        }
                    }
                    vectors.append(try ExpressionEvaluator.evaluate(expression, chunk))
                }
                chunk = Chunk(vectors: vectors, count: chunk.count)
                clock.add(node, since: start, rows: chunk.count)
            }
            if chunk.count == 0 { return }
        }
        try sink(chunk)
    }
}

/// Time and rows per plan node, accumulated by one worker and added to the nodes at the end
/// (under a lock: plan nodes are shared by the workers but written only there).
struct OperatorClock: @unchecked Sendable {
    private var entries: [ObjectIdentifier: (node: PlanNode, nanoseconds: UInt64, rows: Int)] = [:]

    mutating func add(_ node: PlanNode, since start: ContinuousClock.Instant, rows: Int) {
        let elapsed = ContinuousClock.now - start
        let nanoseconds = UInt64(elapsed.components.seconds) * 1_000_000_000 + UInt64(elapsed.components.attoseconds / 1_000_000_000)
        let key = ObjectIdentifier(node)
        let previous = entries[key] ?? (node, 0, 0)
        entries[key] = (node, previous.nanoseconds + nanoseconds, previous.rows + rows)
    }

    /// Adds the accumulated figures to the nodes (call once per worker, under a lock).
    func publish() {
        for entry in entries.values {
            entry.node.nanoseconds += entry.nanoseconds
            entry.node.rowsProduced += entry.rows
        }
    }
}
