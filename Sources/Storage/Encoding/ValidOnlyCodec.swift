import CVectorKernels

/// Null suppression for integer and date chunks: only the valid values are stored, in row order,
/// with the integer encoding that suits them best; the chunk's validity bitmap (written before
/// every encoding's body) says which rows they belong to.
///
/// Why: a pathway's later stage dates are null for most rows. Filled with their neighbours (the
/// other encodings' way), the nulls cost nothing in size but leave short runs between them that
/// run-length decoding walks one by one, and a read of a few rows must walk the runs from the
/// start. Without the nulls, the values bit-pack densely (smaller than the runs), decode at full
/// speed, and the value of any row is found by its rank among the valid rows — a popcount.
///
/// Body: inner encoding tag (UInt8) · the inner encoding's body for the valid values.
/// Invariant: the inner encoding is one of the integer codecs (never `validOnly`), and its value
/// count is the chunk's row count minus its null count.
enum ValidOnlyCodec {
    /// Whether a chunk with these nulls is stored valid-only when the encoding is measured: when at
    /// least a quarter of its rows are null (below that, the filled encodings lose little).
    static func suits(rowCount: Int, nullCount: Int) -> Bool {
        nullCount > 0 && nullCount * 4 >= rowCount
    }

    /// Writes the valid values of `values`; returns the inner encoding and the profile of the
    /// valid values (the chunk's statistics).
    static func encode<T: PhysicalInteger>(_ values: [T], _ validity: ValidityBitmap, into writer: inout ByteWriter)
        -> (inner: EncodingKind, profile: IntegerProfile) {
        let dense = compacted(values, validity)
        return dense.withUnsafeBufferPointer { dense in
            let profile = IntegerProfile(dense)
            let inner = IntegerCodecs.choose(profile, forcing: nil).kind
            writer.write(inner.rawValue)
            IntegerCodecs.encode(dense, profile: profile, kind: inner, into: &writer)
            return (inner, profile)
        }
    }

    /// The valid values, in row order.
    private static func compacted<T: PhysicalInteger>(_ values: [T], _ validity: ValidityBitmap) -> [T] {
        let validCount = validity.count - validity.nullCount
        return [T](unsafeUninitializedCapacity: validCount + 1) { output, initialised in
            values.withUnsafeBufferPointer { input in
                validity.words.withUnsafeBufferPointer { words in
                    // Branch-free: every value is written at the cursor, which moves on valid rows
                    // only (the spare slot takes the write after the last valid value).
                    var k = 0
                    for (index, word) in words.enumerated() {
                        let base = index * 64
                        for bit in 0..<min(64, input.count - base) {
                            output[k] = input[base + bit]
                            k &+= Int(truncatingIfNeeded: word >> UInt64(bit) & 1)
                        }
                    }
                }
            }
            initialised = validCount
        }
    }

    /// Reads the body into `output` (one value per row; rows that are null get an unspecified
    /// value). `validity` is the chunk's bitmap.
    static func decode<T: PhysicalInteger>(_ reader: inout ByteReader, validity: ValidityBitmap?,
                                           into output: UnsafeMutableBufferPointer<T>) throws {
        guard let validity, validity.count == output.count else { throw StorageFault("valid-only values without a validity bitmap") }
        let validCount = validity.count - validity.nullCount
        let inner = try innerKind(&reader)
        // One spare slot: the expansion below reads at the cursor even after the last valid value.
        // Not zeroed first: the inner decoder writes every other slot.
        let dense = try [T](unsafeUninitializedCapacity: validCount + 1) { buffer, initialised in
            try IntegerCodecs.decode(inner, &reader, into: UnsafeMutableBufferPointer(rebasing: buffer[0..<validCount]))
            buffer[validCount] = 0
            initialised = validCount + 1
        }
        if output.isEmpty { return }
        if MemoryLayout<T>.size == 4 {
            // Dates and 32-bit integers: sixteen rows per instruction where the processor can.
            // (Int32 and UInt32 may alias: the kernel reads and writes them as UInt32.)
            dense.withUnsafeBytes { dense in
                validity.words.withUnsafeBufferPointer { words in
                    _ = parcours_expand_u32(dense.baseAddress!.assumingMemoryBound(to: UInt32.self), words.baseAddress!, output.count,
                                            UnsafeMutableRawPointer(output.baseAddress!).assumingMemoryBound(to: UInt32.self))
                }
            }
            return
        }
        dense.withUnsafeBufferPointer { dense in
            validity.words.withUnsafeBufferPointer { words in
                var k = 0
                for (index, word) in words.enumerated() {
                    let base = index * 64, bits = min(64, output.count - base)
                    if bits == 64 && word == ~0 {
                        // A word of valid rows (common in some columns): a straight copy.
                        UnsafeMutableRawPointer(output.baseAddress! + base)
                            .copyMemory(from: dense.baseAddress! + k, byteCount: 64 * MemoryLayout<T>.stride)
                        k &+= 64
                        continue
                    }
                    for bit in 0..<bits {
                        output[base + bit] = dense[k]
                        k &+= Int(truncatingIfNeeded: word >> UInt64(bit) & 1)
                    }
                }
            }
        }
    }

