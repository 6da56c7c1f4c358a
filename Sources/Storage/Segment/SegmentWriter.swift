/// A row group encoded in memory, ready to be written as one immutable segment file.
struct EncodedSegment {
    var footer: SegmentFooter
    /// Header, chunks, footer and trailer, in file order.
    var parts: [[UInt8]]
    var byteSize: Int { parts.reduce(0) { $0 + $1.count } }
}

/// Builds segment files: encodes each column chunk, lays out header, chunks, footer and trailer.
enum SegmentWriter {
    static func encode(_ columns: [Column], names: [String], policy: EncodingPolicy) -> EncodedSegment {
        precondition(columns.count == names.count && !columns.isEmpty, "one name per column")
        let rowCount = columns[0].count
        var header = SegmentFormat.magic
        withUnsafeBytes(of: SegmentFormat.version.littleEndian) { header.append(contentsOf: $0) }
        header.append(contentsOf: [UInt8](repeating: 0, count: SegmentFormat.headerSize - header.count))

        var parts = [header]
        var chunks: [ChunkDescriptor] = []
        var offset = header.count
        for column in columns {
            var encoded = ChunkEncoder.encode(column, policy: policy)
            encoded.descriptor.offset = offset
            offset += encoded.bytes.count
            chunks.append(encoded.descriptor)
            parts.append(encoded.bytes)
        }
        let footer = SegmentFooter(rowCount: rowCount, columnNames: names, chunks: chunks)
        let footerBytes = footer.serialized()
        var trailer = ByteWriter()
        trailer.write(UInt32(footerBytes.count))
        trailer.write(SegmentFormat.version)
        trailer.write(UInt16(0))
        trailer.write(Checksum.xxh64(footerBytes))
        trailer.write(bytes: SegmentFormat.magic)
        parts.append(footerBytes)
        parts.append(trailer.bytes)
        return EncodedSegment(footer: footer, parts: parts)
    }
}
