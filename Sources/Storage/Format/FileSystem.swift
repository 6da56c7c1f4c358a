#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations the commit protocol needs, with errors that name the path.
///
/// Why POSIX and not Foundation: the crash-safety argument rests on exact `fsync` of files and
/// directories and on atomic `rename`, which Foundation does not expose.
enum FileSystem {
    static func fail(_ path: String, _ operation: String) -> StorageError {
        .io(path: path, operation: operation, errno: errno)
    }

    /// Creates `path` (which must not exist), writes `chunks` in order, fsyncs and closes it. On
    /// failure (a full disk, a file size limit) the partial file is removed: nothing is left behind.
    static func writeNewFile(_ path: String, _ chunks: [[UInt8]]) throws(StorageError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw fail(path, "creating") }
        do throws(StorageError) {
            for chunk in chunks {
                try rethrowing(StorageError.self) { try chunk.withUnsafeBytes { raw in
                    var done = 0
                    while done < raw.count {
                        let written = write(fd, raw.baseAddress! + done, raw.count - done)
                        if written < 0 {
                            if errno == EINTR { continue }
                            throw fail(path, "writing")
                        }
                        done += written
                    }
                } }
            }
            guard fsync(fd) == 0 else { throw fail(path, "syncing") }
            close(fd)
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
    }

    /// Makes a rename or unlink inside `directory` durable.
    static func syncDirectory(_ directory: String) throws(StorageError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw fail(directory, "opening directory") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw fail(directory, "syncing directory") }
    }

    static func move(_ from: String, _ to: String) throws(StorageError) {
        guard rename(from, to) == 0 else { throw fail(from, "renaming to \(to)") }
    }

    static func remove(_ path: String) throws(StorageError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw fail(path, "removing") }
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func makeDirectory(_ path: String) throws(StorageError) {
        guard mkdir(path, 0o755) == 0 else { throw fail(path, "creating directory") }
    }

    /// Creates `path` and any missing parent folders (like `mkdir -p`).
    static func makeDirectories(_ path: String) throws(StorageError) {
        guard !isDirectory(path) else { return }
        let parent = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !parent.isEmpty && !isDirectory(parent) { try makeDirectories(parent) }
        guard mkdir(path, 0o755) == 0 || (errno == EEXIST && isDirectory(path)) else { throw fail(path, "creating directory") }
    }

    /// Names of the entries of `directory` (not `.` and `..`).
    static func listDirectory(_ directory: String) throws(StorageError) -> [String] {
        guard let handle = opendir(directory) else { throw fail(directory, "listing") }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