    /// The values at `rows` (ascending): each valid row's value is the one at its rank among the
    /// valid rows, read in place when the inner encoding is bit-packed; null rows get 0.
    static func readRows<T: PhysicalInteger>(_ reader: inout ByteReader, validity: ValidityBitmap?, _ rows: [UInt32]) throws -> [T] {
        guard let validity else { throw StorageFault("valid-only values without a validity bitmap") }
        let validCount = validity.count - validity.nullCount
        let inner = try innerKind(&reader)
        if rows.count == validCount, isEveryValidRow(rows, validity) {
            // The rows a `x IS NOT NULL` filter keeps: the stored values are the answer as they are.
            var dense = [T](repeating: 0, count: validCount)
            try dense.withUnsafeMutableBufferPointer { try IntegerCodecs.decode(inner, &reader, into: $0) }
            return dense
        }
        if inner == .frameOfReference {
            // The block's padding word makes the rank `validCount` (a null row after the last
            // valid one) readable.
            return atRanks(rows, validity, try BitPacking.BlockView(&reader, count: validCount), as: T.self)
        }
        // One spare slot for the same reason.
        var dense = [T](repeating: 0, count: validCount + 1)
        try dense.withUnsafeMutableBufferPointer {
            try IntegerCodecs.decode(inner, &reader, into: UnsafeMutableBufferPointer(rebasing: $0[0..<validCount]))
        }
        return dense.withUnsafeBufferPointer { atRanks(rows, validity, DenseValues(values: $0), as: T.self) }
    }

    /// Whether `rows` (ascending, as many as the valid rows) are all valid, i.e. exactly the valid rows.
    private static func isEveryValidRow(_ rows: [UInt32], _ validity: ValidityBitmap) -> Bool {
        validity.words.withUnsafeBufferPointer { words in
            rows.withUnsafeBufferPointer { rows in
                var all: UInt64 = 1
                for row in rows { all &= words[Int(row &>> 6)] &>> UInt64(row & 63) }
                return all & 1 == 1
            }
        }
    }

