/// Decoding only some rows of a chunk: what a scan needs of the columns a selective filter
/// leaves few rows of. Bit-packed (frame of reference) values and codes are read at their rows
/// directly (valid-only values at their rank among the valid rows); run-length data is walked run
/// by run without expanding it; dictionary strings decode
/// their (small) dictionary and only the codes of the rows. Other encodings decode the chunk and
/// keep the rows. The result equals `decode(...).gathering(rows:)` (tested).
extension ChunkDecoder {
    static func decode(_ payload: UnsafeRawBufferPointer, _ descriptor: ChunkDescriptor, rowCount: Int, rows: [UInt32]) throws -> Column {
        // The largest row, not a test per row: a vectorised reduction.
        var largest: UInt32 = 0
        for row in rows { largest = max(largest, row) }
        precondition(rows.isEmpty || Int(largest) < rowCount, "rows outside the chunk")
        var reader = ByteReader(payload)
        let validity = try decodeValidity(payload, descriptor, rowCount: rowCount)
        if validity != nil { _ = try reader.readBytes((rowCount + 63) / 64 * 8) }
        let sparse: ColumnValues?
        let encoding = descriptor.encoding
        switch descriptor.type {
        case .int8: sparse = try integers(&reader, encoding, validity, rows, as: Int8.self).map { .int8($0) }
        case .int16: sparse = try integers(&reader, encoding, validity, rows, as: Int16.self).map { .int16($0) }
        case .int32: sparse = try integers(&reader, encoding, validity, rows, as: Int32.self).map { .int32($0) }
        case .date: sparse = try integers(&reader, encoding, validity, rows, as: Int32.self).map { .date($0) }
        case .int64: sparse = try integers(&reader, encoding, validity, rows, as: Int64.self).map { .int64($0) }
        case .string where descriptor.encoding == .dictionary:
            sparse = .dictionaryString(try dictionaryStrings(&reader, rows, rowCount: rowCount, validity: validity))
        default: sparse = nil
        }
        guard let sparse else { return try decode(payload, descriptor, rowCount: rowCount).gathering(rows: rows) }
        var column = Column(sparse)
        column.validity = validity?.gathering(rows: rows)
        return column
    }

    private static func integers<T: PhysicalInteger>(_ reader: inout ByteReader, _ encoding: EncodingKind, _ validity: ValidityBitmap?,
                                                     _ rows: [UInt32], as: T.Type) throws -> [T]? {
        switch encoding {
        case .frameOfReference: return try BitPacking.readRows(&reader, rows)
        case .runLength: return try RunLengthCodec.readRows(&reader, rows)
        case .validOnly: return try ValidOnlyCodec.readRows(&reader, validity: validity, rows)
        default: return nil
        }
    }

    private static func dictionaryStrings(_ reader: inout ByteReader, _ rows: [UInt32], rowCount: Int,
                                          validity: ValidityBitmap?) throws -> DictionaryStrings {
        guard let distinctCount = try? Int(reader.read(UInt32.self)), distinctCount <= max(rowCount, 1) else {
            throw StorageFault("dictionary size is truncated or larger than the chunk")
        }
        let dictionary = try StringCodecs.readStrings(&reader, count: distinctCount)
        guard let tag = try? reader.read(UInt8.self) else { throw StorageFault("dictionary codes are truncated") }
        let codes: [UInt32]
        switch EncodingKind(rawValue: tag) {
        case .frameOfReference: codes = try BitPacking.readRows(&reader, rows)
        case .runLength: codes = try RunLengthCodec.readRows(&reader, rows)
        case .validOnly:
            guard let validity, validity.nullCount < rowCount, distinctCount > 0 else {
                throw StorageFault("valid-only dictionary codes without a validity bitmap or a valid row")
            }
            codes = try ValidOnlyCodec.readCodes(&reader, validity: validity, distinctCount: distinctCount, rows: rows)
        default: throw StorageFault("unknown dictionary code layout \(tag)")
        }
        guard codes.allSatisfy({ Int($0) < distinctCount }) else {
            throw StorageFault("dictionary code outside a dictionary of \(distinctCount) values")
        }
        return DictionaryStrings(codes: codes, dictionary: dictionary, isSortedAndDistinct: true)
    }
}

