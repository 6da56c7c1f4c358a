#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the engine runs a query, apart from what it computes: the knobs the test matrix turns to
/// show that every way of running a query gives the same answer.
///
/// Defaults are what production uses. A fast path is an alternative way to compute something the
/// general path also computes (filter kernels on stored codes, conditional counts by classes,
/// small-integer keys read from stored columns, run-length filters, leading equalities, AVX-512
/// selection): `fastPaths = false` turns them all off, so the general path answers alone.
public struct ExecutionSettings: Sendable, Hashable, CustomStringConvertible {
    /// Rows per chunk. Larger than DuckDB's 2048: each chunk costs a few small allocations per
    /// expression, which larger chunks amortise (measured at 10M rows, one thread: 2048 → 8192
    /// saved 5-15% per query, 8192 → 32768 another 3%), while a chunk's vectors stay in L2.
    public var vectorSize: Int
    /// Whether the fast paths run (see the type's doc).
    public var fastPaths: Bool

    public static let defaultVectorSize = 16384
    /// The smallest chunk accepted: a chunk of one row works but tests nothing a chunk of two does not.
    public static let vectorSizeRange = 2...1_048_576

    public init(vectorSize: Int = ExecutionSettings.defaultVectorSize, fastPaths: Bool = true) {
        self.vectorSize = min(max(vectorSize, ExecutionSettings.vectorSizeRange.lowerBound), ExecutionSettings.vectorSizeRange.upperBound)
        self.fastPaths = fastPaths
    }

    public static let standard = ExecutionSettings()

    public var description: String { "vector \(vectorSize), fast paths \(fastPaths ? "on" : "off")" }

    /// The settings of the query running on this thread (the executor sets them on the caller's
    /// thread and on every worker it starts; `standard` elsewhere). A thread-local rather than a
    /// parameter: kernels deep in the evaluator consult it once per chunk, and threading it
    /// through every static kernel would change every signature for a test knob.
    static var current: ExecutionSettings {
        guard let raw = pthread_getspecific(ExecutionSettings.key) else { return .standard }
        return Unmanaged<Box>.fromOpaque(raw).takeUnretainedValue().settings
    }

    /// Runs `body` with `self` as this thread's settings, then restores the previous ones.
    func installed<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        let previous = pthread_getspecific(ExecutionSettings.key)
        let box = Unmanaged.passRetained(Box(self))
        pthread_setspecific(ExecutionSettings.key, box.toOpaque())
        defer {
            pthread_setspecific(ExecutionSettings.key, previous)
            box.release()
        }
        return try body()
    }

    private final class Box {
        let settings: ExecutionSettings
        init(_ settings: ExecutionSettings) { self.settings = settings }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        // Failing to make a key means the process is out of thread-local slots at start-up: no query could run.
        guard pthread_key_create(&key, nil) == 0 else { fatalError("no thread-local key for the execution settings") }
        return key
    }()
}
