import Bench
import Foundation
import Query
import Storage
import Support

/// Seeded randomness for the test tables and queries (the generator's SplitMix64).
public typealias SeededGenerator = SplitMix64

/// The tables the differential tests query, as rows of values: `p` (pathway-like, every column
/// type, nulls, near-unique strings with quotes, accents, `%` and `_`) and `r` (a small reference
/// table keyed by certifier, one key absent from `p` and one of `p`'s keys absent from it).
public struct TestTables {
    public struct Table: Sendable {
        public let name: String
        public let columns: [(name: String, type: ColumnType, nullable: Bool)]
        public var rows: [[Value]]

        public init(name: String, columns: [(name: String, type: ColumnType, nullable: Bool)], rows: [[Value]]) {
            self.name = name
            self.columns = columns
            self.rows = rows
        }
    }

    public var p: Table
    public var r: Table
    /// Rows of `p` appended first then deleted by the second commit (present in the store's
    /// segments, invisible to queries; SQLite never sees them).
    public var deletedPositions: Set<Int>

    public static let certifiers = ["EDUC_NAT", "SANTE_SOCIAL", "TRAVAIL", "SUP", "AGRI", "CNAM", "BRANCHE", "CULTURE"]
    public static let departments = ["75", "13", "69", "2A", "2B", "971", "974", "33", "59", "01", "06", "44"]

    public static func make(rows count: Int, seed: UInt64) -> TestTables {
        var random = SeededGenerator(seed: seed)
        func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
        let day2015 = CivilDate(year: 2015, month: 1, day: 1).daysSinceEpoch
        let notes = ["", "l'été", "100% réussi", "a_b", "O'Brien", "ÉCOLE", "école", "x%y_z", "plain", "Zürich", "ünïcode", "quote\"d"]
        var rows: [[Value]] = []
        for id in 1...count {
            let certifier = certifiers[Int(pow(Double.random(in: 0..<1, using: &random), 1.6) * Double(certifiers.count))]
            let code = "RNCP" + String(1000 + Int.random(in: 0..<300, using: &random))
            let level: Value = chance(0.05) ? .null : .integer(Int64.random(in: 3...8, using: &random))
            let department: Value = chance(0.04) ? .null : .varchar(departments.randomElement(using: &random)!)
            let sex: Value = .varchar(chance(0.7) ? "F" : "M")
            let birthYear: Value = .integer(Int64.random(in: 1950...2002, using: &random))
            let amount: Value = chance(0.1) ? .null : (chance(0.05) ? .double(0) : .double((Double.random(in: -50...5000, using: &random) * 100).rounded() / 100))
            let application = day2015 + Int32.random(in: 0..<(9 * 365), using: &random)
            let admissibility: Value = chance(0.15) ? .null : .date(application + Int32.random(in: 0...200, using: &random))
            var jury: Value = .null
            var outcome: Value = .null
            if case .date(let a) = admissibility, chance(0.75) {
                jury = .date(a + Int32.random(in: 30...900, using: &random))
                outcome = .varchar(["TOTAL", "TOTAL", "PARTIAL", "NONE"].randomElement(using: &random)!)
            }
            let admissible: Value = admissibility.isNull ? (chance(0.5) ? .null : .boolean(false)) : .boolean(!chance(0.1))
            let note: Value = chance(0.3) ? .null : .varchar(chance(0.5) ? notes.randomElement(using: &random)! : "n\(id)-\(Int.random(in: 0..<1_000_000, using: &random))")
            rows.append([.integer(Int64(id)), .integer(Int64.random(in: 1...(Int64(count) / 3), using: &random)), .varchar(certifier),
                         .varchar(code), level, department, sex, birthYear, amount, .date(application), admissibility, jury,
                         admissible, outcome, note])
        }
        let pColumns: [(String, ColumnType, Bool)] = [
            ("id", .int64, false), ("cand", .int64, false), ("certifier", .string, false), ("code", .string, false),
            ("level", .int8, true), ("dept", .string, true), ("sex", .string, false), ("birth_year", .int16, false),
            ("amount", .float64, true), ("app_date", .date, false), ("adm_date", .date, true), ("jury_date", .date, true),
            ("admissible", .bool, true), ("outcome", .string, true), ("note", .string, true),
        ]
        let reference: [[Value]] = [
            [.varchar("EDUC_NAT"), .varchar("Éducation nationale"), .integer(3)],
            [.varchar("SANTE_SOCIAL"), .varchar("Santé et social"), .integer(2)],
            [.varchar("TRAVAIL"), .varchar("Travail"), .integer(2)],
            [.varchar("SUP"), .varchar("Enseignement supérieur"), .integer(1)],
            [.varchar("AGRI"), .varchar("Agriculture"), .null],
            [.varchar("CNAM"), .varchar("Cnam"), .integer(1)],
            [.varchar("DEFENSE"), .varchar("Défense"), .integer(1)],
        ]
        var deleted = Set<Int>()
        for position in stride(from: 5, to: min(count, 3000), by: 7) { deleted.insert(position) }
        return TestTables(
            p: Table(name: "p", columns: pColumns.map { ($0.0, $0.1, $0.2) }, rows: rows),
            r: Table(name: "r", columns: [("certifier", .string, false), ("label", .string, false), ("weight", .int64, true)], rows: reference),
            deletedPositions: deleted)
    }

