/// Turns a chunk's payload (after checksum and LZ4) back into a `Column`.
///
/// Every structural fact is checked against the descriptor (null count, consumed length), so a
/// chunk that passed its checksum but was written wrong still fails loudly instead of yielding
/// wrong values.
enum ChunkDecoder {
    static func decode(
        _ payload: UnsafeRawBufferPointer, _ descriptor: ChunkDescriptor, rowCount: Int
    ) throws -> Column {
        var reader = ByteReader(payload)
        var validity: ValidityBitmap?
        if descriptor.hasValidity {
            let wordCount = (rowCount + 63) / 64
            guard let raw = try? reader.readBytes(wordCount * 8) else { throw StorageFault("validity bitmap is truncated") }
            var words = [UInt64](repeating: 0, count: wordCount)
            words.withUnsafeMutableBytes { $0.copyMemory(from: raw) }
            validity = ValidityBitmap(words: words, count: rowCount)
        }
        guard (validity?.nullCount ?? 0) == descriptor.statistics.nullCount else {
            throw StorageFault("validity bitmap has \(validity?.nullCount ?? 0) nulls, the footer says \(descriptor.statistics.nullCount)")
        }
        let values = try decodeValues(&reader, descriptor, rowCount: rowCount, validity: validity)
        guard reader.remaining == 0 else {
            throw StorageFault("\(reader.remaining) unexpected bytes after the \(descriptor.encoding) values")
        }
        var column = Column(values)
        column.validity = validity
        return column
    }

    /// Only the validity bitmap of a chunk (nil: no value is null), for queries that test a
    /// column for NULL and never read its values: the values are not decoded at all.
    static func decodeValidity(_ payload: UnsafeRawBufferPointer, _ descriptor: ChunkDescriptor, rowCount: Int) throws -> ValidityBitmap? {
        guard descriptor.hasValidity else { return nil }
        var reader = ByteReader(payload)
        let wordCount = (rowCount + 63) / 64
        guard let raw = try? reader.readBytes(wordCount * 8) else { throw StorageFault("validity bitmap is truncated") }
        var words = [UInt64](repeating: 0, count: wordCount)
        words.withUnsafeMutableBytes { $0.copyMemory(from: raw) }
        let validity = ValidityBitmap(words: words, count: rowCount)
        guard validity.nullCount == descriptor.statistics.nullCount else {
            throw StorageFault("validity bitmap has \(validity.nullCount) nulls, the footer says \(descriptor.statistics.nullCount)")
        }
        return validity
    }

    private static func decodeValues(
        _ reader: inout ByteReader, _ descriptor: ChunkDescriptor, rowCount: Int, validity: ValidityBitmap?
    ) throws -> ColumnValues {
        let encoding = descriptor.encoding
        if encoding == .validOnly {
            switch descriptor.type {
            case .int8: return .int8(try decodeArray(rowCount) { b in try ValidOnlyCodec.decode(&reader, validity: validity, into: b) })
            case .int16: return .int16(try decodeArray(rowCount) { b in try ValidOnlyCodec.decode(&reader, validity: validity, into: b) })
            case .int32: return .int32(try decodeArray(rowCount) { b in try ValidOnlyCodec.decode(&reader, validity: validity, into: b) })
            case .date: return .date(try decodeArray(rowCount) { b in try ValidOnlyCodec.decode(&reader, validity: validity, into: b) })
            case .int64: return .int64(try decodeArray(rowCount) { b in try ValidOnlyCodec.decode(&reader, validity: validity, into: b) })
            default: throw StorageFault("valid-only values in a \(descriptor.type) column")
            }
        }
        switch descriptor.type {
        case .bool:
            let values: [Bool] = try decodeArray(rowCount) { buffer in
                try buffer.withMemoryRebound(to: Int8.self) { bytes in
                    try decodeIntegers(&reader, encoding, into: bytes)
                    // Checked in one vectorised pass: any bit but the lowest set is damage.
                    var stray: Int8 = 0
                    for byte in bytes { stray |= byte & ~1 }
                    if stray != 0, let bad = bytes.first(where: { $0 != 0 && $0 != 1 }) { throw StorageFault("bool value \(bad)") }
                }
            }
            return .bool(values)
        case .int8: return .int8(try decodeArray(rowCount) { b in try decodeIntegers(&reader, encoding, into: b) })
        case .int16: return .int16(try decodeArray(rowCount) { b in try decodeIntegers(&reader, encoding, into: b) })
        case .int32: return .int32(try decodeArray(rowCount) { b in try decodeIntegers(&reader, encoding, into: b) })
        case .date: return .date(try decodeArray(rowCount) { b in try decodeIntegers(&reader, encoding, into: b) })
        case .int64: return .int64(try decodeArray(rowCount) { b in try decodeIntegers(&reader, encoding, into: b) })
        case .float64:
            let values: [Double] = try decodeArray(rowCount) { buffer in
                try buffer.withMemoryRebound(to: Int64.self) { bits in
                    try decodeIntegers(&reader, encoding, into: bits)
                }
            }
            return .float64(values)
        case .string:
            guard let codec = StringCodecs.codec(for: encoding) else {
                throw StorageFault("encoding \(encoding) does not apply to strings")
            }
            return .dictionaryString(try codec.decode(&reader, count: rowCount, validity: validity))
        }
    }

    private static func decodeIntegers<T: PhysicalInteger>(
        _ reader: inout ByteReader, _ encoding: EncodingKind, into output: UnsafeMutableBufferPointer<T>
    ) throws {
        try IntegerCodecs.decode(encoding, &reader, into: output)
    }

    /// Allocates an array of `count` elements and lets `fill` initialise all of them (no zeroing pass).
    private static func decodeArray<T>(
        _ count: Int, _ fill: (UnsafeMutableBufferPointer<T>) throws -> Void
    ) throws -> [T] {
        do {
            return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                try fill(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
                initialized = count
            }
        } catch let fault as StorageFault {
            throw fault
        } catch {
            throw StorageFault("\(error)")
        }
    }
}
