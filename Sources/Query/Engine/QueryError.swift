import Storage

/// Why a query did not run: a statement error (with its position), a value the query cannot
/// compute (overflow, division by zero, a failed cast), or a store that could not be read.
/// A failed query never changes the store: queries only read.
public enum QueryError: Error, CustomStringConvertible {
    case sql(SQLError)
    case execution(String)
    case storage(StorageError)

    public var description: String {
        switch self {
        case .sql(let error): "\(error)"
        case .execution(let message): message
        case .storage(let error): "\(error)"
        }
    }
}
