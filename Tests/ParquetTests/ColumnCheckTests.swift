@testable import Parquet
import Testing

/// Values that do not fit their column are refused before a byte is written.
@Suite("Parquet column checks")
struct ColumnCheckTests {
    @Test("wrong counts, wrong types, codes beyond the dictionary, decimals beyond their precision, duplicate names")
    func refusals() throws {
        let encoder = ParquetRowGroupEncoder(columns: [ParquetColumn(name: "x", type: .int64)])
        #expect(throws: ParquetError.self) { try encoder.encode([ParquetColumnData(.int64s([1, 2]))], rows: 3) }
        #expect(throws: ParquetError.self) { try encoder.encode([ParquetColumnData(.doubles([1]))], rows: 1) }
        #expect(throws: ParquetError.self) { try encoder.encode([ParquetColumnData(.int64s([1]), validity: [1, 0])], rows: 1) }
        #expect(throws: ParquetError.self) { try encoder.encode([], rows: 1) }
        #expect(throws: ParquetError.self) { try encoder.encode([ParquetColumnData(.int64s([]))], rows: 0) }
        let strings = ParquetRowGroupEncoder(columns: [ParquetColumn(name: "s", type: .string)])
        #expect(throws: ParquetError.self) {
            try strings.encode([ParquetColumnData(.strings(codes: [2], offsets: [0, 1], bytes: [65]))], rows: 1)
        }
        #expect(throws: ParquetError.self) {
            try strings.encode([ParquetColumnData(.strings(codes: [0], offsets: [0, 2], bytes: [65]))], rows: 1)
        }
        // A code beyond the dictionary at a NULL row is never read.
        _ = try strings.encode([ParquetColumnData(.strings(codes: [7], offsets: [0, 1], bytes: [65]), validity: [0])], rows: 1)
        let decimal = ParquetRowGroupEncoder(columns: [ParquetColumn(name: "d", type: .decimal(precision: 3, scale: 1))])
        #expect(throws: ParquetError.self) { try decimal.encode([ParquetColumnData(.int128s([1000]))], rows: 1) }
        _ = try decimal.encode([ParquetColumnData(.int128s([999, -999]))], rows: 2)
        #expect(throws: ParquetError.self) {
            try ParquetFileBuilder(columns: [ParquetColumn(name: "a", type: .int64), ParquetColumn(name: "a", type: .date)])
        }
    }
}
