import Storage

/// Why a query did not run: a statement error (with its position), a value the query cannot
/// compute (overflow, division by zero, a failed cast), or a store that could not be read.
/// A failed query never changes the store: queries only read.
public enum QueryError: Error, CustomStringConvertible {
    case sql(SQLError)
    case execution(String)
    case storage(StorageError)
    /// The query would pass the memory budget (`MemoryBudget`); nothing of it is kept.
    case memoryLimit(String)
    /// The query was asked to stop (Ctrl-C at the prompt).
    case cancelled

    public var description: String {
        switch self {
        case .sql(let error): "\(error)"
        case .execution(let message): message
        case .storage(let error): "\(error)"
        case .memoryLimit(let message): message
        case .cancelled: "the query was cancelled"
        }
    }
}
