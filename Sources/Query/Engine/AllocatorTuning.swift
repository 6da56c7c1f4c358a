#if canImport(Glibc)
import CMalloc
#endif

/// Keeps freed decode buffers in the heap for the next segment.
///
/// A scan decodes each segment's columns into fresh arrays of 100 KB to 1 MB. glibc serves
/// blocks that large with `mmap` and unmaps them on free, so every segment paid page faults and
/// zeroing again: a quarter to a half of a query's time at 10M rows (measured with `perf`).
/// Raising the mmap threshold to its maximum (32 MB) and the trim threshold keeps those blocks
/// for reuse. Process-wide, so the query command and the query benchmark call it once at start;
/// memory freed by a query stays with the process until it exits.
public enum AllocatorTuning {
    @discardableResult
    public static func keepFreedBlocks() -> Bool {
        #if canImport(Glibc)
        return mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1 && mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1
        #else
        return false
        #endif
    }
}
