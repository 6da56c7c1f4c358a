import Storage

/// One segment of a scan: its live rows, filtered, cut into chunks.
///
/// A conjunct on a run-length encoded column is tested once per run (`ScanMorsel+Runs`); an
/// equality leads when it can spare decoding the other filter columns (`ScanMorsel+Leading`).
///
/// With a filter, the segment is read in two phases (late materialisation): first the columns the
/// filter reads, which decide the surviving rows; then the other columns. When few rows survive
/// (a quarter or less), those columns are decoded at the surviving rows only (`TableSnapshot.read(
/// _:columns:rows:)`: bit-packed and run-length data are read without expanding the rest) and the
/// chunks are cut from the survivors; otherwise they are decoded whole and the chunks keep their
/// selections. A segment where nothing survives never decodes its other columns.
enum ScanMorsel {
    static func run(_ node: PlanNode, _ specification: ScanSpecification, segment: SegmentEntry, clock: inout OperatorClock,
                    _ emit: (Chunk, inout OperatorClock) throws(QueryError) -> Void) throws(QueryError) {
        let fastPaths = ExecutionSettings.current.fastPaths
        if fastPaths, let filter = specification.filter, let byRuns = RunFilter(filter, reading: specification.readColumns),
           try runByRuns(node, specification, byRuns, segment: segment, clock: &clock, emit) {
            return
        }
        if fastPaths, let filter = specification.filter, let split = LeadingFilter(filter, reading: specification.readColumns) {
            try runLeading(node, specification, split, segment: segment, clock: &clock, emit)
            return
        }
        // The filter's columns first: decoded when it reads their values, only their validity when
        // it tests them for NULL and nothing else (the values, if the query needs them, come with
        // the other columns, at the surviving rows when few survive).
        let uses = specification.filter?.columnUses ?? (values: [], nullTests: [])
        let filterColumns = uses.values.intersection(specification.readColumns)
        let nullTested = uses.nullTests.subtracting(uses.values).intersection(specification.readColumns)
        let late = specification.readColumns.filter { !filterColumns.contains($0) }
        let start = ContinuousClock.now
        var columns = try read(segment, specification, values: specification.filter == nil ? specification.readColumns : filterColumns.sorted(),
                               validity: specification.validityColumns + nullTested.sorted())
        clock.add(node, since: start, rows: 0)

        // Phase 1: the live rows of each chunk, filtered.
        let filtering = ContinuousClock.now
        var selections: [Selection] = []
        var survivors = 0, live = 0
        var position = 0
        while position < segment.rowCount {
            let end = min(position + Pipeline.vectorSize, segment.rowCount)
            defer { position = end }
            var chunk: Chunk
            if let rows = segment.deleted?.liveRows(in: position..<end) {
                if rows.isEmpty { continue }
                chunk = Chunk(columns: columns, selection: .list(rows))
            } else {
                chunk = Chunk(columns: columns, selection: .range(position..<end))
            }
            live += chunk.count
            if let filter = specification.filter { chunk.selection = try ExpressionEvaluator.select(filter, chunk) }
            if chunk.count > 0 {
                selections.append(chunk.selection)
                survivors += chunk.count
            }
        }
        clock.add(node, since: filtering, rows: survivors)
        guard survivors > 0 else { return }

        // Phase 2: the other columns, then the chunks.
        if specification.filter == nil || late.isEmpty || survivors * 4 > live {
            if specification.filter != nil, !late.isEmpty {
                let began = ContinuousClock.now
                let rest = try read(segment, specification, values: late, validity: [])
                for index in late { columns[index] = rest[index] }
                clock.add(node, since: began, rows: 0)
            }
            for selection in selections { try emit(Chunk(columns: columns, selection: selection), &clock) }
            return
        }
        let began = ContinuousClock.now
        let rows = selections.flatMap(\.positions)
        let dense = try gathered(columns, at: rows, adding: late, segment, specification)
        clock.add(node, since: began, rows: 0)
        try emitDense(dense, count: rows.count, &clock, emit)
    }

    /// `columns` (decoded whole) gathered at `rows`, plus `adding` decoded at those rows only: the
    /// chunk columns of a segment's survivors, dense (row i of each is `rows[i]`).
    static func gathered(_ columns: [ChunkColumn], at rows: [UInt32], adding: [Int], _ segment: SegmentEntry,
                                 _ specification: ScanSpecification) throws(QueryError) -> [ChunkColumn] {
        let sparse: [Column]
        do {
            sparse = try specification.table.read(segment, columns: adding, rows: rows)
        } catch {
            throw .storage(error)
        }
        var dense = [ChunkColumn](repeating: .absent, count: columns.count)
        for (index, column) in columns.enumerated() {
            switch column {
            case .stored(let stored, _): dense[index] = wrap(stored.gathering(rows: rows))
            case .validity(let bitmap): dense[index] = .validity(bitmap?.gathering(rows: rows))
            default: break
            }
        }
        for (index, column) in zip(adding, sparse) { dense[index] = wrap(column) }
        return dense
    }

    static func emitDense(_ dense: [ChunkColumn], count: Int, _ clock: inout OperatorClock,
                                  _ emit: (Chunk, inout OperatorClock) throws(QueryError) -> Void) throws(QueryError) {
        for chunkStart in stride(from: 0, to: count, by: Pipeline.vectorSize) {
            try emit(Chunk(columns: dense, selection: .range(chunkStart..<min(chunkStart + Pipeline.vectorSize, count))), &clock)
        }
    }

    /// Reads `values` (decoded) and `validity` (bitmaps only) of a segment; `.absent` elsewhere.
    static func read(_ segment: SegmentEntry, _ specification: ScanSpecification, values: [Int], validity: [Int]) throws(QueryError) -> [ChunkColumn] {
        let decoded: (columns: [Column], validity: [ValidityBitmap?])
        do {
            decoded = try specification.table.read(segment, columns: values, validityOf: validity)
        } catch {
            throw .storage(error)
        }
        var columns = [ChunkColumn](repeating: .absent, count: specification.table.schema.count)
        for (index, bitmap) in zip(validity, decoded.validity) { columns[index] = .validity(bitmap) }
        for (index, column) in zip(values, decoded.columns) { columns[index] = wrap(column) }
        return columns
    }

    /// A decoded column as a chunk column (its dictionary shared by every chunk cut from it).
    static func wrap(_ column: Column) -> ChunkColumn {
        if case .dictionaryString(let strings) = column.values {
            return .stored(column, StringDictionary(strings.dictionary, isSortedAndDistinct: strings.isSortedAndDistinct))
        }
        return .stored(column, nil)
    }
}
