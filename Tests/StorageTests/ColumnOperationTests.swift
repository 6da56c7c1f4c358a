import Testing
@testable import Storage

/// Properties of the column operations an ingest assembles row groups with: concatenation (of flat
/// and dictionary-coded strings, and of validity bitmaps at any bit offset) and removal of rows.
@Suite("Column operations")
struct ColumnOperationTests {
    static let dictionary = StringColumn(["A", "BB", "CCC", "DDDD"])

    static func columns(count: Int, rng: inout SeededGenerator) -> [Column] {
        var columns = ColumnType.allCases.map { type in
            TestData.column(type, count: count, shape: .uniform, nulls: rng.next() % 2 == 0 ? .some : .none, rng: &rng)
        }
        let codes = (0..<count).map { _ in UInt32(rng.next() % 4) }
        var validity = ValidityBitmap(allValid: count)
        for row in 0..<count where rng.next() % 5 == 0 { validity.setNull(row) }
        columns.append(Column(.dictionaryString(DictionaryStrings(codes: codes, dictionary: dictionary, isSortedAndDistinct: true)),
                              validity: validity))
        return columns
    }

    @Test("concatenating pieces equals the values one by one; shared dictionaries stay dictionary-coded")
    func concatenate() {
        var rng = SeededGenerator(seed: 12)
        for _ in 0..<30 {
            let sizes = (0..<Int(rng.next() % 4 + 1)).map { _ in Int(rng.next() % 150) }
            let pieces = sizes.map { Self.columns(count: $0, rng: &rng) }
            for index in pieces[0].indices {
                let parts = pieces.map { $0[index] }
                let joined = Column.concatenate(parts)
                let expected = parts.flatMap { part in (0..<part.count).map { part.value(at: $0) } }
                #expect((0..<joined.count).map { joined.value(at: $0) } == expected, "column \(index), sizes \(sizes)")
                if case .dictionaryString = parts[0].values, parts.count > 1 {
                    guard case .dictionaryString = joined.values else { Issue.record("codes were flattened"); continue }
                }
            }
        }
    }

    @Test("removing rows equals filtering them out")
    func removing() {
        var rng = SeededGenerator(seed: 13)
        for _ in 0..<30 {
            let count = Int(rng.next() % 300)
            let removed = (0..<count).filter { _ in rng.next() % 4 == 0 }
            var keep = [Bool](repeating: true, count: count)
            for row in removed { keep[row] = false }
            for column in Self.columns(count: count, rng: &rng) {
                let fast = column.removing(rows: removed), reference = column.filter(keep)
                #expect(fast.count == reference.count && fast.nullCount == reference.nullCount)
                #expect((0..<fast.count).map { fast.value(at: $0) } == (0..<reference.count).map { reference.value(at: $0) })
            }
        }
    }
}