extension BitPacking {
    /// The values at `rows` of a block (the block's count must exceed every row).
    static func readRows<T: FixedWidthInteger>(_ reader: inout ByteReader, _ rows: [UInt32]) throws -> [T] {
        guard let reference = try? reader.read(Int64.self), let rawWidth = try? reader.read(UInt8.self), rawWidth <= 64 else {
            throw StorageFault("bit-packed block is truncated")
        }
        let width = Int(rawWidth)
        // The block's length depends on the chunk's row count; it is the last thing in the payload.
        guard let words = try? reader.readBytes(reader.remaining) else { throw StorageFault("bit-packed block is truncated") }
        let needed = ((Int(rows.last ?? 0) + 1) * width + 63) / 64 * 8 + 8
        guard needed <= words.count else { throw StorageFault("bit-packed block is shorter than its rows") }
        guard let base = words.baseAddress else { return rows.map { _ in T(truncatingIfNeeded: reference) } }
        let w = UInt64(width), mask: UInt64 = width == 64 ? ~0 : (UInt64(1) << w) &- 1
        if width <= 56 {
            // One unaligned load per value, no branch (as `BlockView`); the block's padding word
            // keeps every load inside it.
            return rows.map { row in
                let bit = UInt64(row) &* w
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: bit &>> 3), as: UInt64.self))
                return T(truncatingIfNeeded: reference &+ Int64(bitPattern: (word &>> (bit & 7)) & mask))
            }
        }
        return rows.map { row in
            let bit = UInt64(row) &* w
            let index = Int(truncatingIfNeeded: bit >> 6), shift = bit & 63
            var offset = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index &* 8, as: UInt64.self)) >> shift
            if shift &+ w > 64 {
                offset |= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: (index &+ 1) &* 8, as: UInt64.self)) << (64 &- shift)
            }
            return T(truncatingIfNeeded: reference &+ Int64(bitPattern: offset & mask))
        }
    }
}

extension RunLengthCodec {
    /// The values at `rows` (ascending) of a run-length body, walking the run lengths once and
    /// reading only the values of the runs that hold a row (a selective scan touches few runs).
    static func readRows<T: FixedWidthInteger>(_ reader: inout ByteReader, _ rows: [UInt32]) throws -> [T] {
        guard let runCount = try? Int(reader.read(UInt32.self)) else { throw StorageFault("run count is truncated") }
        let values = try BitPacking.BlockView(&reader, count: runCount)
        var runLengths = [Int64](repeating: 0, count: runCount)
        try runLengths.withUnsafeMutableBufferPointer { buffer in try BitPacking.readBlock(&reader, into: buffer) }
        var result = [T](repeating: 0, count: rows.count)
        let covered = runLengths.withUnsafeBufferPointer { lengths in
            result.withUnsafeMutableBufferPointer { out in
                var run = 0, runEnd = runCount > 0 ? Int(lengths[0]) : 0
                for (index, row) in rows.enumerated() {
                    let target = Int(row)
                    while target >= runEnd {
                        run &+= 1
                        guard run < runCount else { return false }
                        runEnd &+= Int(truncatingIfNeeded: lengths[run])
                    }
                    out[index] = T(truncatingIfNeeded: values[run])
                }
                return true
            }
        }
        guard covered else { throw StorageFault("run lengths do not cover the chunk's rows") }
        return result
    }
}

extension BitPacking {
    /// A bit-packed block of `count` values read in place: its bytes are consumed from the reader,
    /// values are extracted one by one where wanted instead of unpacking the whole block.
    struct BlockView {
        let reference: Int64
        let width: Int
        let words: UnsafeRawBufferPointer

        init(_ reader: inout ByteReader, count: Int) throws {
            guard let reference = try? reader.read(Int64.self), let rawWidth = try? reader.read(UInt8.self), rawWidth <= 64,
                  let words = try? reader.readBytes(((count * Int(rawWidth) + 63) / 64 + 1) * 8) else {
                throw StorageFault("bit-packed block is truncated")
            }
            self.reference = reference
            width = Int(rawWidth)
            self.words = words
        }

        /// The value at `index` (at most `count`: the padding word reads as `reference`).
        @inline(__always)
        subscript(index: Int) -> Int64 {
            guard width > 0, let base = words.baseAddress else { return reference }
            let w = UInt64(width), mask: UInt64 = width == 64 ? ~0 : (UInt64(1) << w) &- 1
            let bit = UInt64(index) &* w
            if width <= 56 {
                // One unaligned load from the value's first byte holds all its bits: no branch on
                // whether it straddles two words (the padding word keeps the load inside the block).
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: bit &>> 3), as: UInt64.self))
                return reference &+ Int64(bitPattern: (word &>> (bit & 7)) & mask)
            }
            let word = Int(truncatingIfNeeded: bit >> 6), shift = bit & 63
            var offset = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: word &* 8, as: UInt64.self)) >> shift
            if shift &+ w > 64 {
                offset |= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: (word &+ 1) &* 8, as: UInt64.self)) << (64 &- shift)
            }
            return reference &+ Int64(bitPattern: offset & mask)
        }
    }
}
