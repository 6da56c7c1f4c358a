/// Where one column chunk lies in its segment file, how it is encoded, and what it holds.
///
/// Recorded in the segment footer and mirrored in the catalog, so a query can prune segments from
/// the catalog alone and a reader can locate, verify and decode a chunk without touching the others.
/// Invariants: `checksum` is XXH64 of the `storedLength` bytes at `offset`; with `.none`
/// compression `payloadLength == storedLength`; `statistics.nullCount == 0` iff `!hasValidity`.
public struct ChunkDescriptor: Sendable, Equatable {
    public var type: ColumnType
    public var encoding: EncodingKind
    public var compression: ChunkCompression
    public var hasValidity: Bool
    /// Byte offset of the chunk in its segment file.
    public var offset: Int
    /// Bytes on disk (after LZ4 when compressed).
    public var storedLength: Int
    /// Bytes of the validity bitmap plus encoded values, before LZ4.
    public var payloadLength: Int
    /// Bytes the values would take uncompressed in memory (fixed width, or UTF-8 plus 4-byte
    /// offsets for strings): the denominator of the compression ratio `describe` shows.
    public var rawLength: Int
    public var checksum: UInt64
    public var statistics: ColumnStatistics
}

/// A chunk ready to be written: its descriptor (offset still 0) and its stored bytes.
struct EncodedChunk {
    var descriptor: ChunkDescriptor
    var bytes: [UInt8]
}
