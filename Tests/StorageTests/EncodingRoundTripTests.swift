import Testing
@testable import Storage

/// Property: every type × every encoding (forced) × nulls × sizes round-trips exactly through the
/// chunk encoder and decoder, with and without LZ4, and reports the same statistics as the values.
@Suite("Encoding round trips")
struct EncodingRoundTripTests {
    static let sizes = [0, 1, 2, 63, 64, 65, 2047, 2048, 2049, 5000]

    @Test("every encoding round-trips every type", arguments: ColumnType.allCases)
    func roundTrip(type: ColumnType) throws {
        var rng = SeededGenerator(seed: 0xC0FFEE &+ UInt64(type.rawValue))
        var caseIndex = 0
        for encoding in EncodingKind.applicable(to: type) {
            for nulls in TestData.Nulls.allCases {
                for size in Self.sizes {
                    let shape = DataShape.allCases[caseIndex % DataShape.allCases.count]
                    caseIndex += 1
                    let lz4: Bool? = [nil, true, false][caseIndex % 3]
                    try check(type, encoding, shape, nulls, size, lz4, &rng)
                }
            }
            // One full row group per encoding.
            let shape = DataShape.allCases[caseIndex % DataShape.allCases.count]
            try check(type, encoding, shape, .some, StoreOptions().rowGroupSize, nil, &rng)
        }
    }

