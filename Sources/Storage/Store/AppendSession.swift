import Dispatch
import Support
import Synchronization

/// An append in progress: rows are encoded and written to temporary segment files as they come,
/// so memory stays bounded however large the input, and `commit` makes all of them visible in
/// one catalog transaction (or `abort` — or an error, or a crash — leaves the store as it was).
///
/// Rows are buffered until a full row group is available; `commit` writes the last, partial one.
/// `write` and `commit` are for one caller at a time (the encoding inside runs on several
/// threads); `writeRowGroup` may be called from many threads at once, by a pipeline that cuts
/// its own row groups — use one style or the other in a session.
public final class AppendSession: @unchecked Sendable {
    public let table: String
    public let schema: TableSchema
    private let store: Store
    /// nil while the table does not exist yet: the commit creates it with its first rows.
    private let tableID: Int64?
    private let prefix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
    private var pending: [Column] = []
    private var pendingRows = 0
    /// Segment files written so far, by sequence number (their order in the table).
    private let written = Mutex<[Int: (name: String, footer: SegmentFooter, byteSize: Int)]>([:])
    private var nextSequence = 0
    private var finished = false
    public var rowsWritten: Int { written.withLock { $0.values.reduce(0) { $0 + $1.footer.rowCount } } }

    init(store: Store, table: String, creatingWith newSchema: TableSchema?) throws(StorageError) {
        try store.requireWritable("append to '\(table)'")
        let tables = try store.catalog.tables(at: try store.catalog.latestSnapshot())
        self.store = store
        self.table = table
        if let entry = tables.first(where: { $0.name == table }) {
            tableID = entry.id
            schema = entry.schema
        } else if let newSchema {
            tableID = nil
            schema = newSchema
        } else {
            throw .noSuchTable(table, available: tables.map(\.name))
        }
    }

    deinit {
        if !finished { abort() }
    }

    /// Adds rows; every full row group among the buffered rows is encoded and written now.
    public func write(_ batch: ColumnBatch) throws(StorageError) {
        precondition(!finished, "the append session is finished")
        try store.validate(batch, against: schema, table: table)
        pending = pending.isEmpty ? batch.columns : zip(pending, batch.columns).map { Column.concatenate([$0, $1]) }
        pendingRows += batch.rowCount
        let size = store.options.rowGroupSize
        let full = pendingRows / size * size
        guard full > 0 else { return }
        try writeRowGroups(pending, rows: 0..<full)
        pending = pendingRows == full ? [] : pending.map { $0.slice(full..<pendingRows) }
        pendingRows -= full
    }

    /// Encodes one row group (at most `rowGroupSize` rows) and writes it as a synced temporary
    /// segment file, in position `sequence` of the session's rows (sequences must be distinct;
    /// gaps are allowed). Thread-safe: a pipeline encodes row groups on several threads at once.
    public func writeRowGroup(_ columns: [Column], sequence: Int) throws(StorageError) {
        let batch = try ColumnBatch(columns)
        guard batch.rowCount <= store.options.rowGroupSize, batch.rowCount > 0 else {
            throw .invalidBatch("a row group holds 1 to \(store.options.rowGroupSize) rows, not \(batch.rowCount)")
        }
        try store.validate(batch, against: schema, table: table)
        let name = "\(prefix)-\(sequence).\(SegmentFormat.fileExtension)"
        let segment = SegmentWriter.encode(columns, names: schema.columns.map(\.name), policy: store.options.encoding)
        try FileSystem.writeNewFile(store.segmentsDirectory + "/" + name + ".tmp", segment.parts)
        let duplicate = written.withLock { written -> Bool in
            guard written[sequence] == nil else { return true }
            written[sequence] = (name, segment.footer, segment.byteSize)
            return false
        }
        precondition(!duplicate, "row group sequence \(sequence) written twice")
        Failpoint.reach("store.segment-written")
    }

    /// What describes a commit to the layer that made it (an ingest's batch record and rejects):
    /// written by that layer into its own catalog tables, inside the commit's transaction, after
    /// the snapshot and its segments are registered. If it throws, nothing is committed.
    public typealias CommitMetadata = (CatalogAccess, CommitResult) throws(StorageError) -> Void

