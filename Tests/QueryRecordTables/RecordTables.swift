import Bench
import Foundation
import Ingest
import Query
import Storage
import Support

/// The tables every test record runs on, the same rows in the engine's stores and in DuckDB (the
/// recording script loads `dump(to:)`'s files; nothing goes through a CSV sniffer).
///
/// - `pathways`: the harmonised schema, rows from the calibrated generator, then NULLs added in
///   every nullable column, extreme values (dates 0001-01-01 and 9999-12-31, the smallest and
///   largest integers, empty and non-ASCII strings) and deleted "ghost" rows with values found
///   nowhere else;
/// - `nulls_0`, `nulls_1`, `nulls_50`, `nulls_99`, `nulls_100`: one schema of every type, with
///   that share of NULLs in every nullable column;
/// - `empty` (no row) and `single` (one row) of that schema;
/// - `p` and `r`: the older differential tables (pathway-like rows, a reference table to join).
public enum RecordTables {
    public static let seed: UInt64 = 20_261_207

    public static let all: [RecordTable] = {
        var random = SplitMix64(seed: seed)
        var tables = [pathways(&random)]
        for share in nullShares { tables.append(typed("nulls_\(share)", rows: 600, nullShare: Double(share) / 100, &random)) }
        tables.append(typed("empty", rows: 0, nullShare: 0, &random))
        tables.append(typed("single", rows: 1, nullShare: 0, &random))
        let older = TestTables.make(rows: 4_000, seed: seed)
        tables.append(RecordTable(name: "p", columns: older.p.columns, rows: older.p.rows, deleted: older.deletedPositions))
        tables.append(RecordTable(name: "r", columns: older.r.columns, rows: older.r.rows))
        return tables
    }()

    public static let nullShares = [0, 1, 50, 99, 100]

    /// Writes every table into a new store.
    public static func writeStore(at path: String, options: StoreOptions) throws -> Store {
        let store = try Store.create(at: path, options: options)
        for table in all { try table.write(to: store) }
        return store
    }

    /// Writes `schema.sql` (DuckDB DDL) and one `<table>.jsonl` of live rows per table.
    public static func dump(to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try (all.map(\.ddl).joined(separator: "\n") + "\n").write(toFile: directory + "/schema.sql", atomically: true, encoding: .utf8)
        for table in all { try table.jsonLines.write(toFile: directory + "/\(table.name).jsonl", atomically: true, encoding: .utf8) }
    }

    static let minimumDate = CivilDate(year: 1, month: 1, day: 1).daysSinceEpoch
    static let maximumDate = CivilDate(year: 9999, month: 12, day: 31).daysSinceEpoch
    static let texts = ["", "é", "Île-de-France", "O'Brien", "quote\"d", "tab\there", "line\nbreak", "100%", "a_b", "ÉCOLE",
                        "école", "Zürich", "日本", "🙂", " lead", "trail ", "NULL", "-", "0", "z"]

    /// The harmonised schema's table.
    static func pathways(_ random: inout SplitMix64) -> RecordTable {
        var generator = PathwayGenerator(GeneratorOptions(rows: 2_400, seed: seed))
        var rows: [[Value]] = []
        while let synthetic = generator.next() { rows.append(row(synthetic.pathway)) }
        let columns = PathwaySchema.schema.columns.map { (name: $0.name, type: $0.type, nullable: $0.nullable) }
        // More NULLs: 3% of every nullable column, beyond what the generator leaves empty.
        for index in rows.indices {
            for (c, column) in columns.enumerated() where column.nullable && Double.random(in: 0..<1, using: &random) < 0.03 {
                rows[index][c] = .null
            }
        }
        // Extremes, each in a row of its own.
        func set(_ row: Int, _ name: String, _ value: Value) {
            guard let c = columns.firstIndex(where: { $0.name == name }) else { preconditionFailure("no column \(name)") }
            rows[row][c] = value
        }
        set(10, "application_date", .date(minimumDate)); set(11, "application_date", .date(maximumDate))
        set(12, "jury_date", .date(minimumDate)); set(13, "jury_date", .date(maximumDate))
        set(14, "pathway_id", .integer(.min)); set(15, "pathway_id", .integer(.max))
        set(16, "candidate_id", .integer(.min)); set(17, "candidate_id", .integer(-1))
        set(18, "level", .integer(Int64(Int8.min))); set(19, "level", .integer(Int64(Int8.max)))
        set(20, "birth_year", .integer(Int64(Int16.min))); set(21, "birth_year", .integer(Int64(Int16.max)))
        set(22, "department", .varchar("")); set(23, "region", .varchar("Île-de-France")); set(24, "outcome", .varchar("日本"))
        set(25, "certification_code", .varchar("")); set(26, "certifier", .varchar("ÉCOLE"))
        // Ghosts: rows of their own values, deleted by the second commit.
        var deleted = Set<Int>()
        for position in stride(from: 3, to: rows.count / 2, by: 97) {
            for c in columns.indices {
                switch columns[c].type {
                case .string: rows[position][c] = .varchar("GHOST")
                case .date: rows[position][c] = .date(CivilDate(year: 2099, month: 9, day: 9).daysSinceEpoch)
                case .bool: rows[position][c] = .null
                default: rows[position][c] = .integer(99)
                }
            }
            deleted.insert(position)
        }
        return RecordTable(name: PathwaySchema.tableName, columns: columns, rows: rows, deleted: deleted)
    }