    private func check(_ type: ColumnType, _ encoding: EncodingKind, _ shape: DataShape, _ nulls: TestData.Nulls,
                       _ size: Int, _ lz4: Bool?, _ rng: inout SeededGenerator) throws {
        let column = TestData.column(type, count: size, shape: shape, nulls: nulls, rng: &rng)
        let policy = EncodingPolicy(forcedEncoding: encoding, forcedLZ4: lz4)
        let encoded = ChunkEncoder.encode(column, policy: policy)
        let context = "\(type) \(encoding) \(shape) nulls=\(nulls) n=\(size) lz4=\(String(describing: lz4))"

        var distinct = Set<StatisticValue>()
        for i in 0..<size where !column.isNull(i) { distinct.insert(column.values.value(at: i)) }
        let constantImpossible = size == 0 || distinct.count > 1
        let dictionaryImpossible = type != .string && distinct.count > IntegerProfile.distinctLimit
        // Valid-only needs nulls to leave out.
        let validOnlyImpossible = encoding == .validOnly && column.validity == nil
        if !(encoding == .constant && constantImpossible) && !(encoding == .dictionary && dictionaryImpossible) && !validOnlyImpossible {
            #expect(encoded.descriptor.encoding == encoding, "forced encoding not used: \(context)")
        }
        if lz4 == false { #expect(encoded.descriptor.compression == .none, "\(context)") }

        let payload: [UInt8]
        if encoded.descriptor.compression == .lz4 {
            var buffer = [UInt8](repeating: 0, count: encoded.descriptor.payloadLength)
            let ok = encoded.bytes.withUnsafeBytes { source in buffer.withUnsafeMutableBytes { LZ4Block.decompress(source, into: $0) } }
            try #require(ok, "LZ4 round trip failed: \(context)")
            payload = buffer
        } else {
            payload = encoded.bytes
        }
        let decoded = try payload.withUnsafeBytes { try ChunkDecoder.decode($0, encoded.descriptor, rowCount: size) }
        let difference = TestData.firstDifference(column, decoded)
        #expect(difference == nil, "values differ after round trip: \(context)")
        // Decoding some rows only gives those rows of the whole.
        var rows: [UInt32] = []
        let keepOneIn = UInt64(1 + size % 5)
        for i in 0..<size where rng.next() % keepOneIn == 0 { rows.append(UInt32(i)) }
        let sparse = try payload.withUnsafeBytes { try ChunkDecoder.decode($0, encoded.descriptor, rowCount: size, rows: rows) }
        #expect(TestData.firstDifference(column.gathering(rows: rows), sparse) == nil, "decoding \(rows.count) rows: \(context)")
        // A run-length chunk read as runs: expanding the runs gives the column back.
        if let runs = try payload.withUnsafeBytes({ try ChunkDecoder.decodeRuns($0, encoded.descriptor, rowCount: size) }) {
            #expect(runs.rows(ofRuns: (0..<runs.runCount).map { UInt32($0) }) == (0..<size).map { UInt32($0) }, "run rows: \(context)")
            var runOfRow: [UInt32] = []
            for (run, length) in runs.lengths.enumerated() { runOfRow += repeatElement(UInt32(run), count: Int(length)) }
            var expanded = runs.values.gathering(rows: runOfRow)
            expanded.validity = runs.validity
            #expect(TestData.firstDifference(column, expanded) == nil, "runs differ: \(context)")
        } else {
            let integral = [ColumnType.int8, .int16, .int32, .int64, .date].contains(type)
            #expect(!(integral && encoded.descriptor.encoding == .runLength), "a run-length chunk not read as runs: \(context)")
        }
        let expected = column.computedStatistics()
        #expect(encoded.descriptor.statistics.min == expected.min, "min: \(context)")
        #expect(encoded.descriptor.statistics.max == expected.max, "max: \(context)")
        #expect(encoded.descriptor.statistics.nullCount == expected.nullCount, "null count: \(context)")
        if let counted = encoded.descriptor.statistics.distinctCount {
            #expect(counted == distinct.count || type == .float64, "distinct count: \(context)")
        }
    }

    @Test("dictionary-coded strings (an ingest's code columns) encode to the same bytes as their flat form")
    func dictionaryCodedInput() throws {
        var rng = SeededGenerator(seed: 31)
        let words = ["", "2A", "84", "EDUC_NAT", "SANTE_SOCIAL", "TRAVAIL", "Île-de-France", "zz"]  // sorted, distinct
        let dictionary = StringColumn(words)
        for size in Self.sizes + [StoreOptions().rowGroupSize] {
            for nulls in TestData.Nulls.allCases {
                for spread in [1, 2, words.count] {
                    for encoding: EncodingKind? in [nil, .dictionary, .constant, .plain] {
                        let codes = (0..<size).map { _ in UInt32(rng.next() % UInt64(spread)) + UInt32(spread == 1 ? 3 : 0) }
                        var validity: ValidityBitmap?
                        if nulls != .none && size > 0 {
                            var bitmap = ValidityBitmap(allValid: size)
                            for row in 0..<size where nulls == .all || rng.next() % 3 == 0 { bitmap.setNull(row) }
                            validity = bitmap
                        }
                        let coded = Column(.dictionaryString(DictionaryStrings(codes: codes, dictionary: dictionary, isSortedAndDistinct: true)),
                                           validity: validity)
                        let flat = Column(.string(StringColumn(codes.map { words[Int($0)] })), validity: validity)
                        let policy = EncodingPolicy(forcedEncoding: encoding, forcedLZ4: false)
                        let context = "n=\(size) nulls=\(nulls) spread=\(spread) encoding=\(String(describing: encoding))"
                        let fromCodes = ChunkEncoder.encode(coded, policy: policy), fromFlat = ChunkEncoder.encode(flat, policy: policy)
                        #expect(fromCodes.descriptor == fromFlat.descriptor, "\(context)")
                        let decoded = try fromCodes.bytes.withUnsafeBytes { try ChunkDecoder.decode($0, fromCodes.descriptor, rowCount: size) }
                        #expect(TestData.firstDifference(flat, decoded) == nil, "\(context)")
                    }
                }
            }
        }
    }

    @Test("the measured choice picks the smallest encoding for typical columns")
    func measuredChoice() {
        var rng = SeededGenerator(seed: 7)
        let n = 10_000
        let sortedDates = Column(.date((0..<n).map { Int32(18_000 + $0 / 40) }))
        #expect(ChunkEncoder.encode(sortedDates, policy: .measured).descriptor.encoding == .runLength)
        let levels = Column(.int8((0..<n).map { _ in Int8.random(in: 3...8, using: &rng) }))
        #expect(ChunkEncoder.encode(levels, policy: .measured).descriptor.encoding == .frameOfReference)
        let years = Column(.int32((0..<n).map { _ in [1950, 1990, 2000, 2_000_000][Int.random(in: 0..<4, using: &rng)] }))
        #expect(ChunkEncoder.encode(years, policy: .measured).descriptor.encoding == .dictionary)
        let steps = Column(.int64((0..<n).map { Int64($0) * 1_000_003 + Int64.random(in: 0...3, using: &rng) }))
        #expect(ChunkEncoder.encode(steps, policy: .measured).descriptor.encoding == .delta)
        let certifiers = Column(.string(StringColumn((0..<n).map { _ in ["EDUC_NAT", "SANTE_SOCIAL", "TRAVAIL"][Int.random(in: 0..<3, using: &rng)] })))
        let chunk = ChunkEncoder.encode(certifiers, policy: .measured)
        #expect(chunk.descriptor.encoding == .dictionary)
        #expect(chunk.descriptor.storedLength < n / 3, "3 values should take about 2 bits each")
        let constant = Column(.string(StringColumn(repeatElement("EDUC_NAT", count: n))))
        #expect(ChunkEncoder.encode(constant, policy: .measured).descriptor.encoding == .constant)
    }

    /// Counts around multiples of 8 exercise the group-of-8 unpacking and its tail; the reference
    /// is not zero, so it must be added back.
    @Test("bit-packing round-trips every width")
    func bitPackingWidths() throws {
        var rng = SeededGenerator(seed: 99)
        for width in 0...64 {
            for count in [0, 1, 7, 8, 9, 15, 16, 17, 64, 65, 1000] {
                let reference: Int64 = width == 64 ? 0 : -5
                let values: [Int64] = (0..<count).map { _ in
                    width == 0 ? reference : Int64(bitPattern: rng.next() & (width == 64 ? ~0 : (UInt64(1) << UInt64(width)) - 1)) &+ reference
                }
                var writer = ByteWriter()
                values.withUnsafeBufferPointer { BitPacking.writeBlock($0, reference: reference, width: width, into: &writer) }
                #expect(writer.count == BitPacking.blockSize(count: count, width: width))
                var decoded = [Int64](repeating: -1, count: count)
                try writer.bytes.withUnsafeBytes { raw in
                    var reader = ByteReader(raw)
                    try decoded.withUnsafeMutableBufferPointer { try BitPacking.readBlock(&reader, into: $0) }
                }
                #expect(decoded == values, "width \(width), count \(count)")
            }
        }
    }

    @Test("a bool chunk holding a byte other than 0 or 1 is refused, wherever the byte is")
    func strayBoolByte() throws {
        for position in [0, 1, 63, 64, 999] {
            var bytes = [Int8](repeating: 0, count: 1_000)
            for i in stride(from: 0, to: 1_000, by: 3) { bytes[i] = 1 }
            bytes[position] = 2
            for encoding in [EncodingKind.plain, .frameOfReference] {
                // The same bytes as an int8 chunk, read back as bools.
                let encoded = ColumnChunkCodec.encode(Column(.int8(bytes)), policy: EncodingPolicy(forcedEncoding: encoding, forcedLZ4: false))
                var descriptor = encoded.descriptor
                descriptor.type = .bool
                #expect(throws: StorageFault.self, "byte \(position), \(encoding)") {
                    _ = try encoded.bytes.withUnsafeBytes { try ChunkDecoder.decode($0, descriptor, rowCount: 1_000) }
                }
            }
        }
    }

