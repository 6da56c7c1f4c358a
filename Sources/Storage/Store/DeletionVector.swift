/// The rows of one segment that are no longer live (superseded by a newer extraction, or deleted).
///
/// Segments are immutable, so a deletion is recorded beside them, in the catalog, in the same
/// transaction as the change that causes it: a deletion vector is committed atomically with the
/// rows that replace the deleted ones (Delta Lake and Iceberg v3 do the same with files).
/// Each commit records only the rows it deletes; the deletions visible at snapshot S are the union
/// of the vectors committed at or before S, so older snapshots still see the rows.
///
/// Invariants: `rows` is sorted ascending, without duplicates, every index < `segmentRowCount`.
public struct DeletionVector: Sendable, Equatable {
    public private(set) var rows: [UInt32]
    public let segmentRowCount: Int

    public init(rows: [UInt32], segmentRowCount: Int) throws(StorageError) {
        var sorted = rows
        sorted.sort()
        for index in sorted.indices {
            guard Int(sorted[index]) < segmentRowCount else {
                throw .invalidBatch("deleted row \(sorted[index]) is outside a segment of \(segmentRowCount) rows")
            }
            guard index == 0 || sorted[index - 1] != sorted[index] else {
                throw .invalidBatch("row \(sorted[index]) is deleted twice in one change")
            }
        }
        self.rows = sorted
        self.segmentRowCount = segmentRowCount
    }

    public static func empty(segmentRowCount: Int) -> DeletionVector {
        DeletionVector(sortedRows: [], segmentRowCount: segmentRowCount)
    }

    private init(sortedRows: [UInt32], segmentRowCount: Int) {
        rows = sortedRows
        self.segmentRowCount = segmentRowCount
    }

    public var count: Int { rows.count }
    public var isEmpty: Bool { rows.isEmpty }

    public func contains(_ row: Int) -> Bool {
        var low = 0, high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if Int(rows[middle]) < row { low = middle + 1 } else { high = middle }
        }
        return low < rows.count && Int(rows[low]) == row
    }

    /// Both sets of deleted rows (a row deleted by both appears once).
    public func union(_ other: DeletionVector) -> DeletionVector {
        precondition(other.segmentRowCount == segmentRowCount, "deletion vectors of different segments")
        var merged: [UInt32] = []
        merged.reserveCapacity(rows.count + other.rows.count)
        var left = 0, right = 0
        while left < rows.count || right < other.rows.count {
            let next: UInt32
            if right == other.rows.count || (left < rows.count && rows[left] <= other.rows[right]) {
                next = rows[left]
                left += 1
            } else {
                next = other.rows[right]
                right += 1
            }
            if merged.last != next { merged.append(next) }
        }
        return DeletionVector(sortedRows: merged, segmentRowCount: segmentRowCount)
    }

    /// The live rows of `range` (segment row indexes, ascending), or nil when all of them are live.
    public func liveRows(in range: Range<Int>) -> [UInt32]? {
        var first = 0, high = rows.count
        while first < high {
            let middle = (first + high) / 2
            if Int(rows[middle]) < range.lowerBound { first = middle + 1 } else { high = middle }
        }
        guard first < rows.count, Int(rows[first]) < range.upperBound else { return nil }
        var live: [UInt32] = []
        live.reserveCapacity(range.count)
        var next = first
        for row in range {
            if next < rows.count && Int(rows[next]) == row { next += 1 } else { live.append(UInt32(row)) }
        }
        return live
    }

    // MARK: Serialisation (the catalog's `deletions.rows` blob)

    /// Format 0: the row indexes as little-endian UInt32s; format 1: a bitmap of `segmentRowCount`
    /// bits, least significant first. The smaller of the two is written.
    var serialized: [UInt8] {
        var writer = ByteWriter()
        let bitmapBytes = (segmentRowCount + 7) / 8
        if rows.count * 4 <= bitmapBytes {
            writer.write(UInt8(0))
            for row in rows { writer.write(row) }
        } else {
            writer.write(UInt8(1))
            var bitmap = [UInt8](repeating: 0, count: bitmapBytes)
            for row in rows { bitmap[Int(row) >> 3] |= 1 << (row & 7) }
            writer.write(bytes: bitmap)
        }
        return writer.bytes
    }

    init(serialized bytes: [UInt8], segmentRowCount: Int) throws(StorageError) {
        guard let format = bytes.first else { throw .catalog(message: "empty deletion vector", sql: nil) }
        let body = bytes.dropFirst()
        var rows: [UInt32] = []
        switch format {
        case 0:
            guard body.count % 4 == 0 else { throw .catalog(message: "deletion vector of \(body.count) bytes is not a list of rows", sql: nil) }
            var index = body.startIndex
            while index < body.endIndex {
                rows.append(UInt32(body[index]) | UInt32(body[index + 1]) << 8 | UInt32(body[index + 2]) << 16 | UInt32(body[index + 3]) << 24)
                index += 4
            }
        case 1:
            guard body.count == (segmentRowCount + 7) / 8 else {
                throw .catalog(message: "deletion bitmap of \(body.count) bytes for a segment of \(segmentRowCount) rows", sql: nil)
            }
            for (offset, byte) in body.enumerated() where byte != 0 {
                for bit in 0..<8 where byte & (1 << bit) != 0 { rows.append(UInt32(offset * 8 + bit)) }
            }
        default:
            throw .catalog(message: "unknown deletion vector format \(format)", sql: nil)
        }
        do throws(StorageError) {
            try self.init(rows: rows, segmentRowCount: segmentRowCount)
        } catch {
            throw .catalog(message: "invalid deletion vector: \(error)", sql: nil)
        }
    }
}
