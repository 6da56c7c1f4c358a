import Parquet

/// How query results are written to Parquet: each SQL type's Parquet type, and vectors handed
/// to the Parquet writer without copying their arrays.
///
/// | SQL type | Parquet |
/// |---|---|
/// | BOOLEAN | BOOLEAN |
/// | BIGINT | INT64, INTEGER(64, signed) |
/// | HUGEINT | FIXED_LEN_BYTE_ARRAY(16), DECIMAL(38,0) — exact (DuckDB writes a DOUBLE); a value of 39 digits is refused |
/// | DECIMAL(p,s) | DECIMAL(p,s): INT32 up to p = 9, INT64 up to 18, FIXED_LEN_BYTE_ARRAY(16) above |
/// | DOUBLE | DOUBLE |
/// | DATE | INT32, DATE |
/// | VARCHAR | BYTE_ARRAY, STRING |
/// | NULL | INT32, NULL (UNKNOWN), every value NULL |
enum ParquetTypeMap {
    static func type(_ type: SQLType) -> ParquetType {
        switch type {
        case .boolean: .boolean
        case .integer: .int64
        case .hugeint: .decimal(precision: 38, scale: 0)
        case .decimal(let decimal): .decimal(precision: decimal.width, scale: decimal.scale)
        case .double: .double
        case .date: .date
        case .varchar: .string
        case .null: .null
        }
    }

    static func data(_ vector: Vector, type: SQLType) -> ParquetColumnData {
        if type == .null { return ParquetColumnData(.nulls(count: vector.count), validity: nil) }
        switch vector.payload {
        case .boolean(let values): return ParquetColumnData(.booleans(values), validity: vector.validity)
        case .integer(let values): return ParquetColumnData(.int64s(values), validity: vector.validity)
        case .wide(let values, _): return ParquetColumnData(.int128s(values), validity: vector.validity)
        case .double(let values): return ParquetColumnData(.doubles(values), validity: vector.validity)
        case .date(let values): return ParquetColumnData(.int32s(values), validity: vector.validity)
        case .varchar(let codes, let dictionary):
            return ParquetColumnData(.strings(codes: codes, offsets: dictionary.strings.offsets, bytes: dictionary.strings.bytes),
                                     validity: vector.validity)
        }
    }

    /// A Parquet error as the query's error, with what the user can do about it.
    static func error(_ error: ParquetError, columns: [QueryResult.Column]) -> QueryError {
        if case .invalidColumn(let name, let why) = error, why.contains("digits"),
           columns.first(where: { $0.name == name })?.type == .hugeint {
            return .execution("COPY: column \(name) holds a HUGEINT beyond 38 digits, which Parquet's DECIMAL(38,0) cannot hold; CAST it to DOUBLE")
        }
        return .execution("COPY: \(error.description)")
    }
}
