/// The type of a column as Parquet stores it: a physical type and the logical type readers map it
/// back to (DuckDB, Arrow, Spark). The caller chooses it; this module only writes it.
public enum ParquetType: Sendable, Equatable, CustomStringConvertible {
    case boolean
    /// INT64, logical INTEGER(64, signed).
    case int64
    /// INT32 days since 1970-01-01, logical DATE.
    case date
    case double
    /// BYTE_ARRAY, logical STRING (UTF-8).
    case string
    /// Exact fixed point: INT32 for a precision up to 9, INT64 up to 18, else a 16-byte
    /// FIXED_LEN_BYTE_ARRAY (big-endian two's complement); values are unscaled.
    case decimal(precision: Int, scale: Int)
    /// A column of NULLs only: INT32, logical UNKNOWN (what DuckDB writes for its NULL type).
    case null

    var physical: PhysicalType {
        switch self {
        case .boolean: .boolean
        case .int64: .int64
        case .date, .null: .int32
        case .double: .double
        case .string: .byteArray
        case .decimal(let precision, _): precision <= 9 ? .int32 : precision <= 18 ? .int64 : .fixedLenByteArray
        }
    }

    /// The bytes of a FIXED_LEN_BYTE_ARRAY value.
    static let wideDecimalBytes = 16

    public var description: String {
        switch self {
        case .boolean: "BOOLEAN"
        case .int64: "INT64"
        case .date: "INT32 (DATE)"
        case .double: "DOUBLE"
        case .string: "BYTE_ARRAY (STRING)"
        case .decimal(let precision, let scale):
            "\(precision <= 9 ? "INT32" : precision <= 18 ? "INT64" : "FIXED_LEN_BYTE_ARRAY(16)") (DECIMAL(\(precision),\(scale)))"
        case .null: "INT32 (NULL)"
        }
    }

    /// The column's SchemaElement fields after its name: type, length, converted and logical types.
    func writeSchemaFields(_ writer: inout ThriftCompactWriter) {
        writer.i32(1, physical.rawValue)
        if physical == .fixedLenByteArray { writer.i32(2, Int32(ParquetType.wideDecimalBytes)) }
        writer.i32(3, 1) // OPTIONAL: every column may hold NULLs
    }

    func writeTypeAnnotations(_ writer: inout ThriftCompactWriter) {
        // Converted (legacy) types first (field 6-8), then the logical type (field 10), as
        // readers older than logical types only know the former.
        switch self {
        case .string: writer.i32(6, 0) // UTF8
        case .date: writer.i32(6, 6) // DATE
        case .int64: writer.i32(6, 18) // INT_64
        case .decimal(let precision, let scale):
            writer.i32(6, 5) // DECIMAL
            writer.i32(7, Int32(scale))
            writer.i32(8, Int32(precision))
        case .boolean, .double, .null: break
        }
        switch self {
        case .string: writer.struct(10) { $0.struct(1) { _ in } }
        case .date: writer.struct(10) { $0.struct(6) { _ in } }
        case .int64: writer.struct(10) { $0.struct(10) { $0.byte(1, 64); $0.bool(2, true) } }
        case .decimal(let precision, let scale):
            writer.struct(10) { $0.struct(5) { $0.i32(1, Int32(scale)); $0.i32(2, Int32(precision)) } }
        case .null: writer.struct(10) { $0.struct(11) { _ in } }
        case .boolean, .double: break
        }
    }
}

/// A named column of a Parquet file.
public struct ParquetColumn: Sendable, Equatable {
    public let name: String
    public let type: ParquetType

    public init(name: String, type: ParquetType) {
        self.name = name
        self.type = type
    }
}

/// Parquet's physical types (parquet.thrift `Type`).
enum PhysicalType: Int32 {
    case boolean = 0, int32 = 1, int64 = 2, double = 5, byteArray = 6, fixedLenByteArray = 7
}

/// Parquet's value encodings (parquet.thrift `Encoding`).
enum ValueEncoding: Int32 {
    case plain = 0, rle = 3, rleDictionary = 8
}

/// How pages are compressed.
public enum ParquetCompression: Sendable, Equatable {
    case uncompressed
    /// zstd at `level` (1 fastest … 22; DuckDB's default is 3).
    case zstd(level: Int32)

    /// parquet.thrift `CompressionCodec`.
    var codec: Int32 {
        switch self {
        case .uncompressed: 0
        case .zstd: 6
        }
    }
}
