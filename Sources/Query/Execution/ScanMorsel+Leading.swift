import Storage

/// A filter with an equality on one column (`department = '69' AND code = 'X'`): the scan decodes
/// that column alone, applies its conjuncts, and when few rows survive decodes the columns of the
/// other conjuncts at the survivors only — a selective first test spares decoding the rest.
struct LeadingFilter {
    /// The column the leading conjuncts read, and those conjuncts.
    let column: Int
    let leading: BoundExpression
    /// The other conjuncts, and the scan columns they read besides `column`.
    let rest: BoundExpression
    let restColumns: [Int]

    /// nil when the filter has no single-column conjunct, or nothing else to spare.
    init?(_ filter: BoundExpression, reading: [Int]) {
        let terms = filter.conjuncts
        // Only an equality (or IN list) leads: it is the test likely to keep few rows; ranges and
        // flags are better left to the fused kernels of the whole conjunction.
        func isEquality(_ term: BoundExpression) -> Bool {
            switch term {
            case .comparison(.equal, .column, .constant), .comparison(.equal, .constant, .column), .inList(.column, _, negated: false): true
            default: false
            }
        }
        guard terms.count >= 2,
              let first = terms.first(where: isEquality)?.referencedColumns.first,
              reading.contains(first) else { return nil }
        let leadingTerms = terms.filter { $0.referencedColumns == [first] }
        let restTerms = terms.filter { $0.referencedColumns != [first] }
        let others = Set(restTerms.flatMap(\.referencedColumns)).subtracting([first]).intersection(reading)
        guard let leading = BoundExpression.conjunction(leadingTerms), let rest = BoundExpression.conjunction(restTerms),
              !others.isEmpty else { return nil }
        column = first
        self.leading = leading
        self.rest = rest
        restColumns = others.sorted()
    }
}

extension ScanMorsel {
    static func runLeading(_ node: PlanNode, _ specification: ScanSpecification, _ filter: LeadingFilter, segment: SegmentEntry,
                           clock: inout OperatorClock, _ emit: (Chunk, inout OperatorClock) throws(QueryError) -> Void) throws(QueryError) {
        let start = ContinuousClock.now
        var columns = try read(segment, specification, values: [filter.column], validity: specification.validityColumns)
        clock.add(node, since: start, rows: 0)

        // The leading conjuncts, over the live rows.
        let filtering = ContinuousClock.now
        var rows: [UInt32] = [], selections: [Selection] = []
        var live = 0
        var position = 0
        while position < segment.rowCount {
            let end = min(position + Pipeline.vectorSize, segment.rowCount)
            defer { position = end }
            var chunk = Chunk(columns: columns, selection: .range(position..<end))
            if let live = segment.deleted?.liveRows(in: position..<end) {
                if live.isEmpty { continue }
                chunk.selection = .list(live)
            }
            live += chunk.count
            chunk.selection = try ExpressionEvaluator.select(filter.leading, chunk)
            if chunk.count > 0 { selections.append(chunk.selection) }
        }
        for selection in selections { rows.append(contentsOf: selection.positions) }
        clock.add(node, since: filtering, rows: 0)
        guard !rows.isEmpty else { return }
        let late = specification.readColumns.filter { $0 != filter.column && !filter.restColumns.contains($0) }

        if rows.count * 4 > live {
            // Many survive: decode the rest whole, finish filtering with the selections.
            let began = ContinuousClock.now
            let others = try read(segment, specification, values: filter.restColumns + late, validity: [])
            for index in filter.restColumns + late { columns[index] = others[index] }
            clock.add(node, since: began, rows: 0)
            for selection in selections {
                var chunk = Chunk(columns: columns, selection: selection)
                let kept = ContinuousClock.now
                chunk.selection = try ExpressionEvaluator.select(filter.rest, chunk)
                clock.add(node, since: kept, rows: chunk.count)
                if chunk.count > 0 { try emit(chunk, &clock) }
            }
            return
        }

        // Few survive: the other filter columns at the survivors only, then the rest of the filter.
        let began = ContinuousClock.now
        let candidates = try gathered(columns, at: rows, adding: filter.restColumns, segment, specification)
        var kept: [UInt32] = []
        for chunkStart in stride(from: 0, to: rows.count, by: Pipeline.vectorSize) {
            let chunk = Chunk(columns: candidates, selection: .range(chunkStart..<min(chunkStart + Pipeline.vectorSize, rows.count)))
            kept.append(contentsOf: try ExpressionEvaluator.select(filter.rest, chunk).positions)
        }
        clock.add(node, since: began, rows: kept.count)
        guard !kept.isEmpty else { return }
        let survivors = kept.map { rows[Int($0)] }
        let loaded = ContinuousClock.now
        var dense = try gathered(candidates, at: kept, adding: [], segment, specification)
        if !late.isEmpty {
            let sparse: [Column]
            do {
                sparse = try specification.table.read(segment, columns: late, rows: survivors)
            } catch {
                throw .storage(error)
            }
            for (index, column) in zip(late, sparse) { dense[index] = wrap(column) }
        }
        clock.add(node, since: loaded, rows: 0)
        try emitDense(dense, count: survivors.count, &clock, emit)
    }
}
