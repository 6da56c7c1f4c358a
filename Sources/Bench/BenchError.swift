#if canImport(Glibc)
import Glibc
#endif

/// What the generator and the benchmark harness can fail on, with messages a user can act on.
public enum BenchError: Error, CustomStringConvertible {
    case io(path: String, operation: String, errno: Int32)
    case invalidArgument(String)
    case peerFailed(String)

    public var description: String {
        switch self {
        case .io(let path, let operation, let code): "\(operation) \(path) failed: \(String(cString: strerror(code)))"
        case .invalidArgument(let message): message
        case .peerFailed(let message): message
        }
    }
}
