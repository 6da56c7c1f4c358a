/// One column chunk encoded in memory exactly as a segment file stores it: the public entry point
/// to the encodings for benchmarks and tools (segment files use the same two functions).
public enum ColumnChunkCodec {
    /// A chunk's stored bytes and its descriptor (offset 0).
    public struct Encoded: Sendable {
        public let descriptor: ChunkDescriptor
        public let bytes: [UInt8]
        public let rowCount: Int
    }

    /// Encodes `column` with the measured (or forced) encoding and LZ4 where it pays.
    public static func encode(_ column: Column, policy: EncodingPolicy = .measured) -> Encoded {
        let chunk = ChunkEncoder.encode(column, policy: policy)
        return Encoded(descriptor: chunk.descriptor, bytes: chunk.bytes, rowCount: column.count)
    }

    /// Checks the checksum, decompresses if needed and decodes.
    public static func decode(_ chunk: Encoded) throws(StorageError) -> Column {
        do throws(StorageFault) {
            return try decode(stored: chunk.bytes, chunk.descriptor, rowCount: chunk.rowCount)
        } catch {
            throw .corruptSegment(file: "(in memory)", column: nil, detail: error.detail)
        }
    }

    static func decode(stored: [UInt8], _ descriptor: ChunkDescriptor, rowCount: Int) throws(StorageFault) -> Column {
        try rethrowing(StorageFault.self) {
            try stored.withUnsafeBytes { raw throws(StorageFault) in try decode(stored: raw, descriptor, rowCount: rowCount, verify: true) }
        }
    }

    /// `verify`: check the stored bytes against the descriptor's checksum first (false only for
    /// bytes of an immutable file already checked in this process, see `SegmentReader`).
    static func decode(stored: UnsafeRawBufferPointer, _ descriptor: ChunkDescriptor, rowCount: Int, verify: Bool) throws(StorageFault) -> Column {
        try withPayload(stored, descriptor, verify: verify) { raw in try ChunkDecoder.decode(raw, descriptor, rowCount: rowCount) }
    }

    static func decode(stored: UnsafeRawBufferPointer, _ descriptor: ChunkDescriptor, rowCount: Int, rows: [UInt32],
                       verify: Bool) throws(StorageFault) -> Column {
        try withPayload(stored, descriptor, verify: verify) { raw in try ChunkDecoder.decode(raw, descriptor, rowCount: rowCount, rows: rows) }
    }

    static func decodeRuns(stored: UnsafeRawBufferPointer, _ descriptor: ChunkDescriptor, rowCount: Int, verify: Bool) throws(StorageFault) -> ColumnRuns? {
        try withPayload(stored, descriptor, verify: verify) { raw in try ChunkDecoder.decodeRuns(raw, descriptor, rowCount: rowCount) }
    }

    static func decodeValidity(stored: UnsafeRawBufferPointer, _ descriptor: ChunkDescriptor, rowCount: Int,
                               verify: Bool) throws(StorageFault) -> ValidityBitmap? {
        try withPayload(stored, descriptor, verify: verify) { raw in try ChunkDecoder.decodeValidity(raw, descriptor, rowCount: rowCount) }
    }

    /// Checks the checksum, decompresses when needed, and hands the payload to `body`.
    private static func withPayload<R>(_ stored: UnsafeRawBufferPointer, _ descriptor: ChunkDescriptor, verify: Bool,
                                       _ body: (UnsafeRawBufferPointer) throws -> R) throws(StorageFault) -> R {
        guard !verify || Checksum.xxh64(stored) == descriptor.checksum else {
            throw StorageFault("checksum mismatch (the chunk was damaged on disk)")
        }
        switch descriptor.compression {
        case .none:
            guard descriptor.payloadLength == stored.count else { throw StorageFault("payload length differs from stored length") }
            return try rethrowing(StorageFault.self) { try body(stored) }
        case .lz4:
            var payload = [UInt8](repeating: 0, count: descriptor.payloadLength)
            let ok = payload.withUnsafeMutableBytes { LZ4Block.decompress(stored, into: $0) }
            guard ok else { throw StorageFault("LZ4 data does not decompress to \(descriptor.payloadLength) bytes") }
            return try rethrowing(StorageFault.self) { try payload.withUnsafeBytes { raw in try body(raw) } }
        }
    }
}