    static func row(_ p: Pathway) -> [Value] {
        func text(_ s: String?) -> Value { s.map(Value.varchar) ?? .null }
        func date(_ d: Int32?) -> Value { d.map(Value.date) ?? .null }
        return [
            .integer(p.pathwayID), .integer(Int64(bitPattern: p.candidateID)), .varchar(p.certifier), .varchar(p.certificationCode),
            p.level.map { .integer(Int64($0)) } ?? .null, text(p.region), text(p.department), text(p.sex),
            p.birthYear.map { .integer(Int64($0)) } ?? .null, text(p.employmentStatus), text(p.funding), date(p.infoDate),
            .date(p.applicationDate), date(p.admissibilityDate), p.admissible.map(Value.boolean) ?? .null, date(p.supportStartDate),
            date(p.portfolioDate), date(p.juryDate), text(p.outcome), date(p.outcomeDate),
        ]
    }

    /// A table of every type: `id` (never NULL), `g` (a few group keys), `b`, `i` (moderate
    /// integers), `x` (extreme integers), `s` (16-bit), `f`, `d` (0001-01-01 to 9999-12-31),
    /// `t` (texts with empty, non-ASCII, quotes and control characters), `k` (a date key).
    static func typed(_ name: String, rows count: Int, nullShare: Double, _ random: inout SplitMix64) -> RecordTable {
        let columns: [(name: String, type: ColumnType, nullable: Bool)] = [
            ("id", .int64, false), ("g", .string, true), ("b", .bool, true), ("i", .int64, true), ("x", .int64, true),
            ("s", .int16, true), ("f", .float64, true), ("d", .date, true), ("t", .string, true), ("k", .date, true),
        ]
        let groups = ["a", "b", "c", "", "é"]
        let extremes: [Int64] = [.min, .max, .min + 1, .max - 1, 0, -1, 1]
        var rows: [[Value]] = []
        for id in 0..<count {
            func maybe(_ value: Value) -> Value { Double.random(in: 0..<1, using: &random) < nullShare ? .null : value }
            let span = maximumDate - minimumDate
            rows.append([
                .integer(Int64(id)),
                maybe(.varchar(groups[Int.random(in: 0..<groups.count, using: &random)])),
                maybe(.boolean(Bool.random(using: &random))),
                maybe(.integer(Int64.random(in: -1_000_000...1_000_000, using: &random))),
                maybe(.integer(extremes[Int.random(in: 0..<extremes.count, using: &random)])),
                maybe(.integer(Int64(Int16.random(in: .min ... .max, using: &random)))),
                maybe(.double((Double.random(in: -1e6...1e6, using: &random) * 100).rounded() / 100)),
                maybe(.date(id % 7 == 0 ? (id % 2 == 0 ? minimumDate : maximumDate) : minimumDate + Int32.random(in: 0...span, using: &random))),
                maybe(.varchar(texts[Int.random(in: 0..<texts.count, using: &random)])),
                maybe(.date(CivilDate(year: 2020, month: 1, day: 1).daysSinceEpoch + Int32.random(in: 0..<6, using: &random))),
            ])
        }
        return RecordTable(name: name, columns: columns, rows: rows, deleted: Set(stride(from: 1, to: count / 2, by: 11)))
    }
}
