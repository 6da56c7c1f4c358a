#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What identifies one version of a file: device, inode, size and modification time. A file
/// replaced at the same path, or rewritten in place, has another identity.
struct FileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64
    let size: Int
    let modifiedSeconds: Int
    let modifiedNanoseconds: Int

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int(info.st_size)
        #if canImport(Darwin)
        modifiedSeconds = Int(info.st_mtimespec.tv_sec)
        modifiedNanoseconds = Int(info.st_mtimespec.tv_nsec)
        #else
        modifiedSeconds = Int(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int(info.st_mtim.tv_nsec)
        #endif
    }

    /// The identity of the file now at `path` (`missingSegment` when there is none).
    static func of(_ path: String) throws(StorageError) -> FileIdentity {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { throw .missingSegment(file: path) }
            throw FileSystem.fail(path, "reading size of")
        }
        return FileIdentity(info)
    }
}

/// A read-only file mapped whole into memory: reads are pointer arithmetic, with no copy from the
/// page cache and no buffer to allocate. The store maps its segment files; the ingest maps the
/// certifier files it reads.
///
/// Only regular files are mapped: a FIFO, a device or a folder is refused when opened (without
/// blocking on a FIFO that no one writes to). Only files nobody changes while they are mapped are
/// mapped (segment files are written once, then only ever deleted; ingested files are hashed and
/// must not change): a mapping outlives the file's deletion, but a file truncated by another
/// program while mapped would fault on access. The mapping lives as long as the object; `bytes`
/// must not escape it. An empty file maps to an empty buffer (mmap refuses length 0).
public final class MappedFile: @unchecked Sendable {
    /// How the file will be read, told to the kernel (read-ahead).
    public enum Access: Sendable {
        case random
        case sequential
    }

    public let path: String
    let identity: FileIdentity
    /// The file's bytes, valid for the object's lifetime.
    public let bytes: UnsafeRawBufferPointer

    public init(_ path: String, access: Access = .random) throws(StorageError) {
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            if errno == ENOENT { throw .missingFile(path: path) }
            throw FileSystem.fail(path, "opening")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileSystem.fail(path, "reading size of") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .notARegularFile(path: path) }
        self.path = path
        identity = FileIdentity(info)
        guard identity.size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, identity.size, PROT_READ, MAP_SHARED, fd, 0), address != MAP_FAILED else {
            throw FileSystem.fail(path, "mapping")
        }
        if access == .sequential { madvise(address, identity.size, MADV_SEQUENTIAL) }
        bytes = UnsafeRawBufferPointer(start: address, count: identity.size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    /// `count` bytes at `offset`, or a `corruptSegment` error when they lie past the end.
    func slice(at offset: Int, count: Int) throws(StorageError) -> UnsafeRawBufferPointer {
        guard offset >= 0, count >= 0, offset <= bytes.count - count else {
            throw .corruptSegment(file: path, column: nil, detail: "file ends before byte \(offset + count)")
        }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }

    /// Maps the pages of `range` in one call (Linux's MADV_POPULATE_READ, 5.14+) before they are
    /// read: one system call instead of a page fault per few pages. A no-op where unsupported.
    public func prefault(_ range: Range<Int>) {
        guard let base = bytes.baseAddress, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound / page) * page
        let end = min(bytes.count, (range.upperBound + page - 1) / page * page)
        let populateRead: Int32 = 22  // MADV_POPULATE_READ, not in every libc's headers yet
        _ = madvise(UnsafeMutableRawPointer(mutating: base) + start, end - start, populateRead)
    }

    /// Tells the kernel the pages of `range` will not be read again, so they leave the resident
    /// set (a later read would fetch them from the file again). Keeps memory bounded on big files.
    public func release(_ range: Range<Int>) {
        guard let base = bytes.baseAddress, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound / page) * page  // whole pages only; the partial last page stays
        let end = (range.upperBound / page) * page
        guard end > start else { return }
        madvise(UnsafeMutableRawPointer(mutating: base) + start, end - start, MADV_DONTNEED)
    }
}

/// Small files read whole (a mapping, a key): regular files only, and no larger than a limit, so a
/// FIFO, a device or a huge file given by mistake is an error, not a hang or a memory blow-up.
public enum RegularFile {
    public static func read(_ path: String, maximumBytes: Int) throws(StorageError) -> [UInt8] {
        let file = try MappedFile(path)
        guard file.bytes.count <= maximumBytes else {
            throw .fileTooLarge(path: path, bytes: file.bytes.count, maximum: maximumBytes)
        }
        return Array(file.bytes)
    }
}
