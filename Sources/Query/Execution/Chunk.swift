import Storage

/// Which rows of a chunk's columns are in the chunk: a contiguous range, or an ascending list of
/// positions (what a filter leaves).
enum Selection: Sendable {
    case range(Range<Int>)
    case list([UInt32])

    var count: Int {
        switch self {
        case .range(let range): range.count
        case .list(let positions): positions.count
        }
    }

    /// Calls `body` with each selected position, in order.
    @inline(__always)
    func forEach(_ body: (Int) throws -> Void) rethrows {
        switch self {
        case .range(let range): for position in range { try body(position) }
        case .list(let positions): for position in positions { try body(Int(position)) }
        }
    }

    /// The positions as a list (a range is spelled out).
    var positions: [UInt32] {
        switch self {
        case .range(let range): range.map { UInt32($0) }
        case .list(let positions): positions
        }
    }
}

/// One column of a chunk: a stored column as the scan decoded it (a whole segment, read at the
/// selected positions), a computed dense vector, or a column the plan above never reads.
enum ChunkColumn: Sendable {
    case stored(Column, StringDictionary?)
    case vector(Vector)
    /// Only which rows are null (nil: none), for a column the plan only tests with IS NULL.
    case validity(ValidityBitmap?)
    case absent
}

/// The unit operators pass each other: up to a few thousand rows of several columns.
///
/// Invariant: every column is `.absent` or can be read at every selected position.
struct Chunk: Sendable {
    var columns: [ChunkColumn]
    var selection: Selection

    var count: Int { selection.count }

    /// A chunk of dense vectors, all rows selected.
    init(vectors: [Vector], count: Int) {
        columns = vectors.map { .vector($0) }
        selection = .range(0..<count)
    }

    init(columns: [ChunkColumn], selection: Selection) {
        self.columns = columns
        self.selection = selection
    }

    /// Column `index` as a dense vector of the selected rows.
    func vector(_ index: Int) -> Vector {
        switch columns[index] {
        case .stored(let column, let dictionary): return Gather.stored(column, dictionary: dictionary, selection)
        case .vector(let vector):
            if case .range(let range) = selection, range.lowerBound == 0, range.count == vector.count { return vector }
            return Gather.vector(vector, selection)
        case .absent, .validity: preconditionFailure("column \(index) was pruned but is read")
        }
    }

    /// Whether each selected row of column `index` is not null, as bytes (1: a value, 0: NULL);
    /// nil when the column has no null at all (the bytes may also be all ones).
    func validityBytes(_ index: Int) -> [UInt8]? {
        switch columns[index] {
        case .validity(let bitmap): return bitmap.map { Gather.gatherBits($0, selection) }
        case .stored(let column, _): return column.validity.map { Gather.gatherBits($0, selection) }
        default: return vector(index).validity
        }
    }

    /// The dense indexes (0..<count) of `kept`, a subset of this chunk's selection.
    func denseIndexes(_ kept: Selection) -> [UInt32] {
        switch (selection, kept) {
        case (.range(let range), .range(let subset)):
            return (subset.lowerBound - range.lowerBound..<subset.upperBound - range.lowerBound).map { UInt32($0) }
        case (.range(let range), .list(let positions)):
            let base = UInt32(range.lowerBound)
            return positions.map { $0 - base }
        case (.list(let all), _):
            // Both ascending: one merge walk.
            let wanted = kept.positions
            return [UInt32](unsafeUninitializedCapacity: wanted.count) { output, initialized in
                all.withUnsafeBufferPointer { all in
                    var index = 0
                    for (o, position) in wanted.enumerated() {
                        while all[index] != position { index &+= 1 }
                        output[o] = UInt32(truncatingIfNeeded: index)
                    }
                }
                initialized = wanted.count
            }
        }
    }

    /// Column `index`; NULLs when no operator above reads it (it was pruned); for a column read
    /// only for its NULLs, which rows are NULL (their values are never read: zeros stand in).
    func vectorOrNull(_ index: Int, type: SQLType) -> Vector {
        switch columns[index] {
        case .absent: return Vector.constant(.null, type: type, count: count)
        case .validity(let bitmap):
            var vector = Vector.constant(.null, type: type, count: count)
            vector.validity = bitmap.map { Gather.gatherBits($0, selection) }
            return vector
        default: return vector(index)
        }
    }
}
