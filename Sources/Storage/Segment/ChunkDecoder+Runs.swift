/// A run-length encoded chunk as its runs: one value per run and the run lengths, with the
/// chunk's row-level validity. What lets a filter test a run once instead of each of its rows.
///
/// Invariants: `values.count == lengths.count` (the run count); the lengths are positive and add
/// up to the chunk's rows; `values` has no validity of its own (a null row keeps the run's
/// placeholder value; `validity` says which rows are null).
public struct ColumnRuns: Sendable {
    public let values: Column
    public let lengths: [UInt32]
    public let validity: ValidityBitmap?

    public var runCount: Int { lengths.count }

    /// The rows of the runs `runs` (ascending run indexes), ascending.
    public func rows(ofRuns runs: [UInt32]) -> [UInt32] {
        var starts = [UInt32](repeating: 0, count: lengths.count)
        var start: UInt32 = 0
        for (run, length) in lengths.enumerated() {
            starts[run] = start
            start &+= length
        }
        var rows: [UInt32] = []
        rows.reserveCapacity(runs.reduce(0) { $0 + Int(lengths[Int($1)]) })
        for run in runs {
            let first = starts[Int(run)]
            for row in first..<(first + lengths[Int(run)]) { rows.append(row) }
        }
        return rows
    }
}

extension ChunkDecoder {
    /// The chunk's runs when its values (or a dictionary's codes) are run-length encoded; nil
    /// for any other encoding.
    static func decodeRuns(_ payload: UnsafeRawBufferPointer, _ descriptor: ChunkDescriptor, rowCount: Int) throws -> ColumnRuns? {
        var reader = ByteReader(payload)
        let validity = try decodeValidity(payload, descriptor, rowCount: rowCount)
        if descriptor.hasValidity { _ = try reader.readBytes((rowCount + 63) / 64 * 8) }
        let values: ColumnValues
        let lengths: [UInt32]
        switch (descriptor.type, descriptor.encoding) {
        case (.int8, .runLength): (values, lengths) = try RunLengthCodec.readRunList(&reader, rowCount: rowCount, as: Int8.self) { .int8($0) }
        case (.int16, .runLength): (values, lengths) = try RunLengthCodec.readRunList(&reader, rowCount: rowCount, as: Int16.self) { .int16($0) }
        case (.int32, .runLength): (values, lengths) = try RunLengthCodec.readRunList(&reader, rowCount: rowCount, as: Int32.self) { .int32($0) }
        case (.date, .runLength): (values, lengths) = try RunLengthCodec.readRunList(&reader, rowCount: rowCount, as: Int32.self) { .date($0) }
        case (.int64, .runLength): (values, lengths) = try RunLengthCodec.readRunList(&reader, rowCount: rowCount, as: Int64.self) { .int64($0) }
        case (.string, .dictionary):
            guard let distinctCount = try? Int(reader.read(UInt32.self)), distinctCount <= max(rowCount, 1) else {
                throw StorageFault("dictionary size is truncated or larger than the chunk")
            }
            let dictionary = try StringCodecs.readStrings(&reader, count: distinctCount)
            guard let tag = try? reader.read(UInt8.self) else { throw StorageFault("dictionary codes are truncated") }
            guard EncodingKind(rawValue: tag) == .runLength else { return nil }
            let (codes, runLengths): (ColumnValues, [UInt32]) = try RunLengthCodec.readRunList(&reader, rowCount: rowCount, as: UInt32.self) { codes in
                .dictionaryString(DictionaryStrings(codes: codes, dictionary: dictionary, isSortedAndDistinct: true))
            }
            guard case .dictionaryString(let strings) = codes, strings.codes.allSatisfy({ Int($0) < distinctCount }) else {
                throw StorageFault("dictionary code outside a dictionary of \(distinctCount) values")
            }
            (values, lengths) = (codes, runLengths)
        default:
            return nil
        }
        return ColumnRuns(values: Column(values), lengths: lengths, validity: validity)
    }
}

extension RunLengthCodec {
    /// The runs of a run-length body (values and lengths), checked to cover `rowCount` rows.
    static func readRunList<T: FixedWidthInteger>(_ reader: inout ByteReader, rowCount: Int, as: T.Type,
                                                  _ wrap: ([T]) -> ColumnValues) throws -> (ColumnValues, [UInt32]) {
        guard let runCount = try? Int(reader.read(UInt32.self)), runCount <= rowCount else {
            throw StorageFault("run count is truncated or larger than the chunk")
        }
        var values = [Int64](repeating: 0, count: runCount)
        var lengths = [Int64](repeating: 0, count: runCount)
        try values.withUnsafeMutableBufferPointer { buffer in try BitPacking.readBlock(&reader, into: buffer) }
        try lengths.withUnsafeMutableBufferPointer { buffer in try BitPacking.readBlock(&reader, into: buffer) }
        guard lengths.allSatisfy({ $0 > 0 }), lengths.reduce(0, +) == Int64(rowCount) else {
            throw StorageFault("run lengths do not add up to the chunk's \(rowCount) rows")
        }
        return (wrap(values.map { T(truncatingIfNeeded: $0) }), lengths.map { UInt32(truncatingIfNeeded: $0) })
    }
}
