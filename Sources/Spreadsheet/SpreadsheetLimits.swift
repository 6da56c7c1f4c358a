/// What a workbook may hold before reading it stops with `SpreadsheetError.limitExceeded`. Each
/// bounds memory or time against a damaged or hostile file (a zip bomb inflates a few kilobytes
/// into gigabytes); the defaults are above what Excel itself can save.
public struct SpreadsheetLimits: Sendable, Equatable {
    /// Bytes any one part may inflate to (the sheet is streamed, so this bounds time, not memory).
    public var maximumPartBytes: Int
    /// Bytes the workbook's other parts (its list of sheets, relationships, styles) may inflate
    /// to: what they describe is held in memory.
    public var maximumMetadataPartBytes: Int
    /// Bytes of the shared-string table, which is held in memory while the sheet is read (each
    /// string counts 8 bytes more, for where it starts).
    public var maximumSharedStringBytes: Int
    /// Rows and columns of a sheet (Excel's own: 1,048,576 rows, 16,384 columns, A to XFD).
    public var maximumRows: Int
    public var maximumColumns: Int
    /// Bytes of one cell's text (Excel holds at most 32,767 characters, 4 bytes each at worst).
    public var maximumCellBytes: Int
    /// Merged ranges read from a sheet.
    public var maximumMergedRanges: Int

    public init(maximumPartBytes: Int = 8 << 30, maximumMetadataPartBytes: Int = 64 << 20, maximumSharedStringBytes: Int = 512 << 20, maximumRows: Int = 1_048_576,
                maximumColumns: Int = 16_384, maximumCellBytes: Int = 4 * 32_767, maximumMergedRanges: Int = 100_000) {
        self.maximumPartBytes = maximumPartBytes
        self.maximumMetadataPartBytes = maximumMetadataPartBytes
        self.maximumSharedStringBytes = maximumSharedStringBytes
        self.maximumRows = maximumRows
        self.maximumColumns = maximumColumns
        self.maximumCellBytes = maximumCellBytes
        self.maximumMergedRanges = maximumMergedRanges
    }

    /// Bytes of one tag, comment or CDATA section (the streaming window's size; a text longer
    /// than it comes in pieces, and `maximumCellBytes` bounds a cell's).
    public static let maximumMarkupBytes = 1 << 20

    /// Names as messages and options spell them.
    static let partBytesName = "maximum_part_bytes"
    static let metadataPartBytesName = "maximum_metadata_part_bytes"
    static let sharedStringBytesName = "maximum_shared_string_bytes"
    static let rowsName = "maximum_rows"
    static let columnsName = "maximum_columns"
    static let cellBytesName = "maximum_cell_bytes"
    static let mergedRangesName = "maximum_merged_ranges"
    static let markupBytesName = "maximum_markup_bytes"
}
