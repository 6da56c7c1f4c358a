/// The per-row codes of a dictionary-encoded chunk (integers or strings): `tag: UInt8`, then the
/// smallest of three layouts: a bit-packed block of codes (`tag` = frame of reference), runs of
/// codes (`tag` = run-length), or — for a chunk with a validity bitmap and at least a quarter of
/// null rows — a bit-packed block of the valid rows' codes only (`tag` = valid-only; the bitmap
/// says which rows they belong to, as for `ValidOnlyCodec`). Codes are the ranks of values in the
/// sorted dictionary.
enum CodeStream {
    static func codeWidth(distinctCount: Int) -> Int {
        BitPacking.width(forRange: UInt64(max(distinctCount - 1, 0)))
    }

    /// The valid-only layout's value count, when it applies to a chunk with this validity.
    private static func validOnlyCount(_ validity: ValidityBitmap?, count: Int) -> Int? {
        guard let validity, ValidOnlyCodec.suits(rowCount: count, nullCount: validity.nullCount), validity.nullCount < count else {
            return nil
        }
        return count - validity.nullCount
    }

    private static func sizes(count: Int, distinctCount: Int, runCount: Int, runLengthWidth: Int,
                              validity: ValidityBitmap?) -> (packed: Int, runs: Int, validOnly: Int) {
        let width = codeWidth(distinctCount: distinctCount)
        return (BitPacking.blockSize(count: count, width: width),
                RunLengthCodec.size(runCount: runCount, valueWidth: width, lengthWidth: runLengthWidth),
                validOnlyCount(validity, count: count).map { BitPacking.blockSize(count: $0, width: width) } ?? .max)
    }

    static func size(count: Int, distinctCount: Int, runCount: Int, runLengthWidth: Int, validity: ValidityBitmap? = nil) -> Int {
        let (packed, runs, validOnly) = sizes(count: count, distinctCount: distinctCount, runCount: runCount,
                                              runLengthWidth: runLengthWidth, validity: validity)
        return 1 + min(packed, runs, validOnly)
    }

    /// `validity`: the chunk's bitmap (its null rows hold filled codes), which allows the
    /// valid-only layout.
    static func write(
        _ codes: UnsafeBufferPointer<UInt32>, distinctCount: Int, runCount: Int, runLengthWidth: Int,
        validity: ValidityBitmap? = nil, into writer: inout ByteWriter
    ) {
        let (packed, runs, validOnly) = sizes(count: codes.count, distinctCount: distinctCount, runCount: runCount,
                                              runLengthWidth: runLengthWidth, validity: validity)
        let width = codeWidth(distinctCount: distinctCount)
        if validOnly < min(packed, runs), let validity {
            writer.write(EncodingKind.validOnly.rawValue)
            let valid = validity.words.withUnsafeBufferPointer { words in
                (0..<codes.count).filter { words[$0 &>> 6] &>> UInt64($0 & 63) & 1 == 1 }.map { codes[$0] }
            }
            valid.withUnsafeBufferPointer { BitPacking.writeBlock($0, reference: 0, width: width, into: &writer) }
        } else if runs < packed {
            writer.write(EncodingKind.runLength.rawValue)
            RunLengthCodec.writeRuns(codes, runCount: runCount, into: &writer)
        } else {
            writer.write(EncodingKind.frameOfReference.rawValue)
            BitPacking.writeBlock(codes, reference: 0, width: width, into: &writer)
        }
    }

