/// How a Parquet file is written.
public struct ParquetOptions: Sendable, Equatable {
    /// zstd at level 3 by default (DuckDB's default zstd level).
    public var compression: ParquetCompression = .zstd(level: 3)
    /// Rows per data page (pages are the unit a reader decompresses).
    public var rowsPerPage = 65_536
    /// The footer's `created_by`.
    public var createdBy = "parcours"

    public init() {}
}
