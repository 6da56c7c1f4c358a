import Dispatch
import Synchronization

/// What an append committed.
public struct CommitResult: Sendable {
    public let snapshot: Int64
    public let rowsAdded: Int
    public let segmentFiles: [String]
    public let bytesWritten: Int
}

extension Store {
    /// Appends `batch` to `table` as one commit: all of its rows become visible in one new snapshot,
    /// or none do (the store is left exactly as it was if anything fails or the process dies).
    ///
    /// Protocol: encode row groups in parallel and write each as `NAME.seg.tmp`, fsync; rename to
    /// `NAME.seg`, fsync the folder; then one SQLite transaction adds the snapshot and the segments.
    /// Files of a commit that never reached the catalog are swept at the next open for writing.
    ///
    /// With `ingest`, the source file's batch record and its rejected rows are committed in the same
    /// transaction (the catalog checks rows read = rows appended + rows rejected).
    @discardableResult
    public func append(_ batch: ColumnBatch, to table: String, note: String? = nil,
                       ingest: IngestRecord? = nil) throws(StorageError) -> CommitResult {
        try requireWritable("append to '\(table)'")
        let (tableID, schema) = try tableForWriting(table)
        try validate(batch, against: schema, table: table)

        let rowCount = batch.rowCount
        let size = options.rowGroupSize
        let groups = stride(from: 0, to: rowCount, by: size).map { $0..<min($0 + size, rowCount) }
        let prefix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let names = groups.indices.map { "\(prefix)-\($0).\(SegmentFormat.fileExtension)" }
        let written = try writeSegments(batch, groups: groups, names: names, schema: schema)
        do {
            for name in names {
                try FileSystem.move(segmentsDirectory + "/" + name + ".tmp", segmentsDirectory + "/" + name)
            }
            try FileSystem.syncDirectory(segmentsDirectory)
            let snapshot = try catalog.database.transaction { () throws(StorageError) in
                let snapshot = try catalog.addSnapshot(operation: "append", table: table, rowsAdded: rowCount, note: note)
                for (name, segment) in zip(names, written) {
                    try catalog.addSegment(tableID: tableID, fileName: name, footer: segment.footer,
                                           byteSize: segment.byteSize, snapshot: snapshot)
                }
                if let ingest {
                    _ = try catalog.addBatch(ingest, table: table, rowsStored: rowCount, snapshot: snapshot)
                }
                return snapshot
            }
            return CommitResult(snapshot: snapshot, rowsAdded: rowCount, segmentFiles: names,
                                bytesWritten: written.reduce(0) { $0 + $1.byteSize })
        } catch {
            for name in names {
                try? FileSystem.remove(segmentsDirectory + "/" + name + ".tmp")
                try? FileSystem.remove(segmentsDirectory + "/" + name)
            }
            throw error
        }
    }

    private func tableForWriting(_ name: String) throws(StorageError) -> (Int64, TableSchema) {
        let latest = try catalog.latestSnapshot()
        let tables = try catalog.tables(at: latest)
        guard let table = tables.first(where: { $0.name == name }) else {
            throw .noSuchTable(name, available: tables.map(\.name))
        }
        return (table.id, table.schema)
    }

    private func validate(_ batch: ColumnBatch, against schema: TableSchema, table: String) throws(StorageError) {
        guard batch.columns.count == schema.count else {
            throw .schemaMismatch(table: table, detail: "\(batch.columns.count) columns given, the table has \(schema.count)")
        }
        for (column, definition) in zip(batch.columns, schema.columns) {
            guard column.type == definition.type else {
                throw .schemaMismatch(table: table, detail: "column '\(definition.name)' is \(definition.type), the batch gives \(column.type)")
            }
            guard definition.nullable || column.nullCount == 0 else {
                throw .schemaMismatch(table: table, detail: "column '\(definition.name)' is NOT NULL but the batch has \(column.nullCount) nulls")
            }
        }
    }

    /// Encodes and writes every row group as a synced `.tmp` file, several at once. On failure,
    /// removes what it wrote and rethrows the first error.
    private func writeSegments(
        _ batch: ColumnBatch, groups: [Range<Int>], names: [String], schema: TableSchema
    ) throws(StorageError) -> [(footer: SegmentFooter, byteSize: Int)] {
        let directory = segmentsDirectory
        let policy = options.encoding
        let columnNames = schema.columns.map(\.name)
        let next = Atomic<Int>(0)
        let results = Mutex<[Int: Result<(footer: SegmentFooter, byteSize: Int), StorageError>]>([:])
        DispatchQueue.concurrentPerform(iterations: min(options.writerThreads, max(groups.count, 1))) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < groups.count else { return }
                let columns = batch.columns.map { $0.slice(groups[index]) }
                let segment = SegmentWriter.encode(columns, names: columnNames, policy: policy)
                let outcome: Result<(footer: SegmentFooter, byteSize: Int), StorageError>
                do throws(StorageError) {
                    try FileSystem.writeNewFile(directory + "/" + names[index] + ".tmp", segment.parts)
                    outcome = .success((segment.footer, segment.byteSize))
                } catch {
                    outcome = .failure(error)
                }
                results.withLock { $0[index] = outcome }
            }
        }
        let collected = results.withLock { $0 }
        var written: [(footer: SegmentFooter, byteSize: Int)] = []
        for index in groups.indices {
            switch collected[index]! {
            case .success(let segment): written.append(segment)
            case .failure(let error):
                for name in names { try? FileSystem.remove(directory + "/" + name + ".tmp") }
                throw error
            }
        }
        return written
    }
}