    /// `value(rank)` at each of `rows` (ascending), where rank is the number of valid rows before
    /// it (counted a word at a time); 0 at null rows, whose rank is read but not used (it can be
    /// the valid count: `value` must accept it). One loop, no branch on validity.
    /// (Generic over the values' layout, not a closure: the closure stayed a call per row.)
    private static func atRanks<T: FixedWidthInteger, V: RankedValues>(_ rows: [UInt32], _ validity: ValidityBitmap, _ values: V,
                                                                     as: T.Type) -> [T] {
        var result = [T](repeating: 0, count: rows.count)
        // Valid rows before each word: a row's rank is one lookup and one popcount, with no loop
        // whose trip count varies from row to row (a mispredicted branch per row).
        var before = [Int32](repeating: 0, count: validity.words.count)
        validity.words.withUnsafeBufferPointer { words in
            var total: Int32 = 0
            for index in 0..<words.count {
                before[index] = total
                total &+= Int32(truncatingIfNeeded: words[index].nonzeroBitCount)
            }
        }
        validity.words.withUnsafeBufferPointer { words in
            before.withUnsafeBufferPointer { before in
                rows.withUnsafeBufferPointer { rows in
                    result.withUnsafeMutableBufferPointer { out in
                        for i in 0..<rows.count {
                            let row = Int(rows[i]), target = row &>> 6
                            let bits = words[target], bit = UInt64(row & 63)
                            let rank = Int(before[target]) &+ (bits & ((1 &<< bit) &- 1)).nonzeroBitCount
                            let keep = T(truncatingIfNeeded: 0 &- Int64(bitPattern: (bits &>> bit) & 1))
                            out[i] = T(truncatingIfNeeded: values[rank]) & keep
                        }
                    }
                }
            }
        }
        return result
    }

    /// The valid-only layout of dictionary codes (`CodeStream`): the valid rows' codes, bit-packed,
    /// spread over the rows; a null row gets a code below `distinctCount` too (0 or a neighbour's).
    static func readCodes(_ reader: inout ByteReader, validity: ValidityBitmap, distinctCount: Int,
                          into output: UnsafeMutableBufferPointer<UInt32>) throws {
        let validCount = validity.count - validity.nullCount
        // One spare slot, 0: the portable expansion reads at the cursor after the last value.
        var dense = [UInt32](repeating: 0, count: validCount + 1)
        try dense.withUnsafeMutableBufferPointer { try BitPacking.readBlock(&reader, into: UnsafeMutableBufferPointer(rebasing: $0[0..<validCount])) }
        var largest: UInt32 = 0
        for code in dense { largest = max(largest, code) }
        guard Int(largest) < distinctCount else {
            throw StorageFault("dictionary code \(largest) outside a dictionary of \(distinctCount) values")
        }
        guard let out = output.baseAddress else { return }
        dense.withUnsafeBufferPointer { dense in
            validity.words.withUnsafeBufferPointer { words in _ = parcours_expand_u32(dense.baseAddress!, words.baseAddress!, output.count, out) }
        }
    }

    /// The codes at `rows` (ascending) of the valid-only layout; 0 at null rows.
    static func readCodes(_ reader: inout ByteReader, validity: ValidityBitmap, distinctCount: Int, rows: [UInt32]) throws -> [UInt32] {
        let validCount = validity.count - validity.nullCount
        let codes: [UInt32]
        if rows.count == validCount, isEveryValidRow(rows, validity) {
            // The rows a filter on the same nulls keeps (an outcome where a jury date is): as stored.
            var dense = [UInt32](repeating: 0, count: validCount)
            try dense.withUnsafeMutableBufferPointer { try BitPacking.readBlock(&reader, into: $0) }
            codes = dense
        } else {
            codes = atRanks(rows, validity, try BitPacking.BlockView(&reader, count: validCount), as: UInt32.self)
        }
        var largest: UInt32 = 0
        for code in codes { largest = max(largest, code) }
        guard codes.isEmpty || Int(largest) < distinctCount else {
            throw StorageFault("dictionary code \(largest) outside a dictionary of \(distinctCount) values")
        }
        return codes
    }

    private static func innerKind(_ reader: inout ByteReader) throws -> EncodingKind {
        guard let tag = try? reader.read(UInt8.self), let kind = EncodingKind(rawValue: tag), kind != .validOnly else {
            throw StorageFault("valid-only values have no known inner encoding")
        }
        return kind
    }
}

/// Values found by their rank among a chunk's valid rows.
protocol RankedValues {
    subscript(rank: Int) -> Int64 { get }
}

extension BitPacking.BlockView: RankedValues {}

/// Values decoded whole, in rank order.
private struct DenseValues<T: PhysicalInteger>: RankedValues {
    let values: UnsafeBufferPointer<T>

    @inline(__always)
    subscript(rank: Int) -> Int64 { Int64(values[rank]) }
}
