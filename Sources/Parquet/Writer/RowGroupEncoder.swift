/// A row group encoded in memory: its pages, column after column, and their metadata with
/// offsets from the group's first byte. Encoding is independent of the file, so row groups can be
/// encoded on several threads and appended in order.
public struct EncodedRowGroup: Sendable {
    let bytes: [UInt8]
    let metadata: RowGroupMetadata

    public var rowCount: Int { Int(metadata.rowCount) }
    public var byteCount: Int { bytes.count }
}

/// Encodes row groups of one schema. Not shared between threads: it keeps a compression context.
public final class ParquetRowGroupEncoder {
    public let columns: [ParquetColumn]
    let options: ParquetOptions
    private let compressor: PageCompressor

    public init(columns: [ParquetColumn], options: ParquetOptions = ParquetOptions()) {
        self.columns = columns
        self.options = options
        compressor = PageCompressor(options.compression)
    }

    /// One row group of `rows` rows, one entry of `data` per column (checked against the schema).
    public func encode(_ data: [ParquetColumnData], rows: Int) throws(ParquetError) -> EncodedRowGroup {
        guard data.count == columns.count else { throw .schemaMismatch("\(data.count) columns for a schema of \(columns.count)") }
        guard rows > 0 else { throw .schemaMismatch("a row group holds at least one row") }
        var bytes: [UInt8] = []
        var chunks: [ColumnChunkMetadata] = []
        chunks.reserveCapacity(columns.count)
        for (column, values) in zip(columns, data) {
            try values.check(column.type, column: column.name, rows: rows)
            let encoder = ColumnChunkEncoder(column: column, compressor: compressor, rowsPerPage: max(1, options.rowsPerPage))
            let start = Int64(bytes.count)
            var chunk = try encoder.encode(values, into: &bytes)
            chunk.dataPageOffset += start
            chunk.dictionaryPageOffset = chunk.dictionaryPageOffset.map { $0 + start }
            chunks.append(chunk)
        }
        return EncodedRowGroup(bytes: bytes, metadata: RowGroupMetadata(columns: chunks, rowCount: Int64(rows)))
    }
}
