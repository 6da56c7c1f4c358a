import Synchronization

extension Executor {
    /// What a worker made of a slice of the result, or the slice itself when it was too small
    /// to stand alone (the caller gathers small slices before transforming them).
    private enum Piece<Batch> {
        case ready(Batch)
        case small(Relation)
    }

    /// Runs `node` and hands its rows to `consume` in order, without materialising the whole
    /// result when its top is a scan, filter or projection: morsels (the store's segments) run
    /// in waves of `threads`, each turned into a batch by `transform(worker, rows)` on its worker;
    /// the caller consumes the wave's batches in order before the next wave starts. Slices of
    /// fewer than `batchRows / 4` rows are gathered on the caller's thread (as worker 0) into
    /// batches of about `batchRows`. Other plans are computed whole, then cut into `batchRows`.
    func stream<Batch>(_ node: PlanNode, batchRows: Int,
                       transform: (Int, Relation) throws(QueryError) -> Batch,
                       consume: (Batch) throws(QueryError) -> Void) throws(QueryError) {
        let types = node.columns.map(\.type)
        let rows = max(1, batchRows)
        var gathered: [Relation] = []
        var gatheredRows = 0
        func flushGathered() throws(QueryError) {
            guard gatheredRows > 0 else { return }
            let relation = Relation.concatenate(gathered, types: types)
            gathered = []
            gatheredRows = 0
            try consume(try transform(0, relation))
        }
        func deliver(_ pieces: [Piece<Batch>]) throws(QueryError) {
            for piece in pieces {
                switch piece {
                case .ready(let batch):
                    try flushGathered()
                    try consume(batch)
                case .small(let relation):
                    gathered.append(relation)
                    gatheredRows += relation.count
                    if gatheredRows >= rows { try flushGathered() }
                }
            }
        }
        func pieces(_ worker: Int, _ relation: Relation) throws(QueryError) -> [Piece<Batch>] {
            if relation.count == 0 { return [] }
            if relation.count < rows / 4 { return [.small(relation)] }
            var result: [Piece<Batch>] = []
            for start in stride(from: 0, to: relation.count, by: rows) {
                let slice = relation.count <= rows ? relation : relation.rows((start..<min(start + rows, relation.count)).map { UInt32($0) })
                result.append(.ready(try transform(worker, slice)))
            }
            return result
        }

        switch node.op {
        case .scan, .filter, .project:
            let pipeline = try Pipeline(node) { (source) throws(QueryError) in try run(source) }
            let morsels = pipeline.morselCount
            var first = 0
            while first < morsels {
                let wave = min(threads, morsels - first)
                let done = Mutex<[Int: [Piece<Batch>]]>([:])
                try parallel(wave) { (worker, offset) throws(QueryError) in
                    var clock = OperatorClock()
                    var parts: [Relation] = []
                    try pipeline.run(morsel: first + offset, clock: &clock) { (chunk) throws(QueryError) in
                        parts.append(Relation(columns: types.indices.map { chunk.vectorOrNull($0, type: types[$0]) }, count: chunk.count))
                    }
                    let made = try pieces(worker, Relation.concatenate(parts, types: types))
                    done.withLock { $0[offset] = UncheckedSendable(made).value; clock.publish() }
                }
                let ordered = done.withLock { all in (0..<wave).flatMap { all[$0] ?? [] } }
                try deliver(ordered)
                first += wave
            }
        default:
            let relation = try run(node)
            let slices = (relation.count + rows - 1) / rows
            var first = 0
            while first < slices {
                let wave = min(threads, slices - first)
                let done = Mutex<[Int: [Piece<Batch>]]>([:])
                try parallel(wave) { (worker, offset) throws(QueryError) in
                    let start = (first + offset) * rows
                    let slice = slices == 1 ? relation : relation.rows((start..<min(start + rows, relation.count)).map { UInt32($0) })
                    let made = [Piece<Batch>.ready(try transform(worker, slice))]
                    done.withLock { $0[offset] = UncheckedSendable(made).value }
                }
                try deliver(done.withLock { all in (0..<wave).flatMap { all[$0] ?? [] } })
                first += wave
            }
        }
        try flushGathered()
    }
}
