import Crypto
import Foundation

/// What `parcours export` wrote, saved as `_SUCCESS` at the top of the folder (the marker Spark
/// and Hadoop committers leave, which readers skip): the snapshot, the partition key, and per
/// table its columns with their SQL and Parquet types, its rows, and every file with its rows,
/// bytes and SHA-256 (`sha256sum` checks them).
public struct ExportManifest: Codable, Sendable, Equatable {
    public struct Column: Codable, Sendable, Equatable {
        public let name: String
        public let sqlType: String
        public let parquetType: String?

        // Absent values written as null, so that every key is always there for readers.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(sqlType, forKey: .sqlType)
            try container.encode(parquetType, forKey: .parquetType)
        }
    }

    public struct File: Codable, Sendable, Equatable {
        public let path: String
        public let rows: Int
        public let bytes: Int
        public let sha256: String
    }

    public struct Table: Codable, Sendable, Equatable {
        public let name: String
        public let rows: Int
        public let columns: [Column]
        /// The partition column as readers name it (`application_date_year`), its SQL type.
        public let partitionColumn: String?
        public let partitionType: String?
        public let files: [File]

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(rows, forKey: .rows)
            try container.encode(columns, forKey: .columns)
            try container.encode(partitionColumn, forKey: .partitionColumn)
            try container.encode(partitionType, forKey: .partitionType)
            try container.encode(files, forKey: .files)
        }
    }

    public let createdBy: String
    public let format: String
    public let snapshot: Int64
    public let exportedAt: String
    public let partitionBy: String?
    public let tables: [Table]

    public static let fileName = "_SUCCESS"

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(createdBy, forKey: .createdBy)
        try container.encode(format, forKey: .format)
        try container.encode(snapshot, forKey: .snapshot)
        try container.encode(exportedAt, forKey: .exportedAt)
        try container.encode(partitionBy, forKey: .partitionBy)
        try container.encode(tables, forKey: .tables)
    }

    func encoded() throws(QueryError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        do { return try encoder.encode(self) + Data("\n".utf8) } catch { throw .execution("export: the manifest could not be written: \(error)") }
    }

    /// Reads a manifest (tests, and tools that check an export).
    public static func read(_ path: String) throws -> ExportManifest {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ExportManifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The hex SHA-256 of the file at `path`, read in slices of 1 MiB.
    static func sha256(_ path: String) throws(QueryError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .execution("export: cannot read back \(path)") }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let slice: Data?
            do { slice = try handle.read(upToCount: 1 << 20) } catch { throw .execution("export: cannot read back \(path): \(error)") }
            guard let slice, !slice.isEmpty else { break }
            hasher.update(data: slice)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
