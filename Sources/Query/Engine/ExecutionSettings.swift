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

    /// The settings of the query running on this thread (`standard` outside a query).
    static var current: ExecutionSettings { QueryContext.current?.settings ?? .standard }
}