    @Test("dictionary codes of a chunk with many nulls are stored for its valid rows only, and read back")
    func validOnlyCodes() throws {
        var rng = SeededGenerator(seed: 9)
        for count in [1, 63, 64, 100, 4_097] {
            for nullShare in [0.4, 0.6, 0.99] {
                let valid = (0..<count).map { _ in Double.random(in: 0..<1, using: &rng) >= nullShare }
                guard valid.contains(true), valid.contains(false) else { continue }
                let validity = ValidityBitmap(valid)
                let codes = (0..<count).map { _ in UInt32.random(in: 0..<3, using: &rng) }
                var writer = ByteWriter()
                codes.withUnsafeBufferPointer {
                    CodeStream.write($0, distinctCount: 3, runCount: count, runLengthWidth: 32, validity: validity, into: &writer)
                }
                // (A few dozen rows can tie with the packed layout, which then wins.)
                let validOnly = writer.bytes.first == EncodingKind.validOnly.rawValue
                if count >= 100 { #expect(validOnly, "\(count) rows, \(nullShare) nulls") }
                #expect(writer.count == CodeStream.size(count: count, distinctCount: 3, runCount: count, runLengthWidth: 32, validity: validity))
                var whole = [UInt32](repeating: 9, count: count)
                try writer.bytes.withUnsafeBytes { raw in
                    var reader = ByteReader(raw)
                    try whole.withUnsafeMutableBufferPointer { try CodeStream.read(&reader, distinctCount: 3, validity: validity, into: $0) }
                }
                for row in 0..<count {
                    if valid[row] { #expect(whole[row] == codes[row], "row \(row) of \(count)") } else { #expect(whole[row] < 3) }
                }
                // Read without the bitmap, the layout is refused, not misread.
                if validOnly {
                    #expect(throws: StorageFault.self) {
                        try writer.bytes.withUnsafeBytes { raw in
                            var reader = ByteReader(raw)
                            try whole.withUnsafeMutableBufferPointer { try CodeStream.read(&reader, distinctCount: 3, into: $0) }
                        }
                    }
                }
            }
        }
    }
}
