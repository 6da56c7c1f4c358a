/// Why a Parquet file could not be written.
public enum ParquetError: Error, Equatable, CustomStringConvertible {
    /// A column's values do not fit its declared type or are malformed (a caller's mistake).
    case invalidColumn(String, String)
    /// The row group's columns do not match the file's schema.
    case schemaMismatch(String)
    /// A value or a page is beyond what the format can record (e.g. a page over 2 GiB).
    case limitExceeded(String)
    /// The compressor failed.
    case compression(String)
    /// Writing the bytes failed (the sink's own message).
    case output(String)

    public var description: String {
        switch self {
        case .invalidColumn(let column, let why): "Parquet column \(column): \(why)"
        case .schemaMismatch(let why): "Parquet row group: \(why)"
        case .limitExceeded(let why): "Parquet limit: \(why)"
        case .compression(let why): "Parquet compression: \(why)"
        case .output(let why): why
        }
    }
}
