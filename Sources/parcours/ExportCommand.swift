import ArgumentParser
import Foundation
import Query
import Storage

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a snapshot's tables as Parquet (or CSV) files that Spark, Trino, DuckDB and Arrow read as they are.",
        discussion: """
            Each table goes to FOLDER/TABLE/data_0.parquet, or with --partition-by to one folder per value of \
            the key, Hive's way (FOLDER/pathways/department=05/data_0.parquet; NULL as __HIVE_DEFAULT_PARTITION__). \
            FOLDER/_SUCCESS records the snapshot, the columns and their types, and each file's rows, bytes and \
            SHA-256. The folder appears whole or not at all. Types: docs/QUERY.md, "Parquet types".
            """)

    @Argument(help: "The store folder.")
    var store: String

    @Argument(help: "The folder to create (it must not exist, or be empty).")
    var folder: String

    @Option(help: "parquet (default) or csv.")
    var format: String = "parquet"

    @Option(name: .customLong("as-of"), help: "Export this older snapshot (see `parcours log`).")
    var asOf: Int64?

    @Option(name: .customLong("partition-by"), help: ArgumentHelp("A column, or year(COLUMN) / month(COLUMN) of a date column.", valueName: "key"))
    var partitionBy: String?

    @Option(name: .customLong("compression-level"), help: "zstd's level for Parquet pages, 1-22 (0: uncompressed; default 3).")
    var compressionLevel: Int32 = 3

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    func validate() throws {
        guard SnapshotExport.Format(rawValue: format) != nil else { throw ValidationError("--format is parquet or csv, not \(format)") }
        guard (0...22).contains(compressionLevel) else { throw ValidationError("--compression-level is 0 (none) to 22") }
        if let threads, threads < 1 { throw ValidationError("--threads is at least 1") }
    }

    func run() throws {
        AllocatorTuning.keepFreedBlocks()
        var options = SnapshotExport.Options()
        options.format = SnapshotExport.Format(rawValue: format) ?? .parquet
        options.partitionBy = try partitionBy.map { try PartitionKey(parsing: $0) }
        options.compressionLevel = compressionLevel
        let snapshot = try Store.open(at: store).snapshot(asOf: asOf)
        let engine = QueryEngine(snapshot: snapshot, threads: threads ?? QueryEngine.defaultThreads)
        let started = ContinuousClock.now
        let manifest = try SnapshotExport.run(engine, into: folder, options: options)
        let elapsed = ContinuousClock.now - started
        for table in manifest.tables {
            let bytes = table.files.reduce(0) { $0 + $1.bytes }
            print("\(table.name): \(Format.count(table.rows)) rows in \(table.files.count) file(s), \(Format.bytes(bytes))"
                  + (table.partitionColumn.map { ", partitioned by \($0)" } ?? ""))
        }
        print("snapshot \(manifest.snapshot) exported to \(folder) in \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 2)))); manifest \(ExportManifest.fileName)")
    }
}
