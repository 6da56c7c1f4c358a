import Foundation
import Storage

/// `parcours export`: every table of a snapshot written as files other engines read as they are
/// — Parquet (or CSV) per table, Hive-partitioned when a `PartitionKey` is given — with a
/// manifest (`ExportManifest`). The folder is built under a temporary name beside the target and
/// renamed into place at the end: a failed export leaves no folder; the target must not exist or
/// be empty.
public enum SnapshotExport {
    public enum Format: String, Sendable, CaseIterable { case parquet, csv }

    public struct Options: Sendable {
        public var format = Format.parquet
        public var partitionBy: PartitionKey?
        /// zstd's level for Parquet pages (0: uncompressed).
        public var compressionLevel: Int32 = 3

        public init() {}
    }

    public static func run(_ engine: QueryEngine, into folder: String, options: Options) throws(QueryError) -> ExportManifest {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: folder).standardizedFileURL
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: target.path, isDirectory: &isFolder) {
            let empty = isFolder.boolValue && ((try? manager.contentsOfDirectory(atPath: target.path))?.isEmpty ?? false)
            guard empty else { throw .execution("export: \(folder) exists and is not an empty folder; name a new one") }
        }
        let parent = target.deletingLastPathComponent().path
        guard manager.fileExists(atPath: parent, isDirectory: &isFolder), isFolder.boolValue else {
            throw .execution("export: the folder \(parent) does not exist")
        }
        let temporary = parent + "/." + target.lastPathComponent + ".parcours-export-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do { try manager.createDirectory(atPath: temporary, withIntermediateDirectories: false) } catch {
            throw .execution("export: cannot create a folder in \(parent): \(error.localizedDescription)")
        }
        let manifest: ExportManifest
        do {
            manifest = try write(engine, into: temporary, options: options)
            try finish(manifest, temporary: temporary, target: target.path)
        } catch {
            try? manager.removeItem(atPath: temporary)
            throw error
        }
        return manifest
    }

    /// Writes the manifest and renames the folder into place.
    private static func finish(_ manifest: ExportManifest, temporary: String, target: String) throws(QueryError) {
        let data = try manifest.encoded()
        let manager = FileManager.default
        do {
            try data.write(to: URL(fileURLWithPath: temporary + "/" + ExportManifest.fileName))
            // The target was checked empty; rmdir removes nothing else if that changed since.
            if manager.fileExists(atPath: target) && rmdir(target) != 0 {
                throw QueryError.execution("export: \(target) is no longer empty")
            }
            try manager.moveItem(atPath: temporary, toPath: target)
        } catch let error as QueryError {
            throw error
        } catch {
            throw .execution("export: cannot finish \(target): \(error.localizedDescription)")
        }
    }

    private static func write(_ engine: QueryEngine, into folder: String, options: Options) throws(QueryError) -> ExportManifest {
        var copy = CopyOptions()
        copy.format = options.format == .parquet ? .parquet : .csv
        copy.compression = options.compressionLevel > 0 ? .zstd(level: options.compressionLevel) : .uncompressed
        let fileName = "data_0." + options.format.rawValue
        var tables: [ExportManifest.Table] = []
        let exported = engine.snapshot.tables.sorted { $0.name < $1.name }
        if let key = options.partitionBy, !exported.contains(where: { $0.schema.columns.contains { $0.name == key.column } }) {
            throw .execution("--partition-by \(key): no table has a column \(key.column)")
        }
        for table in exported {
            let key = options.partitionBy.flatMap { key in table.schema.columns.contains { $0.name == key.column } ? key : nil }
            try key?.check(table.schema, table: table.name)
            let kept = table.schema.columns.filter { key?.keepsColumn != false || $0.name != key?.column }
            let select = "SELECT " + kept.map { "\"\($0.name)\"" }.joined(separator: ", ") + " FROM \"\(table.name)\""
            let tableFolder = folder + "/" + table.name
            try makeFolder(tableFolder)
            var files: [ExportManifest.File] = []
            var partitionType: String?
            func writeFile(_ relative: String, _ query: String, _ parameters: [String: Literal]) throws(QueryError) {
                let path = folder + "/" + relative
                let rows = try engine.write(query, parameters: parameters, to: path, options: copy)
                let bytes = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
                files.append(.init(path: relative, rows: rows, bytes: bytes, sha256: try ExportManifest.sha256(path)))
            }
            if let key {
                let values = try engine.query("SELECT DISTINCT \(key.expression) FROM \"\(table.name)\" ORDER BY 1 NULLS LAST")
                guard values.rowCount <= PartitionKey.maximumPartitions else {
                    throw .execution("--partition-by \(key): \(values.rowCount) values in \(table.name), over the limit of \(PartitionKey.maximumPartitions) partitions")
                }
                partitionType = values.columns.first?.type.description
                for row in 0..<values.rowCount {
                    let value = values.value(row: row, column: 0)
                    let partition = PartitionKey.folder(key.folderName, value)
                    try makeFolder(tableFolder + "/" + partition)
                    let filter = key.filter(value)
                    try writeFile("\(table.name)/\(partition)/\(fileName)", select + " WHERE " + filter.sql, filter.parameters)
                }
            } else {
                try writeFile("\(table.name)/\(fileName)", select, [:])
            }
            let columns = kept.map { column in
                let type = SQLType(column.type)
                return ExportManifest.Column(name: column.name, sqlType: type.description,
                                             parquetType: options.format == .parquet ? ParquetTypeMap.type(type).description : nil)
            }
            tables.append(.init(name: table.name, rows: files.reduce(0) { $0 + $1.rows }, columns: columns,
                                partitionColumn: key?.folderName, partitionType: partitionType, files: files))
        }
        let formatter = ISO8601DateFormatter()
        return ExportManifest(createdBy: "parcours", format: options.format.rawValue, snapshot: engine.snapshot.id,
                              exportedAt: formatter.string(from: Date()), partitionBy: options.partitionBy?.description, tables: tables)
    }

    private static func makeFolder(_ path: String) throws(QueryError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw .execution("export: cannot create \(path): \(error.localizedDescription)")
        }
    }
}
