import Storage

/// One SQL value: a constant of the query, or one cell of a result. Hot loops never see it;
/// they work on typed vectors (`Vector`).
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case null
    case boolean(Bool)
    case integer(Int64)
    case hugeint(Int128)
    /// The unscaled value: `decimal(1250, DECIMAL(4,2))` is 12.50.
    case decimal(Int128, DecimalType)
    case double(Double)
    /// Days since 1970-01-01.
    case date(Int32)
    case varchar(String)

    public var isNull: Bool { self == .null }

    /// A HUGEINT or DECIMAL value of `type` from its 128-bit form (an unscaled decimal).
    static func exact(_ value: Int128, _ type: SQLType) -> Value {
        if case .decimal(let decimal) = type { return .decimal(value, decimal) }
        return .hugeint(value)
    }

    public var type: SQLType {
        switch self {
        case .null: .null
        case .boolean: .boolean
        case .integer: .integer
        case .hugeint: .hugeint
        case .decimal(_, let type): .decimal(type)
        case .double: .double
        case .date: .date
        case .varchar: .varchar
        }
    }

    /// The value as DuckDB prints it (`NULL`, `true`, `2021-03-01`, shortest round-trip doubles).
    public var description: String {
        switch self {
        case .null: "NULL"
        case .boolean(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .hugeint(let value): String(value)
        case .decimal(let value, let type): Decimal128.format(value, type)
        case .double(let value): Value.format(value)
        case .date(let days): Value.format(date: days)
        case .varchar(let value): value
        }
    }

    /// DuckDB's text for a date: `YYYY-MM-DD`, a year before 1 as the year BC it is
    /// (astronomical year 0 is 1 BC): `0003-04-07 (BC)`.
    static func format(date days: Int32) -> String {
        let date = CivilDate(daysSinceEpoch: days)
        guard date.year < 1 else { return date.description }
        return CivilDate(year: 1 - date.year, month: date.month, day: date.day).description + " (BC)"
    }

    static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return String(value)
    }

    /// The value as a double when it is numeric (comparisons across integer and double).
    public var numeric: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .hugeint(let value): Decimal128.double(value)
        case .decimal(let value, let type): Decimal128.double(value, scale: type.scale)
        case .double(let value): value
        default: nil
        }
    }

    /// An exact number as a 128-bit integer at `scale` digits after the point (integers and
    /// decimals; nil for other values or when rescaling overflows).
    func wide(scale: Int) -> Int128? {
        switch self {
        case .integer(let value): Decimal128.rescale(Int128(value), from: 0, to: scale)
        case .hugeint(let value): Decimal128.rescale(value, from: 0, to: scale)
        case .decimal(let value, let type): Decimal128.rescale(value, from: type.scale, to: scale)
        default: nil
        }
    }

    /// SQL ordering for sorts: nil when either side is null (callers place nulls themselves).
    /// Integers and doubles compare by value; strings by their UTF-8 bytes (DuckDB's default
    /// binary collation); NaN sorts above every other double, as in DuckDB.
    static func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.boolean(let x), .boolean(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.integer(let x), .integer(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.hugeint(let x), .hugeint(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.decimal(let x, let tx), .decimal(let y, let ty)) where tx.scale == ty.scale: return x < y ? -1 : (x == y ? 0 : 1)
        case (.date(let x), .date(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.varchar(let x), .varchar(let y)): return compareBytes(x, y)
        default:
            guard let x = a.numeric, let y = b.numeric else { return nil }
            return compareDoubles(x, y)
        }
    }

    static func compareDoubles(_ x: Double, _ y: Double) -> Int {
        if x.isNaN || y.isNaN { return x.isNaN ? (y.isNaN ? 0 : 1) : -1 }
        return x < y ? -1 : (x == y ? 0 : 1)
    }

    static func compareBytes(_ x: String, _ y: String) -> Int {
        var a = x, b = y
        return a.withUTF8 { pa in b.withUTF8 { pb in StringKernels.compareBytes(UnsafeRawBufferPointer(pa), UnsafeRawBufferPointer(pb)) } }
    }
}
