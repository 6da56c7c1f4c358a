/// Reads one segment file: validates its trailer and footer on open, then reads, verifies and
/// decodes column chunks on demand (only the columns a scan asks for are read from disk).
///
/// Every fault is reported as `StorageError.corruptSegment` naming the file and, once known, the
/// column; a file from a newer format version is refused with `StorageError.newerFormat`.
public final class SegmentReader {
    public let path: String
    public let footer: SegmentFooter
    private let file: ReadOnlyFile

    public init(path: String) throws(StorageError) {
        self.path = path
        file = try ReadOnlyFile(path)
        footer = try SegmentReader.readFooter(file)
    }

    public var rowCount: Int { footer.rowCount }

    private static func readFooter(_ file: ReadOnlyFile) throws(StorageError) -> SegmentFooter {
        let path = file.path
        func corrupt(_ detail: String) -> StorageError { .corruptSegment(file: path, column: nil, detail: detail) }
        guard file.size >= SegmentFormat.headerSize + SegmentFormat.trailerSize else {
            throw corrupt("file is \(file.size) bytes, too short for a segment")
        }
        let header = try file.read(at: 0, count: SegmentFormat.headerSize)
        let trailerBytes = try file.read(at: file.size - SegmentFormat.trailerSize, count: SegmentFormat.trailerSize)
        guard Array(header[0..<8]) == SegmentFormat.magic else { throw corrupt("not a Parcours segment (bad magic number)") }
        let (footerLength, version, reserved, checksum, magicOK): (Int, UInt16, UInt16, UInt64, Bool) = trailerBytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw)
            let length = Int((try? reader.read(UInt32.self)) ?? 0)
            let version = (try? reader.read(UInt16.self)) ?? 0
            let reserved = (try? reader.read(UInt16.self)) ?? 0
            let checksum = (try? reader.read(UInt64.self)) ?? 0
            return (length, version, reserved, checksum, Array(raw[16..<24]) == SegmentFormat.magic)
        }
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
        let footerStart = file.size - SegmentFormat.trailerSize - footerLength
        guard footerLength > 0, footerStart >= SegmentFormat.headerSize else { throw corrupt("footer length \(footerLength) is impossible") }
        let footerBytes = try file.read(at: footerStart, count: footerLength)
        guard Checksum.xxh64(footerBytes) == checksum else { throw corrupt("footer checksum mismatch") }
        let footer: SegmentFooter
        do throws(StorageFault) {
            footer = try rethrowing(StorageFault.self) {
                try footerBytes.withUnsafeBytes { raw in try SegmentFooter.parse(raw) }
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

    /// Reads column `index`, checks its checksum, decompresses and decodes it.
    public func column(_ index: Int) throws(StorageError) -> Column {
        let descriptor = footer.chunks[index]
        let name = footer.columnNames[index]
        let stored = try file.read(at: descriptor.offset, count: descriptor.storedLength)
        do throws(StorageFault) {
            return try ColumnChunkCodec.decode(stored: stored, descriptor, rowCount: footer.rowCount)
        } catch {
            throw .corruptSegment(file: path, column: name, detail: error.detail)
        }
    }

    /// Reads the values of column `index` at `rows` only (ascending), checksum checked: a scan
    /// reading few rows of a column. Equals `column(index).gathering(rows:)`.
    public func column(_ index: Int, rows: [UInt32]) throws(StorageError) -> Column {
        let descriptor = footer.chunks[index]
        let stored = try file.read(at: descriptor.offset, count: descriptor.storedLength)
        do throws(StorageFault) {
            return try ColumnChunkCodec.decode(stored: stored, descriptor, rowCount: footer.rowCount, rows: rows)
        } catch {
            throw .corruptSegment(file: path, column: footer.columnNames[index], detail: error.detail)
        }
    }

    /// Column `index` as runs when it is run-length encoded (nil otherwise), checksum checked; the
    /// runs are not expanded. A filter tests each run once.
    public func runs(_ index: Int) throws(StorageError) -> ColumnRuns? {
        let descriptor = footer.chunks[index]
        let stored = try file.read(at: descriptor.offset, count: descriptor.storedLength)
        do throws(StorageFault) {
            return try ColumnChunkCodec.decodeRuns(stored: stored, descriptor, rowCount: footer.rowCount)
        } catch {
            throw .corruptSegment(file: path, column: footer.columnNames[index], detail: error.detail)
        }
    }

    /// Reads only the validity bitmap of column `index` (nil: no null), checksum checked; the
    /// values are not decoded.
    public func validity(_ index: Int) throws(StorageError) -> ValidityBitmap? {
        let descriptor = footer.chunks[index]
        guard descriptor.hasValidity else { return nil }
        let stored = try file.read(at: descriptor.offset, count: descriptor.storedLength)
        do throws(StorageFault) {
            return try ColumnChunkCodec.decodeValidity(stored: stored, descriptor, rowCount: footer.rowCount)
        } catch {
            throw .corruptSegment(file: path, column: footer.columnNames[index], detail: error.detail)
        }
    }
}
