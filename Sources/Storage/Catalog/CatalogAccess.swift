/// SQL access to `catalog.sqlite` for a layer above Storage that keeps its own tables there (the
/// ingest's batches and rejects): they then commit in the same transaction as the rows they
/// describe. Storage never reads those tables and the layer never writes Storage's.
///
/// A `CatalogAccess` is only handed to a closure, inside a transaction that Storage opened and
/// will commit or roll back (`Store.readCatalog`, `Store.updateCatalog`, the metadata of an
/// append's commit, a `CatalogExtension` migration); it must not escape it.
public struct CatalogAccess {
    let database: SQLiteDatabase
    /// False inside a read transaction: `execute` and `run` are refused.
    public let isWritable: Bool

    init(_ database: SQLiteDatabase, writable: Bool) {
        self.database = database
        isWritable = writable
    }

    private func requireWritable(_ sql: String) throws(StorageError) {
        guard isWritable else { throw .readOnly(operation: "run \(sql.prefix(40))…") }
    }

    /// Runs statements that return nothing (DDL, a migration step).
    public func execute(_ sql: String) throws(StorageError) {
        try requireWritable(sql)
        try database.execute(sql)
    }

    /// Runs one statement with parameters, ignoring any rows.
    public func run(_ sql: String, _ parameters: [CatalogValue] = []) throws(StorageError) {
        try requireWritable(sql)
        try database.run(sql, parameters)
    }

    /// Every row of a query; `source` names the table(s) in the errors of the rows' accessors.
    public func query(_ sql: String, _ parameters: [CatalogValue] = [], source: String? = nil) throws(StorageError) -> [CatalogRow] {
        try database.query(sql, parameters, source: source)
    }

    /// The single integer a query returns (`fallback` for no row or NULL).
    public func integer(_ sql: String, _ parameters: [CatalogValue] = [], fallback: Int64 = 0) throws(StorageError) -> Int64 {
        try database.integer(sql, parameters, fallback: fallback)
    }

    /// The rowid of the last row this connection inserted.
    public var lastInsertedRowID: Int64 { database.lastInsertedRowID }

    /// Whether a table (or view) of that name exists.
    public func tableExists(_ name: String) throws(StorageError) -> Bool {
        try database.integer("SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", [.text(name)]) > 0
    }

    /// The column names of a table, in order (empty when it does not exist).
    public func columnNames(of table: String) throws(StorageError) -> [String] {
        try database.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", [.text(table)]).map { row throws(StorageError) in
            try row.text(0)
        }
    }

    /// The same statement run for many parameter lists (bulk inserts) without preparing it again.
    public func runEach(_ sql: String, _ parameterLists: some Sequence<[CatalogValue]>) throws(StorageError) {
        try requireWritable(sql)
        let statement = try database.prepare(sql)
        for parameters in parameterLists {
            try statement.bind(parameters)
            _ = try statement.step()
        }
    }
}
