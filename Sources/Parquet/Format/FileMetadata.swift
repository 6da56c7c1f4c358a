/// What the footer records of one column chunk: where its pages are, their sizes and encodings,
/// and the chunk's statistics. Offsets are from the start of the file.
struct ColumnChunkMetadata: Sendable {
    var physical: PhysicalType
    var encodings: [ValueEncoding]
    var path: String
    var codec: Int32
    var valueCount: Int64
    var uncompressedBytes: Int64
    var compressedBytes: Int64
    var dataPageOffset: Int64
    var dictionaryPageOffset: Int64?
    var statistics: ColumnStatistics

    func write(_ writer: inout ThriftCompactWriter) {
        writer.i64(2, dictionaryPageOffset ?? dataPageOffset) // file_offset (deprecated; first page)
        writer.struct(3) { meta in
            meta.i32(1, physical.rawValue)
            meta.list(2, i32s: encodings.map(\.rawValue))
            meta.list(3, strings: [path])
            meta.i32(4, codec)
            meta.i64(5, valueCount)
            meta.i64(6, uncompressedBytes)
            meta.i64(7, compressedBytes)
            meta.i64(9, dataPageOffset)
            if let dictionaryPageOffset { meta.i64(11, dictionaryPageOffset) }
            meta.struct(12) { statistics.write(&$0) }
        }
    }
}

/// A column chunk's NULL count and its smallest and largest values, as PLAIN-encoded bytes
/// (absent when the chunk holds no comparable value). Strings compare as unsigned bytes, numbers
/// by value; NaN is never a bound (Parquet's rule), and a zero bound is -0.0 below, +0.0 above.
struct ColumnStatistics: Sendable {
    var nullCount: Int64
    var minimum: [UInt8]?
    var maximum: [UInt8]?

    func write(_ writer: inout ThriftCompactWriter) {
        writer.i64(3, nullCount)
        if let maximum, let minimum {
            writer.binary(5, maximum)
            writer.binary(6, minimum)
        }
    }
}

/// A row group's footer entry.
struct RowGroupMetadata: Sendable {
    var columns: [ColumnChunkMetadata]
    var rowCount: Int64

    var uncompressedBytes: Int64 { columns.reduce(0) { $0 + $1.uncompressedBytes } }
    var compressedBytes: Int64 { columns.reduce(0) { $0 + $1.compressedBytes } }
}

/// The file's footer: its schema (a root and one optional leaf per column), its row groups, the
/// writer's name, and the column orders that tell readers the min/max statistics are trustworthy.
struct FileMetadata {
    var columns: [ParquetColumn]
    var rowGroups: [RowGroupMetadata]
    var createdBy: String
    var keyValues: [(String, String)]

    func serialised() -> [UInt8] {
        var writer = ThriftCompactWriter(capacity: 1024 + 256 * columns.count * max(1, rowGroups.count))
        writer.structBody { file in
            file.i32(1, 1) // version
            file.list(2, structs: [nil] + columns.map { Optional($0) }) { element, column in
                guard let column else {
                    element.string(4, "schema")
                    element.i32(5, Int32(columns.count))
                    return
                }
                column.type.writeSchemaFields(&element)
                element.string(4, column.name)
                column.type.writeTypeAnnotations(&element)
            }
            file.i64(3, rowGroups.reduce(0) { $0 + $1.rowCount })
            file.list(4, structs: rowGroups) { group, rowGroup in
                group.list(1, structs: rowGroup.columns) { chunk, column in column.write(&chunk) }
                group.i64(2, rowGroup.uncompressedBytes)
                group.i64(3, rowGroup.rowCount)
                if let first = rowGroup.columns.first { group.i64(5, first.dictionaryPageOffset ?? first.dataPageOffset) }
                group.i64(6, rowGroup.compressedBytes)
            }
            if !keyValues.isEmpty {
                file.list(5, structs: keyValues) { pair, keyValue in
                    pair.string(1, keyValue.0)
                    pair.string(2, keyValue.1)
                }
            }
            file.string(6, createdBy)
            file.list(7, structs: columns) { order, _ in order.struct(1) { _ in } } // TYPE_ORDER
        }
        return writer.bytes
    }
}
