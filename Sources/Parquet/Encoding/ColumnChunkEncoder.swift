/// Encodes one column of one row group: an optional dictionary page (strings of few distinct
/// values), then data pages of at most `rowsPerPage` rows, each its definition levels (RLE) and
/// its valid values (PLAIN, or dictionary indices), compressed one page at a time.
///
/// Offsets in the returned metadata count from the start of `output` (the row group's buffer);
/// the file writer shifts them to file positions.
struct ColumnChunkEncoder {
    let column: ParquetColumn
    let compressor: PageCompressor
    let rowsPerPage: Int

    /// A string column is dictionary-encoded while its distinct values are at most this share of
    /// its rows and their bytes at most `dictionaryBytesLimit`; otherwise PLAIN.
    static let dictionaryShare = 0.5
    static let dictionaryBytesLimit = 64 << 20

    func encode(_ data: ParquetColumnData, into output: inout [UInt8]) throws(ParquetError) -> ColumnChunkMetadata {
        let rows = data.count
        let validity = data.validity
        let nullCount = validity.map { Int64($0.count - $0.reduce(0) { $0 + Int($1 & 1) }) } ?? 0
        var metadata = ColumnChunkMetadata(
            physical: column.type.physical, encodings: [.rle, .plain], path: column.name, codec: compressor.compression.codec,
            valueCount: Int64(rows), uncompressedBytes: 0, compressedBytes: 0, dataPageOffset: 0, dictionaryPageOffset: nil,
            statistics: ColumnStatistics(nullCount: nullCount, minimum: nil, maximum: nil))
        let start = output.count
        var bounds: (min: [UInt8], max: [UInt8])?
        var pageValues: (Range<Int>, inout [UInt8]) -> Void

        switch (data.values, column.type) {
        case (.booleans(let values), _):
            bounds = StatisticsBuilder.booleans(values, validity)
            pageValues = { PlainEncoder.booleans(values, $0, validity, into: &$1) }
        case (.int64s(let values), .decimal(let precision, _)) where precision <= 9:
            let narrow = values.map { Int32(truncatingIfNeeded: $0) }
            bounds = StatisticsBuilder.numbers(narrow, validity)
            pageValues = { PlainEncoder.numbers(narrow, $0, validity, into: &$1) }
        case (.int64s(let values), _):
            bounds = StatisticsBuilder.numbers(values, validity)
            pageValues = { PlainEncoder.numbers(values, $0, validity, into: &$1) }
        case (.int32s(let values), _):
            bounds = StatisticsBuilder.numbers(values, validity)
            pageValues = { PlainEncoder.numbers(values, $0, validity, into: &$1) }
        case (.doubles(let values), _):
            bounds = StatisticsBuilder.doubles(values, validity)
            pageValues = { PlainEncoder.numbers(values, $0, validity, into: &$1) }
        case (.int128s(let values), _):
            let physical = column.type.physical
            bounds = StatisticsBuilder.decimals(values, validity, physical: physical)
            switch physical {
            case .int32:
                let narrow = values.map { Int32(truncatingIfNeeded: $0) }
                pageValues = { PlainEncoder.numbers(narrow, $0, validity, into: &$1) }
            case .int64:
                let narrow = values.map { Int64(truncatingIfNeeded: $0) }
                pageValues = { PlainEncoder.numbers(narrow, $0, validity, into: &$1) }
            default:
                pageValues = { PlainEncoder.wideDecimals(values, $0, validity, into: &$1) }
            }
        case (.strings(let codes, let offsets, let bytes), _):
            let dictionary = StringDictionaryEncoding(codes: codes, validity: validity, offsets: offsets, bytes: bytes)
            bounds = dictionary.bounds
            let distinctShare = Double(dictionary.usedCount) / Double(max(1, rows - Int(nullCount)))
            if distinctShare <= ColumnChunkEncoder.dictionaryShare && dictionary.usedBytes <= ColumnChunkEncoder.dictionaryBytesLimit {
                metadata.dictionaryPageOffset = Int64(output.count - start)
                metadata.encodings = [.rle, .plain, .rleDictionary]
                let body = dictionary.dictionaryPage()
                try page(.dictionary(entries: dictionary.usedCount), body, into: &output, metadata: &metadata)
                let bitWidth = HybridEncoder.bitWidth(forCount: dictionary.usedCount)
                pageValues = { dictionary.indices($0, bitWidth: bitWidth, into: &$1) }
            } else {
                pageValues = { dictionary.plain($0, into: &$1) }
            }
        case (.nulls, _):
            pageValues = { _, _ in }
        }
        metadata.statistics.minimum = bounds?.min
        metadata.statistics.maximum = bounds?.max

        metadata.dataPageOffset = Int64(output.count - start)
        let encoding: ValueEncoding = metadata.encodings.contains(.rleDictionary) ? .rleDictionary : .plain
        var body: [UInt8] = []
        for pageStart in stride(from: 0, to: rows, by: rowsPerPage) {
            let range = pageStart..<min(pageStart + rowsPerPage, rows)
            body.removeAll(keepingCapacity: true)
            DefinitionLevels.encode(validity, range, allNull: data.isAllNull, into: &body)
            pageValues(range, &body)
            try page(.data(rows: range.count, encoding: encoding), body, into: &output, metadata: &metadata)
        }
        return metadata
    }

    enum PageKind {
        case dictionary(entries: Int)
        case data(rows: Int, encoding: ValueEncoding)
    }

    /// Writes one page: its header, then its compressed body.
    private func page(_ kind: PageKind, _ body: [UInt8], into output: inout [UInt8],
                      metadata: inout ColumnChunkMetadata) throws(ParquetError) {
        guard body.count <= Int32.max else { throw .limitExceeded("a page of \(column.name) would exceed 2 GiB; write smaller row groups") }
        var compressed: [UInt8] = []
        let compressedSize = try compressor.compress(body, into: &compressed)
        guard compressedSize <= Int32.max else { throw .limitExceeded("a compressed page of \(column.name) would exceed 2 GiB; write smaller row groups") }
        var header = ThriftCompactWriter()
        header.structBody { header in
            switch kind {
            case .dictionary: header.i32(1, 2) // DICTIONARY_PAGE
            case .data: header.i32(1, 0) // DATA_PAGE
            }
            header.i32(2, Int32(body.count))
            header.i32(3, Int32(compressedSize))
            switch kind {
            case .dictionary(let entries):
                header.struct(7) { $0.i32(1, Int32(entries)); $0.i32(2, ValueEncoding.plain.rawValue) }
            case .data(let rows, let encoding):
                header.struct(5) { data in
                    data.i32(1, Int32(rows))
                    data.i32(2, encoding.rawValue)
                    data.i32(3, ValueEncoding.rle.rawValue) // definition levels
                    data.i32(4, ValueEncoding.rle.rawValue) // repetition levels (none: a flat schema)
                }
            }
        }
        metadata.uncompressedBytes += Int64(header.bytes.count + body.count)
        metadata.compressedBytes += Int64(header.bytes.count + compressedSize)
        output.append(contentsOf: header.bytes)
        output.append(contentsOf: compressed)
    }
}
