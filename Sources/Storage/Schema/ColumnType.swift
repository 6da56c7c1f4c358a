/// The logical type of a column, as stored in segment files and in the catalog.
///
/// Raw values are part of the file format: never renumber a case.
/// Physically every non-string type is a signed integer of some width (bool as 0/1 in an Int8,
/// date as days since 1970-01-01 in an Int32, float64 as its IEEE bit pattern in an Int64), so all
/// integer encodings apply to them and round-trip exactly.
public enum ColumnType: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case bool = 1
    case int8 = 2
    case int16 = 3
    case int32 = 4
    case int64 = 5
    case float64 = 6
    case date = 7
    case string = 8

    /// Width in bytes of the physical integer; 0 for strings (variable length).
    public var physicalWidth: Int {
        switch self {
        case .bool, .int8: 1
        case .int16: 2
        case .int32, .date: 4
        case .int64, .float64: 8
        case .string: 0
        }
    }

    public var description: String { name }

    /// The name used in the catalog, in `describe` output and in schemas given on the command line.
    public var name: String {
        switch self {
        case .bool: "bool"
        case .int8: "int8"
        case .int16: "int16"
        case .int32: "int32"
        case .int64: "int64"
        case .float64: "float64"
        case .date: "date"
        case .string: "string"
        }
    }

    public init?(name: String) {
        guard let match = ColumnType.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = match
    }
}
