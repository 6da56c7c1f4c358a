/// Why a mapping cannot be used.
public enum MappingError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case invalid(source: String, detail: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read the mapping file \(path): \(reason)"
        case .invalid(let source, let detail): "mapping \(source): \(detail) (see docs/MAPPINGS.md)"
        }
    }
}
