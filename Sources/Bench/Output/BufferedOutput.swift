#if canImport(Glibc)
import Glibc
#endif

/// A file written through a 1 MiB buffer; rows are formatted in a `RowBuffer` and handed over whole.
public final class BufferedOutput {
    public let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    public private(set) var bytesWritten = 0
    private static let flushThreshold = 1 << 20

    public init(path: String) throws(BenchError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, operation: "creating", errno: errno) }
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    deinit { close(fd) }

    /// Appends the row's bytes and empties it (keeping its capacity); flushes when the buffer is full.
    public func write(_ row: inout RowBuffer) throws(BenchError) {
        buffer.append(contentsOf: row.bytes)
        row.bytes.removeAll(keepingCapacity: true)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    public func flush() throws(BenchError) {
        var done = 0
        while done < buffer.count {
            let written = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "writing", errno: errno)
            }
            done += written
        }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}
