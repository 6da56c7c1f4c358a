#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The threads statements run on: each with a stack of `stackBytes`, whatever thread the caller
/// is on (a terminal's main thread, a server's small-stacked task threads).
///
/// Parsing, binding, optimising and evaluating walk expressions recursively, and a statement may
/// nest up to `Parser.maximumDepth` levels; a thread whose stack is too small for that would
/// crash the process. The stack is reserved address space: only the pages a statement touches
/// are ever committed.
enum QueryThread {
    /// 64 MiB: a statement nested to the parser's limit needs about 3 MiB in an optimised build
    /// and 20-30 MiB in a debug build (measured on the deepest shapes: sums, parentheses, calls).
    static let stackBytes = 64 << 20

    /// Runs `body` on a new thread with the query stack and waits for it; runs it on the caller's
    /// thread when no thread can be started (the process is at its thread limit).
    static func run<R>(_ body: () -> R) -> R {
        var result: R?
        withoutActuallyEscaping(body) { body in
            let box = Box { result = body() }
            if !start([box]) { box.work() }
        }
        guard let result else { preconditionFailure("a query thread returned without a result") }
        return result
    }

    /// Runs `body(0)` on the calling thread and `body(1)` … `body(count - 1)` on new threads with
    /// the query stack, and waits for all. A worker that cannot be started runs nothing: callers
    /// share their work through a counter, so fewer workers still do all of it.
    static func concurrent(_ count: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            let boxes = (1..<max(1, count)).map { worker in Box { body(worker) } }
            let started = startEach(boxes)
            body(0)
            join(started)
        }
    }

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
                let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
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
