import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What every thread of a running query shares: how it runs (`settings`), the memory it holds
/// (`memory`) and whether it was asked to stop (`cancellation`).
///
/// Installed as a thread-local on the query's thread and on each worker it starts: kernels and
/// operators deep in the evaluator consult it once per chunk or per allocation, and threading it
/// through every static kernel would change every signature for what is context, not data.
final class QueryContext: @unchecked Sendable {
    let settings: ExecutionSettings
    let memory: QueryMemory
    let cancellation: QueryCancellation?

    init(settings: ExecutionSettings, memory: QueryMemory, cancellation: QueryCancellation?) {
        self.settings = settings
        self.memory = memory
        self.cancellation = cancellation
    }

    /// The context of the query running on this thread, nil outside a query.
    static var current: QueryContext? {
        guard let key, let raw = pthread_getspecific(key) else { return nil }
        return Unmanaged<QueryContext>.fromOpaque(raw).takeUnretainedValue()
    }

    /// Runs `body` with `self` as this thread's context, then restores the previous one.
    func installed<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        guard let key = QueryContext.key else { return try body() } // no thread-local slot: standard settings, nothing counted
        let previous = pthread_getspecific(key)
        let retained = Unmanaged.passRetained(self)
        pthread_setspecific(key, retained.toOpaque())
        defer {
            pthread_setspecific(key, previous)
            retained.release()
        }
        return try body()
    }

    /// Whether the running query was asked to stop.
    static var isCancelled: Bool { current?.cancellation?.isCancelled ?? false }

    /// Throws when the query was cancelled (operators call it between chunks).
    static func checkCancelled() throws(QueryError) {
        if let cancellation = current?.cancellation, cancellation.isCancelled { throw .cancelled }
    }

    /// Reserves `bytes` of the query's memory budget for `operatorName` (see `QueryMemory`);
    /// outside a query (tests of a single operator) nothing is counted.
    static func reserve(_ bytes: Int, for operatorName: String) throws(QueryError) {
        try current?.memory.reserve(bytes, for: operatorName)
    }

    /// Gives back `bytes` reserved by `reserve(_:for:)`.
    static func release(_ bytes: Int) {
        current?.memory.release(bytes)
    }

    /// nil when the process has no thread-local slot left (queries then run with the standard
    /// settings, without budget or cancellation, rather than not at all).
    private static let key: pthread_key_t? = {
        var key = pthread_key_t()
        return pthread_key_create(&key, nil) == 0 ? key : nil
    }()
}

/// A flag a query's operators poll between chunks: set from another thread (or a signal handler:
/// an atomic store is all it does) to stop the query with `QueryError.cancelled`.
public final class QueryCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func cancel() { flag.store(true, ordering: .relaxed) }
    public func reset() { flag.store(false, ordering: .relaxed) }
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
