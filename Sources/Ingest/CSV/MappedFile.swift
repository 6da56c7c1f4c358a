#if canImport(Glibc)
import Glibc
#endif

/// A file mapped read-only into memory: the CSV reader's input, read without copying.
///
/// The mapping lives as long as the object; `bytes` must not escape it. An empty file maps to an
/// empty buffer (mmap refuses length 0).
public final class MappedFile: @unchecked Sendable {
    public let path: String
    public let bytes: UnsafeRawBufferPointer
    private let base: UnsafeMutableRawPointer?

    public init(path: String) throws(IngestError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, operation: "opening", errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, operation: "reading size of", errno: errno) }
        let size = Int(info.st_size)
        guard size > 0 else {
            base = nil
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let mapped, mapped != MAP_FAILED else { throw .io(path: path, operation: "mapping", errno: errno) }
        madvise(mapped, size, MADV_SEQUENTIAL)
        base = mapped
        bytes = UnsafeRawBufferPointer(start: mapped, count: size)
    }

    deinit {
        if let base { munmap(base, bytes.count) }
    }

    /// Maps the pages of `range` in one call (Linux's MADV_POPULATE_READ, 5.14+) before they are
    /// read: one system call instead of a page fault per few pages. A no-op where unsupported.
    public func prefault(_ range: Range<Int>) {
        guard let base, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound / page) * page
        let end = min(bytes.count, (range.upperBound + page - 1) / page * page)
        let populateRead: Int32 = 22  // MADV_POPULATE_READ, not in every libc's headers yet
        _ = madvise(base + start, end - start, populateRead)
    }

    /// Tells the kernel the pages of `range` will not be read again, so they leave the resident
    /// set (a later read would fetch them from the file again). Keeps memory bounded on big files.
    public func release(_ range: Range<Int>) {
        guard let base, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound / page) * page  // whole pages only; the partial last page stays
        let end = (range.upperBound / page) * page
        guard end > start else { return }
        madvise(base + start, end - start, MADV_DONTNEED)
    }
}