    /// Writes what remains, then makes every row of the session visible as one new snapshot.
    /// `deleting` (segment id → rows) marks rows of live segments as no longer live in the same
    /// snapshot: a newer extraction replaces the older one atomically, never half-way. `metadata`
    /// records what the caller keeps about the commit, in the same transaction.
    @discardableResult
    public func commit(note: String? = nil, deleting deletions: [Int64: DeletionVector] = [:],
                       metadata: CommitMetadata? = nil) throws(StorageError) -> CommitResult {
        precondition(!finished, "the append session is finished")
        do throws(StorageError) {
            if tableID == nil && deletions.values.contains(where: { !$0.isEmpty }) {
                throw StorageError.invalidBatch("cannot delete rows from '\(table)': the table does not exist yet")
            }
            let rowsDeleted = deletions.values.reduce(0) { $0 + $1.count }
            if pendingRows > 0 { try writeRowGroups(pending, rows: 0..<pendingRows) }
            pending = []
            pendingRows = 0
            let directory = store.segmentsDirectory
            let written = self.written.withLock { $0 }.sorted { $0.key < $1.key }.map(\.value)
            for segment in written {
                try FileSystem.move(directory + "/" + segment.name + ".tmp", directory + "/" + segment.name)
            }
            try FileSystem.syncDirectory(directory)
            Failpoint.reach("store.segments-renamed")
            let rows = written.reduce(0) { $0 + $1.footer.rowCount }, table = table, tableID = tableID, schema = schema
            let catalog = store.catalog
            let result = try catalog.database.transaction { () throws(StorageError) in
                let snapshot = try catalog.addSnapshot(operation: "append", table: table, rowsAdded: rows,
                                                       rowsDeleted: rowsDeleted, note: note)
                // A table created by its first append appears in the same snapshot as its rows.
                let id: Int64
                if let tableID { id = tableID } else { id = try catalog.addTable(table, schema: schema, snapshot: snapshot) }
                for segment in written {
                    try catalog.addSegment(tableID: id, fileName: segment.name, footer: segment.footer,
                                           byteSize: segment.byteSize, snapshot: snapshot)
                }
                try catalog.addDeletions(deletions, tableID: id, snapshot: snapshot)
                let result = CommitResult(table: table, snapshot: snapshot, rowsAdded: rows, rowsDeleted: rowsDeleted,
                                          segmentFiles: written.map(\.name), bytesWritten: written.reduce(0) { $0 + $1.byteSize })
                try metadata?(CatalogAccess(catalog.database, writable: true), result)
                Failpoint.reach("store.before-catalog-commit")
                return result
            }
            Failpoint.reach("store.committed")
            finished = true
            return result
        } catch {
            abort()
            throw error
        }
    }

    /// Removes every file the session wrote; the store is as it was before the session.
    public func abort() {
        finished = true
        let directory = store.segmentsDirectory
        for segment in written.withLock({ $0.values }) {
            try? FileSystem.remove(directory + "/" + segment.name + ".tmp")
            try? FileSystem.remove(directory + "/" + segment.name)
        }
        written.withLock { $0 = [:] }
    }

    /// Encodes the row groups of `rows` of `columns` on several threads and writes each as a synced
    /// `.tmp` file (each worker slices its own row group: no copy of the whole range first).
    private func writeRowGroups(_ columns: [Column], rows: Range<Int>) throws(StorageError) {
        let size = store.options.rowGroupSize
        let groups = stride(from: rows.lowerBound, to: rows.upperBound, by: size).map { $0..<min($0 + size, rows.upperBound) }
        let firstSequence = nextSequence
        nextSequence += groups.count
        let names = groups.indices.map { "\(prefix)-\(firstSequence + $0).\(SegmentFormat.fileExtension)" }
        let directory = store.segmentsDirectory
        let policy = store.options.encoding
        let columnNames = schema.columns.map(\.name)
        let next = Atomic<Int>(0)
        let results = Mutex<[Int: Result<(footer: SegmentFooter, byteSize: Int), StorageError>]>([:])
        DispatchQueue.concurrentPerform(iterations: min(store.options.writerThreads, max(groups.count, 1))) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < groups.count else { return }
                let segment = SegmentWriter.encode(columns.map { $0.slice(groups[index]) }, names: columnNames, policy: policy)
                let outcome: Result<(footer: SegmentFooter, byteSize: Int), StorageError>
                do throws(StorageError) {
                    try FileSystem.writeNewFile(directory + "/" + names[index] + ".tmp", segment.parts)
                    Failpoint.reach("store.segment-written")
                    outcome = .success((segment.footer, segment.byteSize))
                } catch {
                    outcome = .failure(error)
                }
                results.withLock { $0[index] = outcome }
            }
        }
        let collected = results.withLock { $0 }
        for index in groups.indices {
            switch collected[index]! {
            case .success(let segment):
                written.withLock { $0[firstSequence + index] = (names[index], segment.footer, segment.byteSize) }
            case .failure(let error):
                for later in groups.indices where later > index { try? FileSystem.remove(directory + "/" + names[later] + ".tmp") }
                throw error
            }
        }
    }
}
