/// Reads one segment file: validates its trailer and footer on open, then reads, verifies and
/// decodes column chunks on demand (only the columns a scan asks for are touched).
///
/// The file is mapped, not copied (`SegmentCache`): a reader opened with `init(path:)` checks a
/// chunk's checksum the first time the process reads that chunk of that file, and trusts it after
/// (the file is immutable); `init(checkingEveryRead:)` maps the file afresh and checks every read
/// (what `parcours verify` does).
///
/// Every fault is reported as `StorageError.corruptSegment` naming the file and, once known, the
/// column; a file from a newer format version is refused with `StorageError.newerFormat`.
public final class SegmentReader {
    public let path: String
    private let segment: MappedSegment
    private let checksEveryRead: Bool

    public init(path: String) throws(StorageError) {
        self.path = path
        segment = try SegmentCache.segment(at: path)
        checksEveryRead = false
    }

    /// A reader of a fresh mapping that checks the checksum of every chunk it reads.
    public init(checkingEveryRead path: String) throws(StorageError) {
        self.path = path
        segment = try MappedSegment(path: path)
        checksEveryRead = true
    }

    public var footer: SegmentFooter { segment.footer }

    public var rowCount: Int { footer.rowCount }

    /// Hands chunk `index`'s stored bytes to `body`, with whether their checksum must be checked,
    /// and remembers a successful check; faults name the file and the column.
    private func withChunk<R>(_ index: Int, _ body: (UnsafeRawBufferPointer, _ verify: Bool) throws(StorageFault) -> R) throws(StorageError) -> R {
        let descriptor = footer.chunks[index]
        let stored = try segment.file.slice(at: descriptor.offset, count: descriptor.storedLength)
        let verify = checksEveryRead || !segment.isVerified(index)
        do throws(StorageFault) {
            let result = try body(stored, verify)
            if verify { segment.markVerified(index) }
            return result
        } catch {
            throw .corruptSegment(file: path, column: footer.columnNames[index], detail: error.detail)
        }
    }

    /// Reads column `index`, checks its checksum, decompresses and decodes it.
    public func column(_ index: Int) throws(StorageError) -> Column {
        try withChunk(index) { stored, verify throws(StorageFault) in
            try ColumnChunkCodec.decode(stored: stored, footer.chunks[index], rowCount: footer.rowCount, verify: verify)
        }
    }

    /// Reads the values of column `index` at `rows` only (ascending), checksum checked: a scan
    /// reading few rows of a column. Equals `column(index).gathering(rows:)`.
    public func column(_ index: Int, rows: [UInt32]) throws(StorageError) -> Column {
        try withChunk(index) { stored, verify throws(StorageFault) in
            try ColumnChunkCodec.decode(stored: stored, footer.chunks[index], rowCount: footer.rowCount, rows: rows, verify: verify)
        }
    }

    /// Column `index` as runs when it is run-length encoded (nil otherwise), checksum checked; the
    /// runs are not expanded. A filter tests each run once.
    public func runs(_ index: Int) throws(StorageError) -> ColumnRuns? {
        try withChunk(index) { stored, verify throws(StorageFault) in
            try ColumnChunkCodec.decodeRuns(stored: stored, footer.chunks[index], rowCount: footer.rowCount, verify: verify)
        }
    }

    /// Reads only the validity bitmap of column `index` (nil: no null), checksum checked; the
    /// values are not decoded.
    public func validity(_ index: Int) throws(StorageError) -> ValidityBitmap? {
        guard footer.chunks[index].hasValidity else { return nil }
        return try withChunk(index) { stored, verify throws(StorageFault) in
            try ColumnChunkCodec.decodeValidity(stored: stored, footer.chunks[index], rowCount: footer.rowCount, verify: verify)
        }
    }
}

extension SegmentFooter {
    /// The footer of the mapped segment `file`, after checking its header, trailer, version,
    /// checksum and chunk bounds.
    static func read(from file: MappedFile) throws(StorageError) -> SegmentFooter {
        let path = file.path
        func corrupt(_ detail: String) -> StorageError { .corruptSegment(file: path, column: nil, detail: detail) }
        guard file.bytes.count >= SegmentFormat.headerSize + SegmentFormat.trailerSize else {
            throw corrupt("file is \(file.bytes.count) bytes, too short for a segment")
        }
        let header = try file.slice(at: 0, count: SegmentFormat.headerSize)
        let trailerBytes = try file.slice(at: file.bytes.count - SegmentFormat.trailerSize, count: SegmentFormat.trailerSize)
        guard Array(header[0..<8]) == SegmentFormat.magic else { throw corrupt("not a Parcours segment (bad magic number)") }
        let (footerLength, version, reserved, checksum, magicOK): (Int, UInt16, UInt16, UInt64, Bool) = {
            let raw = trailerBytes
            var reader = ByteReader(raw)
            let length = Int((try? reader.read(UInt32.self)) ?? 0)
            let version = (try? reader.read(UInt16.self)) ?? 0
            let reserved = (try? reader.read(UInt16.self)) ?? 0
            let checksum = (try? reader.read(UInt64.self)) ?? 0
            return (length, version, reserved, checksum, Array(raw[16..<24]) == SegmentFormat.magic)
        }()
        let headerVersion = UInt16(header[8]) | UInt16(header[9]) << 8
        for found in [version, headerVersion] where found > SegmentFormat.version && magicOK {
            throw .newerFormat(file: path, found: Int(found), supported: Int(SegmentFormat.version))
        }
        guard magicOK else { throw corrupt("trailer is damaged or the file is truncated") }
        guard version == headerVersion else { throw corrupt("header says format \(headerVersion), trailer says \(version)") }
        // Reserved bytes are written as zeros; anything else is damage (no byte goes unchecked).
        guard reserved == 0, header[10..<SegmentFormat.headerSize].allSatisfy({ $0 == 0 }) else {
            throw corrupt("reserved header or trailer bytes are not zero")
        }
        let footerStart = file.bytes.count - SegmentFormat.trailerSize - footerLength
        guard footerLength > 0, footerStart >= SegmentFormat.headerSize else { throw corrupt("footer length \(footerLength) is impossible") }
        let footerBytes = try file.slice(at: footerStart, count: footerLength)
        guard Checksum.xxh64(footerBytes) == checksum else { throw corrupt("footer checksum mismatch") }
        let footer: SegmentFooter
        do throws(StorageFault) {
            footer = try rethrowing(StorageFault.self) {
                try SegmentFooter.parse(footerBytes)
            }
        } catch {
            throw corrupt(error.detail)
        }
        for (name, chunk) in zip(footer.columnNames, footer.chunks) {
            guard chunk.offset >= SegmentFormat.headerSize, chunk.offset + chunk.storedLength <= footerStart else {
                throw StorageError.corruptSegment(file: path, column: name, detail: "chunk lies outside the data area")
            }
        }
        return footer
    }
}
