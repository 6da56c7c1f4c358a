import CSQLite
import Bench
import Foundation
import Storage

/// Reference implementations, registered in SQLite, of the functions whose DuckDB meaning SQLite
/// lacks. Written from the definitions (calendar arithmetic through `CivilDate`; the quantiles
/// are the benchmark's SQLite peer's, `SQLiteQuantiles`), independently of the engine's kernels.
enum SQLiteFunctions {
    static func register(_ db: OpaquePointer) {
        let flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC
        sqlite3_create_function_v2(db, "year", 1, flags, nil, { c, _, v in SQLiteFunctions.datePart(c, v) { $0.year } }, nil, nil, nil)
        sqlite3_create_function_v2(db, "month", 1, flags, nil, { c, _, v in SQLiteFunctions.datePart(c, v) { $0.month } }, nil, nil, nil)
        sqlite3_create_function_v2(db, "day", 1, flags, nil, { c, _, v in SQLiteFunctions.datePart(c, v) { $0.day } }, nil, nil, nil)
        sqlite3_create_function_v2(db, "date_trunc", 2, flags, nil, { c, _, v in SQLiteFunctions.dateTrunc(c, v!) }, nil, nil, nil)
        sqlite3_create_function_v2(db, "date_diff", 3, flags, nil, { c, _, v in SQLiteFunctions.dateDiff(c, v!) }, nil, nil, nil)
        sqlite3_create_function_v2(db, "greatest", -1, flags, nil, { c, n, v in SQLiteFunctions.extreme(c, n, v!, greatest: true) }, nil, nil, nil)
        sqlite3_create_function_v2(db, "least", -1, flags, nil, { c, n, v in SQLiteFunctions.extreme(c, n, v!, greatest: false) }, nil, nil, nil)
        sqlite3_create_function_v2(db, "concat", -1, flags, nil, { c, n, v in SQLiteFunctions.concat(c, n, v!) }, nil, nil, nil)
        SQLiteQuantiles.register(db)
    }

    private static func date(_ value: OpaquePointer?) -> CivilDate? {
        guard sqlite3_value_type(value) != SQLITE_NULL else { return nil }
        return CivilDate(daysSinceEpoch: Int32(sqlite3_value_int64(value)))
    }

    private static func text(_ value: OpaquePointer?) -> String {
        String(cString: sqlite3_value_text(value))
    }

    static func datePart(_ context: OpaquePointer?, _ values: UnsafeMutablePointer<OpaquePointer?>?, _ part: (CivilDate) -> Int) {
        guard let date = date(values![0]) else { return sqlite3_result_null(context) }
        sqlite3_result_int64(context, Int64(part(date)))
    }

    static func dateTrunc(_ context: OpaquePointer?, _ values: UnsafeMutablePointer<OpaquePointer?>) {
        guard let date = date(values[1]) else { return sqlite3_result_null(context) }
        let truncated: CivilDate
        switch text(values[0]) {
        case "year": truncated = CivilDate(year: date.year, month: 1, day: 1)
        case "quarter": truncated = CivilDate(year: date.year, month: (date.month - 1) / 3 * 3 + 1, day: 1)
        case "month": truncated = CivilDate(year: date.year, month: date.month, day: 1)
        default: truncated = date
        }
        sqlite3_result_int64(context, Int64(truncated.daysSinceEpoch))
    }

    static func dateDiff(_ context: OpaquePointer?, _ values: UnsafeMutablePointer<OpaquePointer?>) {
        guard let a = date(values[1]), let b = date(values[2]) else { return sqlite3_result_null(context) }
        let difference: Int
        switch text(values[0]) {
        case "year": difference = b.year - a.year
        case "quarter": difference = (b.year * 4 + (b.month - 1) / 3) - (a.year * 4 + (a.month - 1) / 3)
        case "month": difference = (b.year - a.year) * 12 + b.month - a.month
        default: difference = Int(b.daysSinceEpoch) - Int(a.daysSinceEpoch)
        }
        sqlite3_result_int64(context, Int64(difference))
    }

    /// DuckDB's greatest/least: NULL arguments are skipped; NULL only when all are.
    static func extreme(_ context: OpaquePointer?, _ count: Int32, _ values: UnsafeMutablePointer<OpaquePointer?>, greatest: Bool) {
        var best: OpaquePointer?
        for index in 0..<Int(count) where sqlite3_value_type(values[index]) != SQLITE_NULL {
            let value = values[index]
            if best == nil { best = value; continue }
            let order: Double
            if sqlite3_value_type(value) == SQLITE_TEXT {
                order = Double(strcmp(sqlite3_value_text(value), sqlite3_value_text(best)))
            } else {
                order = sqlite3_value_double(value) - sqlite3_value_double(best)
            }
            if greatest ? order > 0 : order < 0 { best = value }
        }
        if let best { sqlite3_result_value(context, best) } else { sqlite3_result_null(context) }
    }

    /// DuckDB's concat: NULLs count as empty strings.
    static func concat(_ context: OpaquePointer?, _ count: Int32, _ values: UnsafeMutablePointer<OpaquePointer?>) {
        var result = ""
        for index in 0..<Int(count) where sqlite3_value_type(values[index]) != SQLITE_NULL { result += text(values[index]) }
        sqlite3_result_text(context, result, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }
}