    /// Reads `output.count` codes and checks that each is below `distinctCount`. Null rows of the
    /// valid-only layout get a code below it too (0 or a neighbour's).
    static func read(
        _ reader: inout ByteReader, distinctCount: Int, validity: ValidityBitmap? = nil, into output: UnsafeMutableBufferPointer<UInt32>
    ) throws {
        guard let tag = try? reader.read(UInt8.self) else { throw StorageFault("dictionary codes are truncated") }
        switch EncodingKind(rawValue: tag) {
        case .frameOfReference: try BitPacking.readBlock(&reader, into: output)
        case .runLength:
            try RunLengthCodec.readRuns(&reader, into: output)
        case .validOnly:
            guard let validity, validity.count == output.count, validity.nullCount < output.count, distinctCount > 0 else {
                throw StorageFault("valid-only dictionary codes without a validity bitmap or a valid row")
            }
            try ValidOnlyCodec.readCodes(&reader, validity: validity, distinctCount: distinctCount, into: output)
            return
        default: throw StorageFault("unknown dictionary code layout \(tag)")
        }
        var largest: UInt32 = 0
        for code in output { largest = max(largest, code) }
        guard output.isEmpty || Int(largest) < distinctCount else {
            throw StorageFault("dictionary code \(largest) outside a dictionary of \(distinctCount) values")
        }
    }
}

/// Dictionary for integers: `distinctCount: UInt32`, the sorted distinct values as a bit-packed
/// block relative to the smallest, then the `CodeStream`. Pays when a few values spread over a wide
/// range (e.g. a handful of far-apart years or sparse identifiers).
enum DictionaryCodec: IntegerCodec {
    static let kind = EncodingKind.dictionary

    static func encodedSize(_ profile: IntegerProfile) -> Int? {
        guard let distinct = profile.distinct else { return nil }
        return 4 + BitPacking.blockSize(count: distinct.count, width: profile.rangeWidth)
            + CodeStream.size(count: profile.count, distinctCount: distinct.count,
                              runCount: profile.runCount, runLengthWidth: profile.runLengthWidth)
    }

    static func encode<T: PhysicalInteger>(_ values: UnsafeBufferPointer<T>, _ profile: IntegerProfile, into writer: inout ByteWriter) {
        let distinct = profile.distinct!
        writer.write(UInt32(distinct.count))
        distinct.withUnsafeBufferPointer {
            BitPacking.writeBlock($0, reference: profile.min, width: profile.rangeWidth, into: &writer)
        }
        var codes = [UInt32](repeating: 0, count: values.count)
        codes.withUnsafeMutableBufferPointer { out in
            let range = UInt64(bitPattern: profile.max &- profile.min)
            if range < 1 << 20 {
                // Direct lookup by offset from the minimum.
                var rank = [UInt32](repeating: 0, count: Int(range) + 1)
                for (code, value) in distinct.enumerated() { rank[Int(value &- profile.min)] = UInt32(code) }
                for i in 0..<values.count { out[i] = rank[Int(Int64(values[i]) &- profile.min)] }
            } else {
                for i in 0..<values.count { out[i] = UInt32(binarySearch(distinct, Int64(values[i]))) }
            }
        }
        codes.withUnsafeBufferPointer {
            CodeStream.write($0, distinctCount: distinct.count, runCount: profile.runCount,
                             runLengthWidth: profile.runLengthWidth, into: &writer)
        }
    }

    static func decode<T: PhysicalInteger>(_ reader: inout ByteReader, into output: UnsafeMutableBufferPointer<T>) throws {
        guard let distinctCount = try? Int(reader.read(UInt32.self)), distinctCount <= max(output.count, 1) else {
            throw StorageFault("dictionary size is truncated or larger than the chunk")
        }
        var dictionary = [T](repeating: 0, count: distinctCount)
        try dictionary.withUnsafeMutableBufferPointer { buffer in try BitPacking.readBlock(&reader, into: buffer) }
        var codes = [UInt32](repeating: 0, count: output.count)
        try codes.withUnsafeMutableBufferPointer { buffer in
            try CodeStream.read(&reader, distinctCount: distinctCount, into: buffer)
        }
        dictionary.withUnsafeBufferPointer { values in
            codes.withUnsafeBufferPointer { codes in
                for i in 0..<codes.count { output[i] = values[Int(codes[i])] }
            }
        }
    }

    private static func binarySearch(_ sorted: [Int64], _ value: Int64) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
