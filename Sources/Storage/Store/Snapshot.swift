/// A pinned, immutable view of a store at one committed snapshot.
///
/// Everything it lists was committed at or before `id`, and segment files are immutable and never
/// deleted while a snapshot names them, so a scan of a `Snapshot` sees the same rows however many
/// commits happen meanwhile. Reproducing last year's figures is `store.snapshot(asOf: id)`.
public struct Snapshot: Sendable {
    public let id: Int64
    public let storePath: String
    public let tables: [TableSnapshot]

    public func table(_ name: String) throws(StorageError) -> TableSnapshot {
        guard let table = tables.first(where: { $0.name == name }) else {
            throw .noSuchTable(name, available: tables.map(\.name))
        }
        return table
    }
}

/// One table as of a snapshot: its schema and live segments, with per-chunk statistics.
public struct TableSnapshot: Sendable {
    public let name: String
    public let schema: TableSchema
    public let segments: [SegmentEntry]
    let segmentsDirectory: String

    /// Live rows: what scans return.
    public var rowCount: Int { segments.reduce(0) { $0 + $1.liveRowCount } }
    /// Rows of the segment files, live or not.
    public var physicalRowCount: Int { segments.reduce(0) { $0 + $1.rowCount } }
    /// Rows no longer live (superseded by newer extractions) still held by the segment files.
    public var deletedRowCount: Int { physicalRowCount - rowCount }

    public func path(of segment: SegmentEntry) -> String {
        segmentsDirectory + "/" + segment.fileName
    }

    public func columnIndex(_ name: String) throws(StorageError) -> Int {
        guard let index = schema.index(of: name) else {
            throw .noSuchColumn(table: self.name, column: name, available: schema.columns.map(\.name))
        }
        return index
    }

    /// The segments whose statistics allow a row satisfying every predicate, decided from the
    /// catalog alone (no segment file is opened).
    public func segments(matching predicates: [ColumnPredicate]) throws(StorageError) -> [SegmentEntry] {
        var resolved: [(Int, ColumnPredicate)] = []
        for predicate in predicates { resolved.append((try columnIndex(predicate.column), predicate)) }
        return segments.filter { segment in
            segment.liveRowCount > 0 && resolved.allSatisfy { index, predicate in
                predicate.mayMatch(segment.chunks[index].statistics, rowCount: segment.rowCount)
            }
        }
    }

    /// Reads and decodes the chosen columns (schema positions) of one segment; each column holds
    /// the whole segment's rows, deleted ones included (see `segment.deleted`; `scan` skips them).
    /// Safe to call from several threads at once.
    public func read(_ segment: SegmentEntry, columns: [Int]) throws(StorageError) -> [Column] {
        try read(segment, columns: columns, validityOf: []).columns
    }

    /// Like `read(_:columns:)`, plus only the validity bitmaps (nil: no null) of `validityOf`:
    /// what a query needs of a column it only tests for NULL.
    public func read(_ segment: SegmentEntry, columns: [Int], validityOf: [Int])
        throws(StorageError) -> (columns: [Column], validity: [ValidityBitmap?]) {
        let reader = try SegmentReader(path: path(of: segment))
        guard reader.rowCount == segment.rowCount, reader.footer.chunks.count == schema.count else {
            throw .corruptSegment(file: reader.path, column: nil,
                                  detail: "footer has \(reader.rowCount) rows and \(reader.footer.chunks.count) columns; the catalog says \(segment.rowCount) and \(schema.count)")
        }
        var result: [Column] = []
        for index in columns { result.append(try reader.column(index)) }
        var bitmaps: [ValidityBitmap?] = []
        for index in validityOf { bitmaps.append(try reader.validity(index)) }
        return (result, bitmaps)
    }

    /// The chosen columns of one segment at `rows` only (ascending segment row indexes), for a
    /// query that keeps few rows after its filters: the codecs that can read single rows skip the
    /// others. Deleted rows are the caller's business (it passes live rows).
    public func read(_ segment: SegmentEntry, columns: [Int], rows: [UInt32]) throws(StorageError) -> [Column] {
        let reader = try SegmentReader(path: path(of: segment))
        guard reader.rowCount == segment.rowCount, reader.footer.chunks.count == schema.count else {
            throw .corruptSegment(file: reader.path, column: nil,
                                  detail: "footer has \(reader.rowCount) rows and \(reader.footer.chunks.count) columns; the catalog says \(segment.rowCount) and \(schema.count)")
        }
        var result: [Column] = []
        for index in columns { result.append(try reader.column(index, rows: rows)) }
        return result
    }

    /// Column `column` of a segment as runs, when it is run-length encoded there (nil otherwise).
    public func runs(_ segment: SegmentEntry, column: Int) throws(StorageError) -> ColumnRuns? {
        let reader = try SegmentReader(path: path(of: segment))
        guard reader.rowCount == segment.rowCount, reader.footer.chunks.count == schema.count else {
            throw .corruptSegment(file: reader.path, column: nil,
                                  detail: "footer has \(reader.rowCount) rows and \(reader.footer.chunks.count) columns; the catalog says \(segment.rowCount) and \(schema.count)")
        }
        return try reader.runs(column)
    }

    /// Starts a scan of `columns` over the segments that may match `predicates`, live rows only.
    /// The predicates only prune segments; rows inside a kept segment are not filtered.
    public func scan(columns: [String], pruning predicates: [ColumnPredicate] = [],
                     vectorSize: Int = TableScan.defaultVectorSize) throws(StorageError) -> TableScan {
        var indices: [Int] = []
        for name in columns { indices.append(try columnIndex(name)) }
        return TableScan(table: self, columns: indices, segments: try segments(matching: predicates), vectorSize: vectorSize)
    }
}
