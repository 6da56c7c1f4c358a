import Storage

/// Conjuncts on one column that a run-length chunk can answer run by run: comparisons with a
/// constant, IN lists and LIKE on the column itself. Each rejects NULL, so a run that passes
/// keeps its rows minus the null ones (a null row holds its run's placeholder value).
struct RunFilter {
    let column: Int
    /// The conjuncts tested once per run.
    let byRun: BoundExpression
    /// The other conjuncts, tested on the rows that pass (nil: none).
    let rest: BoundExpression?

    init?(_ filter: BoundExpression, reading: [Int]) {
        func column(of term: BoundExpression) -> Int? {
            switch term {
            case .comparison(_, .column(let index, _), .constant), .comparison(_, .constant, .column(let index, _)),
                 .inList(.column(let index, _), _, _), .like(.column(let index, _), _, _):
                index
            default: nil
            }
        }
        let terms = filter.conjuncts
        guard let first = terms.lazy.compactMap(column(of:)).first, reading.contains(first) else { return nil }
        let byRun = terms.filter { column(of: $0) == first }
        guard let tested = BoundExpression.conjunction(byRun) else { return nil }
        self.column = first
        self.byRun = tested
        rest = BoundExpression.conjunction(terms.filter { column(of: $0) != first })
    }
}

extension ScanMorsel {
    /// Filters a segment whose `filter.column` chunk is run-length encoded: the conjuncts on it are
    /// evaluated once per run, the passing runs' live non-null rows go on to the other conjuncts.
    /// Returns false (nothing done) when the chunk is not run-length encoded.
    static func runByRuns(_ node: PlanNode, _ specification: ScanSpecification, _ filter: RunFilter, segment: SegmentEntry,
                          clock: inout OperatorClock, _ emit: (Chunk, inout OperatorClock) throws(QueryError) -> Void) throws(QueryError) -> Bool {
        // The catalog says how each chunk is encoded: no read unless it is run-length (dictionary
        // strings keep their per-entry test: their code layout is only known once read), and only
        // when the runs are long: a run costs about 3 bytes, so a payload (validity aside) over
        // 3/4 byte per row means runs of 4 rows or fewer, where testing every row is faster
        // (measured: nullable dates, whose runs are mostly single values between runs of nulls).
        let chunk = segment.chunks[filter.column]
        let validityBytes = (segment.rowCount + 63) / 64 * 8
        guard chunk.encoding == .runLength, (chunk.payloadBytes - validityBytes) * 4 <= segment.rowCount * 3 else { return false }
        let start = ContinuousClock.now
        let runs: ColumnRuns
        do {
            guard let found = try specification.table.runs(segment, column: filter.column) else { return false }
            runs = found
        } catch {
            throw .storage(error)
        }
        // The conjuncts on the runs' values: one "row" per run.
        var runColumns = [ChunkColumn](repeating: .absent, count: specification.table.schema.count)
        runColumns[filter.column] = wrap(runs.values)
        let passing = try ExpressionEvaluator.select(filter.byRun, Chunk(columns: runColumns, selection: .range(0..<runs.runCount))).positions
        var candidates = runs.rows(ofRuns: passing)
        if let validity = runs.validity { candidates.removeAll { !validity.isValid(Int($0)) } }
        if let live = segment.deleted?.liveRows(in: 0..<segment.rowCount) { candidates = sortedIntersection(candidates, live) }
        clock.add(node, since: start, rows: 0)
        guard !candidates.isEmpty else { return true }

        let live = segment.liveRowCount
        let loading = ContinuousClock.now
        if candidates.count * 4 > live {
            // Many rows pass: decode whole, keep the candidates as selections.
            let columns = try read(segment, specification, values: specification.readColumns, validity: specification.validityColumns)
            clock.add(node, since: loading, rows: 0)
            var lower = 0
            for chunkStart in stride(from: 0, to: segment.rowCount, by: Pipeline.vectorSize) {
                let chunkEnd = min(chunkStart + Pipeline.vectorSize, segment.rowCount)
                var upper = lower
                while upper < candidates.count && Int(candidates[upper]) < chunkEnd { upper += 1 }
                defer { lower = upper }
                guard upper > lower else { continue }
                try emitFiltered(Chunk(columns: columns, selection: .list(Array(candidates[lower..<upper]))), filter.rest, node, &clock, emit)
            }
            return true
        }
        // Few rows pass: decode every column at those rows only.
        let validity = try read(segment, specification, values: [], validity: specification.validityColumns)
        let dense = try gathered(validity, at: candidates, adding: specification.readColumns, segment, specification)
        clock.add(node, since: loading, rows: 0)
        for chunkStart in stride(from: 0, to: candidates.count, by: Pipeline.vectorSize) {
            let rows = chunkStart..<min(chunkStart + Pipeline.vectorSize, candidates.count)
            try emitFiltered(Chunk(columns: dense, selection: .range(rows)), filter.rest, node, &clock, emit)
        }
        return true
    }

    /// Applies the conjuncts left after the runs (if any) and passes on what remains.
    private static func emitFiltered(_ chunk: Chunk, _ rest: BoundExpression?, _ node: PlanNode, _ clock: inout OperatorClock,
                                     _ emit: (Chunk, inout OperatorClock) throws(QueryError) -> Void) throws(QueryError) {
        var chunk = chunk
        if let rest {
            let filtering = ContinuousClock.now
            chunk.selection = try ExpressionEvaluator.select(rest, chunk)
            clock.add(node, since: filtering, rows: chunk.count)
        }
        if chunk.count > 0 { try emit(chunk, &clock) }
    }

    /// The values in both ascending lists.
    private static func sortedIntersection(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(min(a.count, b.count))
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] { i += 1 } else if a[i] > b[j] { j += 1 } else { result.append(a[i]); i += 1; j += 1 }
        }
        return result
    }
}
