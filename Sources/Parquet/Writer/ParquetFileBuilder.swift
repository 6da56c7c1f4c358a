/// The bytes of a Parquet file in order, for a caller that stores them as they come: the magic
/// (`start`), each encoded row group (`place`, which records where it lands), then the footer
/// (the schema, every row group's metadata, its length, the magic). Only metadata is kept.
public struct ParquetFileBuilder {
    public let columns: [ParquetColumn]
    private let options: ParquetOptions
    private var rowGroups: [RowGroupMetadata] = []
    private var position: Int64 = 0
    private var keyValues: [(String, String)] = []
    public private(set) var rowCount = 0

    static let magic: [UInt8] = Array("PAR1".utf8)

    /// Throws when two columns share a name (readers address columns by name).
    public init(columns: [ParquetColumn], options: ParquetOptions = ParquetOptions()) throws(ParquetError) {
        var names = Set<String>()
        for column in columns where !names.insert(column.name).inserted {
            throw .schemaMismatch("two columns are named \(column.name); give them distinct names (AS)")
        }
        self.columns = columns
        self.options = options
    }

    /// The file's first bytes.
    public mutating func start() -> [UInt8] {
        position = Int64(ParquetFileBuilder.magic.count)
        return ParquetFileBuilder.magic
    }

    /// The bytes of `group`, which the caller writes next.
    public mutating func place(_ group: EncodedRowGroup) throws(ParquetError) -> [UInt8] {
        guard group.metadata.columns.count == columns.count else { throw .schemaMismatch("a row group of another schema") }
        var metadata = group.metadata
        for index in metadata.columns.indices {
            metadata.columns[index].dataPageOffset += position
            metadata.columns[index].dictionaryPageOffset = metadata.columns[index].dictionaryPageOffset.map { $0 + position }
        }
        rowGroups.append(metadata)
        rowCount += group.rowCount
        position += Int64(group.bytes.count)
        return group.bytes
    }

    /// A key and value in the footer (e.g. the snapshot a file was exported from).
    public mutating func addMetadata(_ key: String, _ value: String) { keyValues.append((key, value)) }

    /// The file's last bytes: the footer, its length and the magic.
    public mutating func finish() throws(ParquetError) -> [UInt8] {
        let footer = FileMetadata(columns: columns, rowGroups: rowGroups, createdBy: options.createdBy, keyValues: keyValues).serialised()
        guard footer.count <= UInt32.max else { throw .limitExceeded("a footer over 4 GiB; write fewer row groups") }
        let length = UInt32(footer.count)
        let tail = footer + (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + ParquetFileBuilder.magic
        position += Int64(tail.count)
        return tail
    }

    /// The file's size once `finish` has been written.
    public var byteCount: Int64 { position }
}
