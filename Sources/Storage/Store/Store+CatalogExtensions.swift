/// Tables a layer above Storage keeps in the catalog (the ingest keeps its batches and rejects
/// there, so that they commit with the rows they describe), with the migrations that create and
/// upgrade them. Storage records each extension's version and runs the migrations a store lacks;
/// it never reads the extension's tables.
///
/// Invariant: migration k brings the extension from version k to k + 1 (version 0: absent) and
/// runs in one transaction with the version's update, so a crash leaves one version or the next.
/// Never edit a shipped migration: add one.
public struct CatalogExtension: Sendable {
    public typealias Migration = @Sendable (CatalogAccess) throws -> Void

    public let name: String
    public let migrations: [Migration]
    public var version: Int { migrations.count }

    public init(name: String, migrations: [Migration]) {
        self.name = name
        self.migrations = migrations
    }
}

extension Store {
    /// The version of `name`'s tables in this store (0 when it has none, or the catalog predates extensions).
    public func extensionVersion(_ name: String) throws(StorageError) -> Int {
        guard try catalog.version >= 4 else { return 0 }
        return try catalog.database.query("SELECT version FROM catalog_extensions WHERE name = ?", [.text(name)]).first?
            .count(0, in: 0...Int64(Int32.max)) ?? 0
    }

    /// Brings `catalogExtension`'s tables up to its version (the store must be open for writing).
    /// Returns the versions it migrated from and to (equal when there was nothing to do).
    @discardableResult
    public func install(_ catalogExtension: CatalogExtension) throws(StorageError) -> (from: Int, to: Int) {
        let from = try extensionVersion(catalogExtension.name)
        guard from < catalogExtension.version else {
            guard from == catalogExtension.version else {
                throw .newerFormat(file: path + "/" + Catalog.fileName + " (\(catalogExtension.name) tables)", found: from,
                                   supported: catalogExtension.version)
            }
            return (from, from)
        }
        try requireWritable("upgrade the \(catalogExtension.name) tables")
        for version in from..<catalogExtension.version {
            try catalog.database.transaction { () throws(StorageError) in
                do {
                    try catalogExtension.migrations[version](CatalogAccess(catalog.database, writable: true))
                } catch let error as StorageError {
                    throw error
                } catch {
                    throw .catalog(message: "upgrading the \(catalogExtension.name) tables to version \(version + 1): \(error)", sql: nil)
                }
                try catalog.database.run("INSERT OR REPLACE INTO catalog_extensions (name, version) VALUES (?, ?)",
                                         [.text(catalogExtension.name), .integer(Int64(version + 1))])
            }
        }
        return (from, catalogExtension.version)
    }

    /// Runs `body` in a read transaction: every query sees the same committed state.
    public func readCatalog<R>(_ body: (CatalogAccess) throws(StorageError) -> R) throws(StorageError) -> R {
        try catalog.database.transaction(immediate: false) { () throws(StorageError) in
            try body(CatalogAccess(catalog.database, writable: false))
        }
    }

    /// Runs `body` in a write transaction (the store must be open for writing): committed when it
    /// returns, rolled back when it throws. For changes that are not data (a provider declared);
    /// what describes appended rows belongs in the append's commit (`AppendSession.commit`).
    public func updateCatalog<R>(_ body: (CatalogAccess) throws(StorageError) -> R) throws(StorageError) -> R {
        try requireWritable("update the catalog")
        return try catalog.database.transaction { () throws(StorageError) in
            try body(CatalogAccess(catalog.database, writable: true))
        }
    }

    /// Rewrites the whole catalog file without its free pages (`VACUUM`), then empties the
    /// write-ahead log into it and truncates the log: after content was deleted or rewritten for
    /// privacy, no old copy of it remains in a free page or a log frame. Needs the write lock.
    /// False when a reader still held an older state, so that the log could not be emptied: the
    /// caller should try again later (the next write does).
    @discardableResult
    public func compactCatalog() throws(StorageError) -> Bool {
        try requireWritable("compact the catalog")
        try catalog.database.execute("VACUUM")
        // One row: (busy, frames in the log, frames checkpointed); busy = 1 when a reader blocked it.
        let result = try catalog.database.query("PRAGMA wal_checkpoint(TRUNCATE)").first
        return try result?.integer(0) == 0
    }
}
