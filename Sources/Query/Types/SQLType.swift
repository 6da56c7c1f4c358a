import Storage

/// The logical types a query computes with, as DuckDB names them.
///
/// Every stored integer width reads as `integer` (BIGINT): arithmetic and comparisons happen on
/// 64 bits, so an `int8` level and an `int64` id mix without casts. `null` is the type of a bare
/// `NULL` literal before the binder gives it the type its context needs.
public enum SQLType: Sendable, Hashable, CustomStringConvertible {
    case boolean
    case integer
    case double
    case date
    case varchar
    case null

    public init(_ stored: ColumnType) {
        switch stored {
        case .bool: self = .boolean
        case .int8, .int16, .int32, .int64: self = .integer
        case .float64: self = .double
        case .date: self = .date
        case .string: self = .varchar
        }
    }

    /// The type names `CAST(x AS ...)` accepts, DuckDB's spellings and their usual synonyms.
    public init?(name: String) {
        switch name.uppercased() {
        case "BOOLEAN", "BOOL": self = .boolean
        case "INTEGER", "INT", "INT4", "BIGINT", "INT8", "SMALLINT", "INT2", "TINYINT", "INT1", "HUGEINT", "LONG", "SIGNED":
            self = .integer
        case "DOUBLE", "FLOAT", "FLOAT8", "FLOAT4", "REAL", "DECIMAL", "NUMERIC": self = .double
        case "DATE": self = .date
        case "VARCHAR", "TEXT", "STRING", "CHAR", "BPCHAR": self = .varchar
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .boolean: "BOOLEAN"
        case .integer: "BIGINT"
        case .double: "DOUBLE"
        case .date: "DATE"
        case .varchar: "VARCHAR"
        case .null: "NULL"
        }
    }

    public var isNumeric: Bool { self == .integer || self == .double }

    /// The common type two operands are compared or combined in (`integer` and `double` meet in
    /// `double`; `null` takes the other side's type), or nil when they do not mix.
    static func common(_ a: SQLType, _ b: SQLType) -> SQLType? {
        if a == b { return a }
        if a == .null { return b }
        if b == .null { return a }
        if a.isNumeric && b.isNumeric { return .double }
        return nil
    }
}
