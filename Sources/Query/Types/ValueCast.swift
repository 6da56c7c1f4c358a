import Storage

/// A value that does not convert to the requested type ("'abc' is not a BIGINT").
struct CastError: Error, CustomStringConvertible {
    let description: String
}

/// Conversions between SQL types, with DuckDB's rules: doubles round half away from zero into
/// integers, strings parse strictly (surrounding spaces allowed), dates read and print as ISO
/// `YYYY-MM-DD`. Cold code: applied to constants, to dictionary entries, or to single values.
enum ValueCast {
    static func cast(_ value: Value, to type: SQLType) throws(CastError) -> Value {
        if value.isNull || value.type == type { return value }
        switch (value, type) {
        case (_, .varchar): return .varchar(text(value))
        case (.boolean(let b), .integer): return .integer(b ? 1 : 0)
        case (.boolean(let b), .double): return .double(b ? 1 : 0)
        case (.integer(let i), .double): return .double(Double(i))
        case (.integer(let i), .boolean): return .boolean(i != 0)
        case (.double(let d), .integer):
            guard let i = integer(rounding: d) else { throw CastError(description: "\(Value.format(d)) is out of the range of BIGINT") }
            return .integer(i)
        case (.double(let d), .boolean): return .boolean(d != 0)
        case (.varchar(let s), _): return try parse(s, as: type)
        default: throw CastError(description: "cannot cast \(value.type) \(value) to \(type)")
        }
    }

    static func integer(rounding value: Double) -> Int64? {
        let rounded = value.rounded(.toNearestOrAwayFromZero)
        guard rounded >= -9.223372036854775808e18, rounded < 9.223372036854775808e18 else { return nil }
        return Int64(rounded)
    }

    /// The text of a value cast to VARCHAR (Swift's shortest round-trip doubles: "3.0", "0.1").
    static func text(_ value: Value) -> String { value.description }

    static func parse(_ text: String, as type: SQLType) throws(CastError) -> Value {
        let trimmed = text.trimmingCharacters(in: " ")
        switch type {
        case .integer:
            if let i = Int64(trimmed) { return .integer(i) }
        case .double:
            if let d = Double(trimmed) { return .double(d) }
        case .date:
            if let days = CivilDate.parseISO(trimmed) { return .date(days) }
        case .boolean:
            switch trimmed.lowercased() {
            case "true", "t", "1", "yes", "y": return .boolean(true)
            case "false", "f", "0", "no", "n": return .boolean(false)
            default: break
            }
        case .varchar, .null: return .varchar(text)
        }
        throw CastError(description: "could not convert string '\(text)' to \(type)")
    }
}

extension CivilDate {
    /// Days since 1970-01-01 of an ISO `YYYY-MM-DD` date (year 0001-9999), nil when malformed or impossible.
    public static func parseISO(_ text: String) -> Int32? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), year >= 1 else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        return date.isValid ? date.daysSinceEpoch : nil
    }
}
