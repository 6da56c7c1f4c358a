/// A run of consecutive rows of one segment, as vectors of the scanned columns.
///
/// Each `Column` in `columns` holds the whole decoded segment (shared, not copied); this batch
/// covers the live rows of `rows`: all of them when `selection` is nil, else exactly the segment
/// row indexes `selection` lists (ascending; rows of the range deleted by a newer extraction are
/// left out). Strings come as `.dictionaryString` so filters can test codes.
public struct ScanBatch: Sendable {
    public let segmentID: Int64
    public let rows: Range<Int>
    public let selection: [UInt32]?
    public let columns: [Column]
    /// Live rows in the batch.
    public var count: Int { selection?.count ?? rows.count }

    /// Calls `body` with each live row's index into `columns`, in order.
    @inline(__always)
    public func forEachRow(_ body: (Int) throws -> Void) rethrows {
        if let selection {
            for row in selection { try body(Int(row)) }
        } else {
            for row in rows { try body(row) }
        }
    }
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
                let selection = current.segment.deleted?.liveRows(in: position..<end)
                if let selection, selection.isEmpty { continue }
                return ScanBatch(segmentID: current.segment.id, rows: position..<end, selection: selection,
                                 columns: current.columns)
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
