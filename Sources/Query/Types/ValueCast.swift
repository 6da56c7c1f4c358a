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
        if type == .double, let number = value.numeric { return .double(number) }
        switch (value, type) {
        case (_, .varchar): return .varchar(text(value))
        case (.varchar(let s), _): return try parse(s, as: type)
        case (.boolean(let b), _) where type.isNumeric: return try cast(.integer(b ? 1 : 0), to: type)
        case (.integer(let i), .boolean): return .boolean(i != 0)
        case (.hugeint(let i), .boolean), (.decimal(let i, _), .boolean): return .boolean(i != 0)
        case (.double(let d), .boolean): return .boolean(d != 0)
        case (.double(let d), .integer):
            guard let i = integer(rounding: d) else { throw CastError(description: "\(Value.format(d)) is out of the range of BIGINT") }
            return .integer(i)
        case (.double(let d), .hugeint):
            guard let i = Decimal128.from(d, DecimalType.hugeint) else { throw CastError(description: "\(Value.format(d)) is out of the range of HUGEINT") }
            return .hugeint(i)
        case (.double(let d), .decimal(let target)):
            guard let i = Decimal128.from(d, target) else { throw CastError(description: "Could not cast value \(Value.format(d)) to \(target)") }
            return .decimal(i, target)
        case (_, .integer), (_, .hugeint), (_, .decimal):
            return try exact(value, to: type)
        default: throw CastError(description: "cannot cast \(value.type) \(value) to \(type)")
        }
    }

    /// Casts between exact numbers (BIGINT, HUGEINT, DECIMAL): decimals round half away from
    /// zero when digits are dropped; a value that does not fit the target is an error.
    private static func exact(_ value: Value, to type: SQLType) throws(CastError) -> Value {
        let source: (value: Int128, scale: Int)
        switch value {
        case .integer(let i): source = (Int128(i), 0)
        case .hugeint(let i): source = (i, 0)
        case .decimal(let i, let t): source = (i, t.scale)
        default: throw CastError(description: "cannot cast \(value.type) \(value) to \(type)")
        }
        let outOfRange = CastError(description: "Casting value \"\(value)\" to type \(type) failed: value is out of range")
        switch type {
        case .integer:
            guard let i = Int64(exactly: Decimal128.divideRounding(source.value, digits: source.scale)) else { throw outOfRange }
            return .integer(i)
        case .hugeint:
            return .hugeint(Decimal128.divideRounding(source.value, digits: source.scale))
        case .decimal(let target):
            guard let scaled = Decimal128.rescale(source.value, from: source.scale, to: target.scale),
                  Decimal128.fits(scaled, width: target.width) else { throw outOfRange }
            return .decimal(scaled, target)
        default:
            throw CastError(description: "cannot cast \(value.type) \(value) to \(type)")
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
        case .hugeint:
            if let i = Int128(trimmed) { return .hugeint(i) }
        case .decimal(let decimal):
            if let i = Decimal128.parse(trimmed, decimal) { return .decimal(i, decimal) }
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
