#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Parcours store: a folder holding `catalog.sqlite` and immutable `segments/*.seg` files.
///
/// Open it read-only to query (any number of readers, alongside one writer), or for writing, which
/// takes an exclusive lock on `write.lock` for the life of the object and sweeps files that no
/// snapshot names (left by a crash between writing a segment and committing it).
/// Not thread-safe: use one `Store` per thread; `Snapshot`s it returns are `Sendable`.
public final class Store {
    public let path: String
    public let isWritable: Bool
    public var options: StoreOptions
    let catalog: Catalog
    private let lockDescriptor: Int32?

    var segmentsDirectory: String { path + "/segments" }

    private init(path: String, catalog: Catalog, lockDescriptor: Int32?, options: StoreOptions) {
        self.path = path
        self.catalog = catalog
        self.lockDescriptor = lockDescriptor
        self.isWritable = lockDescriptor != nil
        self.options = options
    }

    deinit {
        if let lockDescriptor { close(lockDescriptor) }
    }

    /// Creates an empty store at `path` (a new or empty folder) and opens it for writing.
    public static func create(at path: String, options: StoreOptions = StoreOptions()) throws(StorageError) -> Store {
        if FileSystem.exists(path) {
            guard FileSystem.isDirectory(path), try FileSystem.listDirectory(path).isEmpty else {
                throw FileSystem.exists(path + "/" + Catalog.fileName) ? .storeAlreadyExists(path: path)
                    : .notAStore(path: path, reason: "the folder exists and is not empty")
            }
        } else {
            try FileSystem.makeDirectories(path)
        }
        try FileSystem.makeDirectory(path + "/segments")
        let lock = try lockForWriting(path)
        do {
            let catalog = try Catalog.create(path: path + "/" + Catalog.fileName)
            try FileSystem.syncDirectory(path)
            return Store(path: path, catalog: catalog, lockDescriptor: lock, options: options)
        } catch {
            close(lock)
            throw error
        }
    }

    /// Opens an existing store. For writing, takes the write lock and sweeps unreferenced files.
    public static func open(at path: String, forWriting: Bool = false,
                            options: StoreOptions = StoreOptions()) throws(StorageError) -> Store {
        let catalogPath = path + "/" + Catalog.fileName
        guard FileSystem.isDirectory(path) else { throw .storeNotFound(path: path) }
        guard FileSystem.exists(catalogPath) else {
            throw .notAStore(path: path, reason: "it has no \(Catalog.fileName)")
        }
        let lock = forWriting ? try lockForWriting(path) : nil
        let catalog: Catalog
        do {
            catalog = try Catalog.open(path: catalogPath, storePath: path, readOnly: !forWriting)
        } catch {
            if let lock { close(lock) }
            throw error
        }
        // From here the store owns the lock: its deinit closes it, also when the sweep throws.
        // (Closing it here too closed the same descriptor twice, after another file — the
        // catalog's log, say — could have reused its number.)
        let store = Store(path: path, catalog: catalog, lockDescriptor: lock, options: options)
        if forWriting { try store.sweepUnreferencedFiles() }
        return store
    }

    private static func lockForWriting(_ path: String) throws(StorageError) -> Int32 {
        let lockPath = path + "/write.lock"
        let fd = Glibc.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileSystem.fail(lockPath, "opening") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw .storeLocked(path: path)
        }
        return fd
    }

    /// Deletes segment files no snapshot names: temporary files of an interrupted commit, and
    /// renamed files whose catalog transaction never committed. Returns the names removed.
    ///
    /// Only when the catalog is consistent (`Catalog.consistencyProblems`): in a catalog that lost
    /// or had edited rows, a committed file would look unreferenced, and removing it would lose its
    /// rows for good. Only files named as a commit names them are removed; anything else someone
    /// put in the folder stays.
    @discardableResult
    func sweepUnreferencedFiles() throws(StorageError) -> [String] {
        let problems = try catalog.consistencyProblems()
        guard problems.isEmpty else { throw .inconsistentCatalog(path: path, problems: problems) }
        let referenced = try catalog.allSegmentFileNames()
        let orphans = try FileSystem.listDirectory(segmentsDirectory).filter { name in
            !referenced.contains(name) && SegmentFormat.isCommitFileName(name)
        }
        for name in orphans { try FileSystem.remove(segmentsDirectory + "/" + name) }
        if !orphans.isEmpty { try FileSystem.syncDirectory(segmentsDirectory) }
        return orphans
    }

    func requireWritable(_ operation: String) throws(StorageError) {
        guard isWritable else { throw .readOnly(operation: operation) }
    }

    // MARK: Snapshots

    public func latestSnapshotID() throws(StorageError) -> Int64 {
        try catalog.latestSnapshot()
    }

    /// Every committed change, oldest first.
    public func log() throws(StorageError) -> [SnapshotInfo] {
        try catalog.snapshots()
    }

    /// Pins the latest snapshot, or `asOf` an older one.
    public func snapshot(asOf id: Int64? = nil) throws(StorageError) -> Snapshot {
        // One read transaction: every table and segment listed comes from the same catalog state.
        try catalog.database.transaction(immediate: false) { () throws(StorageError) in
            let latest = try catalog.latestSnapshot()
            let pinned = id ?? latest
            guard pinned >= 1 && pinned <= latest else { throw .noSuchSnapshot(pinned, latest: latest) }
            var tables: [TableSnapshot] = []
            for table in try catalog.tables(at: pinned) {
                let segments = try catalog.segments(tableID: table.id, columnCount: table.schema.count, at: pinned)
                tables.append(TableSnapshot(name: table.name, schema: table.schema, segments: segments,
                                            segmentsDirectory: segmentsDirectory))
            }
            return Snapshot(id: pinned, storePath: path, tables: tables)
        }
    }

    // MARK: Tables

    /// Creates an empty table; returns the snapshot that makes it visible.
    @discardableResult
    public func createTable(_ name: String, schema: TableSchema) throws(StorageError) -> Int64 {
        try requireWritable("create a table")
        return try catalog.database.transaction { () throws(StorageError) in
            guard try catalog.database.integer("SELECT count(*) FROM tables WHERE name = ?", [.text(name)]) == 0 else {
                throw .tableExists(name)
            }
            let snapshot = try catalog.addSnapshot(operation: "create table", table: name, rowsAdded: 0, note: nil)
            try catalog.addTable(name, schema: schema, snapshot: snapshot)
            return snapshot
        }
    }
}
