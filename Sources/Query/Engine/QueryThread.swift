import CThreadStack

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The threads statements run on: the caller's when its stack has room for the deepest
/// statement the parser accepts, else a thread of its own with a stack of `stackBytes` (a debug
/// build, a server's small-stacked task threads).
///
/// Parsing, binding, optimising and evaluating walk expressions recursively, and a statement may
/// nest up to `Parser.maximumDepth` levels; a thread whose stack is too small for that would
/// crash the process. Running on the caller's thread when it can matters for speed too: glibc
/// serves the main thread from its main heap, where freed blocks of any size are kept for the
/// next query (`AllocatorTuning`), while other threads' heaps map blocks over 64 MB afresh each
/// time (a query's quantile samples and distinct pairs: 20-35% slower when run on a new thread).
enum QueryThread {
    /// 64 MiB, reserved address space: only the pages a statement touches are ever committed.
    static let stackBytes = 64 << 20

    /// What a statement nested to the parser's limit needs: about 3 MiB in an optimised build and
    /// 20-30 MiB in a debug build (measured on the deepest shapes: sums, parentheses, calls).
    static let neededStackBytes: Int = {
        #if DEBUG
        return 48 << 20
        #else
        return 6 << 20
        #endif
    }()

    /// Runs `body` on this thread when its stack has room, else on a new thread with the query
    /// stack (on this one if no thread can be started: the process is at its thread limit).
    static func run<R>(_ body: () -> R) -> R {
        if availableStack() >= neededStackBytes { return body() }
        var result: R?
        withoutActuallyEscaping(body) { body in
            let box = Box { result = body() }
            if !start([box]) { box.work() }
        }
        return result ?? body() // the thread always sets it; were it not, run here rather than trap
    }

    /// The bytes of stack left below this call on the current thread (0 if unknown).
    static func availableStack() -> Int { Int(parcours_available_stack()) }

    private final class Box {
        let work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    private static func start(_ boxes: [Box]) -> Bool {
        let threads = startEach(boxes)
        join(threads)
        return threads.count == boxes.count
    }

    /// Starts one thread per box; returns the threads that started.
    private static func startEach(_ boxes: [Box]) -> [pthread_t] {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackBytes)
        var threads: [pthread_t] = []
        for box in boxes {
            let context = Unmanaged.passRetained(box).toOpaque()
            var thread = pthread_t()
            let status = pthread_create(&thread, &attributes, { context in
                guard let context else { return nil }
                let box = Unmanaged<Box>.fromOpaque(context).takeRetainedValue()
                box.work()
                return nil
            }, context)
            if status == 0 {
                threads.append(thread)
            } else {
                Unmanaged<Box>.fromOpaque(context).release()
                break
            }
        }
        return threads
    }

    private static func join(_ threads: [pthread_t]) {
        for thread in threads { pthread_join(thread, nil) }
    }
}
