/// Turns one column's values for a row group into a stored chunk: fill nulls, measure, encode with
/// the smallest codec (or the forced one), add LZ4 where it pays, checksum.
enum ChunkEncoder {
    static func encode(_ column: Column, policy: EncodingPolicy) -> EncodedChunk {
        let count = column.count
        let nullCount = column.nullCount
        var writer = ByteWriter(reservingCapacity: count * 2 + 64)
        if let validity = column.validity {
            validity.words.withUnsafeBytes { writer.write(bytes: $0) }
        }
        let encoding: EncodingKind
        var statistics: ColumnStatistics
        switch column.values {
        case .bool(let values):
            let filled = column.validity.map { NullFill.filled(values, $0, zero: false) } ?? values
            let result = filled.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: Int8.self) { IntegerCodecs.encode($0, policy: policy, into: &writer) }
            }
            (encoding, statistics) = (result.kind, integerStatistics(result.profile, nullCount: nullCount))
        case .int8(let values): (encoding, statistics) = encodeIntegers(values, column.validity, policy, &writer)
        case .int16(let values): (encoding, statistics) = encodeIntegers(values, column.validity, policy, &writer)
        case .int32(let values), .date(let values): (encoding, statistics) = encodeIntegers(values, column.validity, policy, &writer)
        case .int64(let values): (encoding, statistics) = encodeIntegers(values, column.validity, policy, &writer)
        case .float64(let values):
            let filled = column.validity.map { NullFill.filled(values, $0, zero: 0) } ?? values
            let result = filled.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: Int64.self) { IntegerCodecs.encode($0, policy: policy, into: &writer) }
            }
            encoding = result.kind
            statistics = realStatistics(filled, nullCount: nullCount)
        case .string(let strings):
            (encoding, statistics) = encodeStrings(strings, column.validity, policy, &writer)
        case .dictionaryString(let strings):
            (encoding, statistics) = encodeDictionaryStrings(strings, column.validity, policy, &writer)
        }
        let payload = writer.bytes
        var stored = payload
        var compression = ChunkCompression.none
        if policy.forcedLZ4 != false {
            let saving = policy.forcedLZ4 == true ? -1.0 : 0.125
            if let compressed = payload.withUnsafeBytes({ LZ4Block.compress($0, minimumSaving: saving) }) {
                stored = compressed
                compression = .lz4
            }
        }
        let descriptor = ChunkDescriptor(
            type: column.type, encoding: encoding, compression: compression, hasValidity: column.validity != nil,
            offset: 0, storedLength: stored.count, payloadLength: payload.count, rawLength: rawLength(column.values),
            checksum: Checksum.xxh64(stored), statistics: statistics)
        return EncodedChunk(descriptor: descriptor, bytes: stored)
    }

    private static func rawLength(_ values: ColumnValues) -> Int {
        switch values {
        case .string(let strings): strings.bytes.count + 4 * strings.count
        case .dictionaryString(let strings):
            strings.codes.reduce(0) { $0 + strings.dictionary.length(at: Int($1)) } + 4 * strings.count
        default: values.count * values.type.physicalWidth
        }
    }

    private static func encodeIntegers<T: PhysicalInteger>(
        _ values: [T], _ validity: ValidityBitmap?, _ policy: EncodingPolicy, _ writer: inout ByteWriter
    ) -> (EncodingKind, ColumnStatistics) {
        if let validity, policy.forcedEncoding == .validOnly
            || policy.forcedEncoding == nil && ValidOnlyCodec.suits(rowCount: values.count, nullCount: validity.nullCount) {
            // The profile is of the valid values only: no value at all when every row is null.
            let profile = ValidOnlyCodec.encode(values, validity, into: &writer).profile
            guard profile.count > 0 else {
                return (.validOnly, ColumnStatistics(min: nil, max: nil, nullCount: validity.nullCount, distinctCount: 0))
            }
            return (.validOnly, ColumnStatistics(min: .integer(profile.min), max: .integer(profile.max), nullCount: validity.nullCount,
                                                 distinctCount: profile.distinct?.count))
        }
        let filled = validity.map { NullFill.filled(values, $0, zero: 0) } ?? values
        let result = filled.withUnsafeBufferPointer { IntegerCodecs.encode($0, policy: policy, into: &writer) }
        return (result.kind, integerStatistics(result.profile, nullCount: validity?.nullCount ?? 0))
    }

    private static func encodeStrings(
        _ strings: StringColumn, _ validity: ValidityBitmap?, _ policy: EncodingPolicy, _ writer: inout ByteWriter
    ) -> (EncodingKind, ColumnStatistics) {
        let filled = validity.map { NullFill.filled(strings, $0) } ?? strings
        let result = StringCodecs.encode(filled, validity: validity, policy: policy, into: &writer)
        return (result.kind, stringStatistics(filled, result.profile, nullCount: validity?.nullCount ?? 0))
    }

    /// Strings that arrive dictionary-coded (an ingest's code columns, a scan's output) are
    /// measured from their codes, without hashing a row; only a plain encoding needs them flat.
    private static func encodeDictionaryStrings(
        _ strings: DictionaryStrings, _ validity: ValidityBitmap?, _ policy: EncodingPolicy, _ writer: inout ByteWriter
    ) -> (EncodingKind, ColumnStatistics) {
        guard strings.isSortedAndDistinct, strings.count > 0 else {
            return encodeStrings(strings.materialized(), validity, policy, &writer)
        }
        let codes = validity.map { NullFill.filled(strings.codes, $0, zero: 0) } ?? strings.codes
        var profile = codes.withUnsafeBufferPointer { StringProfile(codes: $0, dictionary: strings.dictionary) }
        profile.validity = validity
        let kind = StringCodecs.choose(profile, policy: policy)
        guard kind != .plain else {
            return encodeStrings(strings.materialized(), validity, policy, &writer)
        }
        StringCodecs.codec(for: kind)!.encode(strings.dictionary, profile, into: &writer)
        return (kind, stringStatistics(strings.dictionary, profile, nullCount: validity?.nullCount ?? 0))
    }

    private static func integerStatistics(_ profile: IntegerProfile, nullCount: Int) -> ColumnStatistics {
        guard nullCount < profile.count else {
            return ColumnStatistics(min: nil, max: nil, nullCount: nullCount, distinctCount: 0)
        }
        return ColumnStatistics(min: .integer(profile.min), max: .integer(profile.max), nullCount: nullCount,
                                distinctCount: profile.distinct?.count)
    }

    /// Min and max as doubles; none when a NaN is present (it would order outside any bound).
    /// The distinct count is left unknown: bit patterns overcount (-0.0 and 0.0, NaN payloads).
    private static func realStatistics(_ values: [Double], nullCount: Int) -> ColumnStatistics {
        guard nullCount < values.count, !values.contains(where: \.isNaN) else {
            return ColumnStatistics(min: nil, max: nil, nullCount: nullCount, distinctCount: nullCount == values.count ? 0 : nil)
        }
        return ColumnStatistics(min: .real(values.min()!), max: .real(values.max()!), nullCount: nullCount, distinctCount: nil)
    }

    private static func stringStatistics(_ strings: StringColumn, _ profile: StringProfile, nullCount: Int) -> ColumnStatistics {
        guard nullCount < profile.count else {
            return ColumnStatistics(min: nil, max: nil, nullCount: nullCount, distinctCount: 0)
        }
        var low = Int(profile.distinctRows[0]), high = low
        strings.bytes.withUnsafeBytes { bytes in
            for row in profile.distinctRows.dropFirst() {
                if DictionaryStringCodec.compareBytes(strings, Int(row), low, bytes) < 0 { low = Int(row) }
                if DictionaryStringCodec.compareBytes(strings, Int(row), high, bytes) > 0 { high = Int(row) }
            }
        }
        let limit = ColumnStatistics.maximumTextLength
        return ColumnStatistics(
            min: strings.length(at: low) <= limit ? .text(strings[low]) : nil,
            max: strings.length(at: high) <= limit ? .text(strings[high]) : nil,
            nullCount: nullCount, distinctCount: profile.distinctCount)
    }
}
