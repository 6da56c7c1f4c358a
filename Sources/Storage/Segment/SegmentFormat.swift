/// Constants of the segment file layout (see docs/FORMAT.md).
///
/// ```
/// header   magic "PRCRSSEG" · format version UInt16 · 6 reserved bytes        (16 bytes)
/// chunks   one per column, back to back, each located by the footer
/// footer   row count · columns (name, type, encoding, offsets, checksum, statistics)
/// trailer  footer length UInt32 · format version UInt16 · reserved UInt16 ·
///          footer XXH64 UInt64 · magic "PRCRSSEG"                             (24 bytes)
/// ```
/// A reader starts from the trailer, so a truncated file is detected before anything is trusted.
enum SegmentFormat {
    static let magic: [UInt8] = Array("PRCRSSEG".utf8)
    /// Version written by this binary; readers accept any version up to it. 2: chunks may be
    /// valid-only (`EncodingKind.validOnly`, which a version-1 reader does not know). 3: dictionary
    /// codes may be stored for the valid rows only (`CodeStream`'s valid-only layout).
    static let version: UInt16 = 3
    static let headerSize = 16
    static let trailerSize = 24
    static let fileExtension = "seg"
    static let unknownDistinct = UInt32.max

    /// Whether `name` is one a commit writes: `HEX-N.seg`, or the same with `.tmp` while it is
    /// being written (the only files a sweep may remove).
    static func isCommitFileName(_ name: String) -> Bool {
        var base = Substring(name)
        if base.hasSuffix(".tmp") { base = base.dropLast(4) }
        guard base.hasSuffix("." + fileExtension) else { return false }
        let parts = base.dropLast(fileExtension.count + 1).split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && parts[0].allSatisfy(\.isHexDigit) && parts[1].allSatisfy { $0.isASCII && $0.isNumber }
    }
}

/// The decoded footer of a segment file: its row count and each column's chunk descriptor.
public struct SegmentFooter: Sendable, Equatable {
    public var rowCount: Int
    public var columnNames: [String]
    public var chunks: [ChunkDescriptor]

    func serialized() -> [UInt8] {
        var writer = ByteWriter()
        writer.write(UInt32(rowCount))
        writer.write(UInt16(chunks.count))
        for (name, chunk) in zip(columnNames, chunks) {
            writer.write(string: name)
            writer.write(chunk.type.rawValue)
            writer.write(chunk.encoding.rawValue)
            writer.write(chunk.compression.rawValue)
            writer.write(UInt8(chunk.hasValidity ? 1 : 0))
            writer.write(UInt64(chunk.offset))
            writer.write(UInt32(chunk.storedLength))
            writer.write(UInt32(chunk.payloadLength))
            writer.write(UInt32(chunk.rawLength))
            writer.write(chunk.checksum)
            let stats = chunk.statistics
            writer.write(UInt32(stats.nullCount))
            writer.write(stats.distinctCount.map(UInt32.init) ?? SegmentFormat.unknownDistinct)
            writer.write(UInt8((stats.min == nil ? 0 : 1) | (stats.max == nil ? 0 : 2)))
            for bound in [stats.min, stats.max] {
                switch bound {
                case nil: break
                case .integer(let v): writer.write(v)
                case .real(let v): writer.write(v)
                case .text(let v): writer.write(string: v)
                }
            }
        }
        return writer.bytes
    }

    static func parse(_ bytes: UnsafeRawBufferPointer) throws -> SegmentFooter {
        do {
            var reader = ByteReader(bytes)
            let rowCount = Int(try reader.read(UInt32.self))
            let columnCount = Int(try reader.read(UInt16.self))
            var names: [String] = [], chunks: [ChunkDescriptor] = []
            for _ in 0..<columnCount {
                names.append(try reader.readString())
                guard let type = ColumnType(rawValue: try reader.read(UInt8.self)),
                      let encoding = EncodingKind(rawValue: try reader.read(UInt8.self)),
                      let compression = ChunkCompression(rawValue: try reader.read(UInt8.self))
                else { throw StorageFault("unknown type, encoding or compression code in the footer") }
                let flags = try reader.read(UInt8.self)
                let offset = Int(try reader.read(UInt64.self))
                let stored = Int(try reader.read(UInt32.self))
                let payload = Int(try reader.read(UInt32.self))
                let raw = Int(try reader.read(UInt32.self))
                let checksum = try reader.read(UInt64.self)
                let nullCount = Int(try reader.read(UInt32.self))
                let distinct = try reader.read(UInt32.self)
                let bounds = try reader.read(UInt8.self)
                var values: [StatisticValue?] = []
                for bit: UInt8 in [1, 2] {
                    guard bounds & bit != 0 else { values.append(nil); continue }
                    switch type {
                    case .string: values.append(.text(try reader.readString()))
                    case .float64: values.append(.real(try reader.readDouble()))
                    default: values.append(.integer(try reader.read(Int64.self)))
                    }
                }
                let statistics = ColumnStatistics(
                    min: values[0], max: values[1], nullCount: nullCount,
                    distinctCount: distinct == SegmentFormat.unknownDistinct ? nil : Int(distinct))
                chunks.append(ChunkDescriptor(
                    type: type, encoding: encoding, compression: compression, hasValidity: flags & 1 != 0,
                    offset: offset, storedLength: stored, payloadLength: payload, rawLength: raw, checksum: checksum,
                    statistics: statistics))
            }
            guard reader.remaining == 0 else { throw StorageFault("\(reader.remaining) unexpected bytes after the footer") }
            return SegmentFooter(rowCount: rowCount, columnNames: names, chunks: chunks)
        } catch let fault as StorageFault {
            throw fault
        } catch {
            throw StorageFault("footer is truncated")
        }
    }
}
