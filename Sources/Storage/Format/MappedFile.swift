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
/// page cache and no buffer to allocate.
///
/// Only immutable files are mapped (segment files are written once, then only ever deleted): a
/// mapping outlives the file's deletion, but a file truncated by another program while mapped
/// would fault on access, which Parcours never does to its own segments.
final class MappedFile: @unchecked Sendable {
    let path: String
    let identity: FileIdentity
    /// The file's bytes, valid for the object's lifetime.
    let bytes: UnsafeRawBufferPointer

    init(_ path: String) throws(StorageError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw .missingSegment(file: path) }
            throw FileSystem.fail(path, "opening")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileSystem.fail(path, "reading size of") }
        self.path = path
        identity = FileIdentity(info)
        guard identity.size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, identity.size, PROT_READ, MAP_SHARED, fd, 0), address != MAP_FAILED else {
            throw FileSystem.fail(path, "mapping")
        }
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
}
