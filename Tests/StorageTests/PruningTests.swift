import Foundation
import Testing
@testable import Storage

@Suite("Pruning")
struct PruningTests {
    /// Ten segments of 100 rows; segment k holds `day` in [1000k, 1000k + 99] and one `certifier`.
    static func makeStore(_ path: String) throws -> Store {
        let store = try Store.create(at: path, options: StoreOptions(rowGroupSize: 100))
        try store.createTable("p", schema: try TableSchema([
            ColumnDefinition("day", .date), ColumnDefinition("certifier", .string), ColumnDefinition("score", .float64),
        ]))
        let days: [Int32] = (0..<1000).map { (row: Int) -> Int32 in Int32((row / 100) * 1000 + row % 100) }
        let certifiers = StringColumn((0..<1000).map { ["AGRI", "CNAM", "EDUC_NAT", "SUP", "TRAVAIL"][$0 / 200] })
        let scores = (0..<1000).map { Double($0) / 10 }
        var valid = [Bool](repeating: true, count: 1000)
        for i in 900..<1000 { valid[i] = false }  // the last segment has only null scores
        try store.append(try ColumnBatch([Column(.date(days)), Column(.string(certifiers)),
                                          Column(.float64(scores), validity: ValidityBitmap(valid))]), to: "p")
        return store
    }

    @Test("predicates outside a segment's min/max skip it without opening it")
    func skipsSegments() throws {
        let path = TestData.temporaryDirectory("pruning")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let table = try Self.makeStore(path).snapshot().table("p")
        #expect(table.segments.count == 10)

        func opened(_ predicates: [ColumnPredicate]) throws -> (kept: Int, opened: Int, rows: Int) {
            var scan = try table.scan(columns: ["day"], pruning: predicates)
            var rows = 0
            while let batch = try scan.next() { rows += batch.count }
            return (scan.segments.count, scan.segmentsOpened, rows)
        }
        #expect(try opened([]) == (10, 10, 1000))
        #expect(try opened([ColumnPredicate("day", .equal, .integer(3050))]) == (1, 1, 100))
        #expect(try opened([ColumnPredicate("day", .equal, .integer(3500))]) == (0, 0, 0))
        #expect(try opened([ColumnPredicate("day", .greaterOrEqual, .integer(7099))]) == (3, 3, 300))
        #expect(try opened([ColumnPredicate("day", .less, .integer(1000))]) == (1, 1, 100))
        #expect(try opened([ColumnPredicate("certifier", .equal, .text("EDUC_NAT"))]) == (2, 2, 200))
        #expect(try opened([ColumnPredicate("certifier", .equal, .text("DEFENSE"))]) == (0, 0, 0))
        #expect(try opened([ColumnPredicate("certifier", .greater, .text("SUP")),
                            ColumnPredicate("day", .less, .integer(9000))]) == (1, 1, 100))
        #expect(try opened([ColumnPredicate("score", .isNull)]) == (1, 1, 100))
        #expect(try opened([ColumnPredicate("score", .greater, .real(-1))]) == (9, 9, 900))
        #expect(try opened([ColumnPredicate("score", .isNotNull)]) == (9, 9, 900))
        #expect(throws: StorageError.self) { try opened([ColumnPredicate("nope", .isNull)]) }
    }

    /// Property: pruning never drops a segment holding a matching row.
    @Test("pruning is safe on random data and predicates")
    func neverDropsMatches() throws {
        var rng = SeededGenerator(seed: 2024)
        let ops: [ColumnPredicate.Operator] = [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual]
        for _ in 0..<300 {
            let values = (0..<50).map { _ in Int64.random(in: -20...20, using: &rng) }
            let nulls = (0..<50).map { _ in Int.random(in: 0..<4, using: &rng) == 0 }
            let column = Column(.int64(values), validity: ValidityBitmap(nulls.map { !$0 }))
            let statistics = ChunkEncoder.encode(column, policy: .measured).descriptor.statistics
            let constant = Int64.random(in: -25...25, using: &rng)
            let op = ops.randomElement(using: &rng)!
            let predicate = ColumnPredicate("x", op, .integer(constant))
            let matches = zip(values, nulls).contains { value, isNull in
                guard !isNull else { return false }
                switch op {
                case .equal: return value == constant
                case .notEqual: return value != constant
                case .less: return value < constant
                case .lessOrEqual: return value <= constant
                case .greater: return value > constant
                case .greaterOrEqual: return value >= constant
                default: return true
                }
            }
            if matches { #expect(predicate.mayMatch(statistics, rowCount: 50), "\(predicate) on \(statistics)") }
        }
    }
}
