/// A run of consecutive rows of one segment, as vectors of the scanned columns.
///
/// Each `Column` in `columns` holds the whole decoded segment (shared, not copied); this batch
/// covers `rows` of it. Strings come as `.dictionaryString` so filters can test codes.
public struct ScanBatch: Sendable {
    public let segmentID: Int64
    public let rows: Range<Int>
    public let columns: [Column]
    public var count: Int { rows.count }
}

/// Iterates the chosen columns of a table snapshot, segment by segment, in vectors of a few
/// thousand rows. Only the segments kept by pruning are opened (`segmentsOpened` counts them).
public struct TableScan {
    /// DuckDB's vector size: large enough to amortise per-batch work, small enough for L1/L2.
    public static let defaultVectorSize = 2048

    public let table: TableSnapshot
    public let columns: [Int]
    public let segments: [SegmentEntry]
    public let vectorSize: Int
    public private(set) var segmentsOpened = 0
    private var segmentIndex = 0
    private var current: (segment: SegmentEntry, columns: [Column])?
    private var position = 0

    init(table: TableSnapshot, columns: [Int], segments: [SegmentEntry], vectorSize: Int) {
        precondition(vectorSize > 0, "vector size must be positive")
        self.table = table
        self.columns = columns
        self.segments = segments
        self.vectorSize = vectorSize
    }

    /// The next vector of rows, or nil at the end of the table.
    public mutating func next() throws(StorageError) -> ScanBatch? {
        while true {
            if let current, position < current.segment.rowCount {
                let end = min(position + vectorSize, current.segment.rowCount)
                defer { position = end }
                return ScanBatch(segmentID: current.segment.id, rows: position..<end, columns: current.columns)
            }
            guard segmentIndex < segments.count else { return nil }
            let segment = segments[segmentIndex]
            segmentIndex += 1
            segmentsOpened += 1
            current = (segment, try table.read(segment, columns: columns))
            position = 0
        }
    }
}
