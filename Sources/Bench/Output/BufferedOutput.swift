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
        if row.bytes.count >= Self.flushThreshold {
            // A whole block: write it as it is rather than copy it through the buffer.
            try flush()
            try writeAll(row.bytes)
            bytesWritten += row.bytes.count
        } else {
            buffer.append(contentsOf: row.bytes)
            if buffer.count >= Self.flushThreshold { try flush() }
        }
        row.bytes.removeAll(keepingCapacity: true)
    }

    public func flush() throws(BenchError) {
        try writeAll(buffer)
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: [UInt8]) throws(BenchError) {
        var done = 0
        while done < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "writing", errno: errno)
            }
            done += written
        }
    }
}