    /// Writes both tables into a new store: `p` in two commits with small row groups (many
    /// segments for zone maps and parallelism), the second commit deleting `deletedPositions`.
    public func writeStore(at path: String, rowGroupSize: Int) throws -> Store {
        let store = try Store.create(at: path, options: StoreOptions(rowGroupSize: rowGroupSize))
        for table in schemas { _ = try store.createTable(table.name, schema: try TableSchema(table)) }
        let half = p.rows.count / 2
        try store.append(try TestTables.batch(p, rows: p.rows[..<half]), to: "p")
        let first = try store.snapshot().table("p").segments
        var deletions: [Int64: DeletionVector] = [:]
        for segment in first {
            let start = Int(first.prefix { $0.id != segment.id }.reduce(0) { $0 + $1.rowCount })
            let rows = (0..<segment.rowCount).filter { deletedPositions.contains(start + $0) }.map { UInt32($0) }
            if !rows.isEmpty { deletions[segment.id] = try DeletionVector(rows: rows, segmentRowCount: segment.rowCount) }
        }
        try store.append(try TestTables.batch(p, rows: p.rows[half...]), to: "p", deleting: deletions)
        try store.append(try TestTables.batch(r, rows: r.rows[...]), to: "r")
        return store
    }

    /// The rows queries see: `p` without the deleted ones.
    public var liveP: [[Value]] {
        p.rows.enumerated().filter { !deletedPositions.contains($0.offset) }.map(\.element)
    }

    public static func batch(_ table: Table, rows: ArraySlice<[Value]>) throws -> ColumnBatch {
        try ColumnBatch(table.columns.enumerated().map { index, column in
            let values = rows.map { $0[index] }
            let validity = values.contains(.null) ? ValidityBitmap(values.map { !$0.isNull }) : nil
            let stored: ColumnValues
            switch column.type {
            case .int8: stored = .int8(values.map { if case .integer(let v) = $0 { Int8(v) } else { 0 } })
            case .int16: stored = .int16(values.map { if case .integer(let v) = $0 { Int16(v) } else { 0 } })
            case .int64: stored = .int64(values.map { if case .integer(let v) = $0 { v } else { 0 } })
            case .float64: stored = .float64(values.map { if case .double(let v) = $0 { v } else { 0 } })
            case .date: stored = .date(values.map { if case .date(let v) = $0 { v } else { 0 } })
            case .bool: stored = .bool(values.map { if case .boolean(let v) = $0 { v } else { false } })
            case .string: stored = .string(StringColumn(values.map { if case .varchar(let v) = $0 { v } else { "" } }))
            case .int32: stored = .int32(values.map { if case .integer(let v) = $0 { Int32(v) } else { 0 } })
            }
            return Column(stored, validity: validity)
        })
    }

    public var schemas: [Table] { [p, r] }
}

extension TableSchema {
    public init(_ table: TestTables.Table) throws {
        try self.init(table.columns.map { ColumnDefinition($0.name, $0.type, nullable: $0.nullable) })
    }
}
