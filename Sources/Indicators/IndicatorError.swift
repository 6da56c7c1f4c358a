/// Why the indicator set could not be computed or published, in words a user can act on.
public enum IndicatorError: Error, CustomStringConvertible {
    /// A family's SQL file declares something unreadable (file and line, what was expected).
    case definition(String, String)
    /// A family's query failed or returned something else than its declarations promise.
    case query(family: String, String)
    /// No data for the year asked, or no year can be inferred.
    case noData(String)
    /// Writing the publication failed.
    case output(path: String, String)

    public var description: String {
        switch self {
        case .definition(let place, let message): "\(place): \(message)"
        case .query(let family, let message): "indicator family \(family): \(message)"
        case .noData(let message): message
        case .output(let path, let message): "cannot write \(path): \(message)"
        }
    }
}
