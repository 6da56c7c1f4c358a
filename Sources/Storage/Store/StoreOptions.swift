/// Tunables of a store's writer. Defaults suit production; tests shrink row groups and force encodings.
public struct StoreOptions: Sendable {
    /// Rows per segment file. DuckDB's row group size: big enough that per-segment costs vanish,
    /// small enough to prune and to parallelise.
    public var rowGroupSize: Int
    public var encoding: EncodingPolicy
    /// How many segments are encoded at once during an append (each uses one core).
    public var writerThreads: Int

    public init(rowGroupSize: Int = 122_880, encoding: EncodingPolicy = .measured,
                writerThreads: Int = StoreOptions.availableCores) {
        precondition(rowGroupSize > 0 && rowGroupSize <= Int(Int32.max), "row group size out of range")
        self.rowGroupSize = rowGroupSize
        self.encoding = encoding
        self.writerThreads = max(1, writerThreads)
    }

    public static var availableCores: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
