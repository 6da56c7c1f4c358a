import Storage

/// The logical types a query computes with, as DuckDB names them.
///
/// Every stored integer width reads as `integer` (BIGINT): arithmetic and comparisons happen on
/// 64 bits, so an `int8` level and an `int64` id mix without casts. `hugeint` is DuckDB's 128-bit
/// integer (the type of an integer sum); `decimal` is exact fixed-point with its width and scale.
/// `null` is the type of a bare `NULL` literal before the binder gives it the type its context
/// needs. A parametric type carries its parameters in its case (`decimal(DecimalType)`), as the
/// types to come will (a timestamp's unit, a list's element type).
public enum SQLType: Sendable, Hashable, CustomStringConvertible {
    case boolean
    case integer
    case hugeint
    case decimal(DecimalType)
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

    /// The type names `CAST(x AS ...)` accepts, DuckDB's spellings and their usual synonyms;
    /// `DECIMAL(p,s)`, `DECIMAL(p)` (scale 0) and `DECIMAL` (18,3) as DuckDB reads them;
    /// `VARCHAR(n)` is VARCHAR (DuckDB ignores the length).
    /// Throws for a decimal whose width or scale is out of range, nil for an unknown name.
    public init?(name: String) throws(TypeNameError) {
        let upper = name.uppercased()
        if let open = upper.firstIndex(of: "("), upper.hasSuffix(")") {
            let base = upper[..<open].trimmingCharacters(in: .whitespaces)
            if ["VARCHAR", "CHAR", "BPCHAR", "TEXT", "STRING"].contains(base) { // a length, ignored as DuckDB does
                self = .varchar
                return
            }
            guard base == "DECIMAL" || base == "NUMERIC" || base == "DEC" else { return nil }
            let inside = upper[upper.index(after: open)..<upper.index(before: upper.endIndex)]
            let numbers = inside.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard (1...2).contains(numbers.count), let width = numbers[0], let scale = numbers.count == 2 ? numbers[1] : 0 else {
                throw TypeNameError(description: "\(name) is not a DECIMAL type: write DECIMAL(width, scale)")
            }
            self = .decimal(try DecimalType(checkedWidth: width, scale: scale))
            return
        }
        switch upper {
        case "BOOLEAN", "BOOL", "LOGICAL": self = .boolean
        case "INTEGER", "INT", "INT4", "BIGINT", "INT8", "SMALLINT", "INT2", "TINYINT", "INT1", "LONG", "SIGNED", "INT64", "INT32":
            self = .integer
        case "HUGEINT", "INT128": self = .hugeint
        case "DOUBLE", "FLOAT", "FLOAT8", "FLOAT4", "REAL": self = .double
        case "DECIMAL", "NUMERIC", "DEC": self = .decimal(DecimalType.unspecified)
        case "DATE": self = .date
        case "VARCHAR", "TEXT", "STRING", "CHAR", "BPCHAR": self = .varchar
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .boolean: "BOOLEAN"
        case .integer: "BIGINT"
        case .hugeint: "HUGEINT"
        case .decimal(let decimal): decimal.description
        case .double: "DOUBLE"
        case .date: "DATE"
        case .varchar: "VARCHAR"
        case .null: "NULL"
        }
    }

    public var isNumeric: Bool {
        switch self {
        case .integer, .hugeint, .decimal, .double: true
        default: false
        }
    }

    public var isDecimal: Bool {
        if case .decimal = self { return true }
        return false
    }

    /// Whether values are exact numbers held as 128-bit integers (HUGEINT, or a DECIMAL's
    /// unscaled value).
    var isWide: Bool {
        switch self {
        case .hugeint, .decimal: true
        default: false
        }
    }

    /// The decimal an exact number converts to without loss (BIGINT is DECIMAL(19,0) in
    /// DuckDB's promotion rules, HUGEINT DECIMAL(38,0)); nil for other types.
    var asDecimal: DecimalType? {
        switch self {
        case .integer: DecimalType.bigint
        case .hugeint: DecimalType.hugeint
        case .decimal(let decimal): decimal
        default: nil
        }
    }

    /// The common type two operands are compared or combined in, DuckDB's promotions: integers
    /// widen to HUGEINT, exact numbers meet in the DECIMAL that holds both, anything with DOUBLE
    /// is DOUBLE; `null` takes the other side's type. Nil when the types do not mix.
    static func common(_ a: SQLType, _ b: SQLType) -> SQLType? {
        if a == b { return a }
        if a == .null { return b }
        if b == .null { return a }
        guard a.isNumeric && b.isNumeric else { return nil }
        if a == .double || b == .double { return .double }
        guard a.isDecimal || b.isDecimal else { return .hugeint } // BIGINT with HUGEINT
        guard let x = a.asDecimal, let y = b.asDecimal else { return nil }
        return .decimal(DecimalType.holding(x, y))
    }
}

/// A type name that names a type with impossible parameters (`DECIMAL(40,2)`).
public struct TypeNameError: Error, CustomStringConvertible {
    public let description: String
}
