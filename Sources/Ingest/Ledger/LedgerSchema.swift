import Storage

/// The ingest's tables in `catalog.sqlite` (see docs/FORMAT.md): batches, their rejects and filled
/// values, providers, and the ledger's own state. Storage runs the migrations (`CatalogExtension`)
/// and keeps the version; Storage itself never reads these tables.
///
/// Never edit a shipped migration: add one.
enum LedgerSchema {
    static let name = "ingest"

    static let catalogExtension = CatalogExtension(name: name, migrations: [adoptOrCreate, linesProvidersAndSafeRejects])

    /// Version 1: `batches` and `rejected_rows` as catalog versions 2 and 3 made them (Storage then
    /// owned them): created when absent, adopted as they are when present.
    @Sendable
    static func adoptOrCreate(_ catalog: CatalogAccess) throws(StorageError) {
        try catalog.execute("""
            CREATE TABLE IF NOT EXISTS batches (
                id              INTEGER PRIMARY KEY,
                snapshot_id     INTEGER NOT NULL REFERENCES snapshots(id),
                table_name      TEXT    NOT NULL,
                source_name     TEXT    NOT NULL,
                source_sha256   TEXT    NOT NULL,
                source_bytes    INTEGER NOT NULL,
                mapping         TEXT,
                key_fingerprint TEXT,
                rows_read       INTEGER NOT NULL,
                rows_stored     INTEGER NOT NULL,
                rows_rejected   INTEGER NOT NULL,
                rows_superseded INTEGER NOT NULL DEFAULT 0,
                CHECK (rows_read = rows_stored + rows_rejected)
            );
            CREATE INDEX IF NOT EXISTS batches_by_sha256 ON batches(source_sha256);
            CREATE TABLE IF NOT EXISTS rejected_rows (
                batch_id    INTEGER NOT NULL REFERENCES batches(id),
                line        INTEGER NOT NULL,
                byte_offset INTEGER NOT NULL,
                column_name TEXT,
                reason      TEXT    NOT NULL,
                value       TEXT
            );
            CREATE INDEX IF NOT EXISTS rejected_rows_by_batch ON rejected_rows(batch_id, line);
            """)
        // A catalog of version 2 has batches without the superseded count version 3 added.
        if try !catalog.columnNames(of: "batches").contains("rows_superseded") {
            try catalog.execute("ALTER TABLE batches ADD COLUMN rows_superseded INTEGER NOT NULL DEFAULT 0")
        }
    }

    /// Version 2: physical lines, providers, extraction dates, filled values per field, and rejects
    /// that keep a value only when it cannot identify anyone — the old ones rewritten under that
    /// rule, with the freed pages overwritten and the catalog compacted after (`IngestLedger.init`).
    @Sendable
    static func linesProvidersAndSafeRejects(_ catalog: CatalogAccess) throws(StorageError) {
        try catalog.execute("""
            CREATE TABLE providers (
                id             INTEGER PRIMARY KEY,
                name           TEXT    NOT NULL UNIQUE,
                certifier      TEXT    NOT NULL,
                mapping_name   TEXT,
                mapping_text   TEXT,
                delivery_month INTEGER CHECK (delivery_month BETWEEN 1 AND 12),
                created_at     TEXT    NOT NULL,
                removed_at     TEXT
            );
            ALTER TABLE batches ADD COLUMN lines_read INTEGER;
            ALTER TABLE batches ADD COLUMN provider_id INTEGER REFERENCES providers(id);
            ALTER TABLE batches ADD COLUMN ingested_at TEXT;
            ALTER TABLE batches ADD COLUMN extraction_date TEXT;
            ALTER TABLE batches ADD COLUMN data_year INTEGER;
            ALTER TABLE batches ADD COLUMN dialect TEXT;
            ALTER TABLE batches ADD COLUMN date_format TEXT;
            CREATE INDEX batches_by_provider ON batches(provider_id, data_year);
            ALTER TABLE rejected_rows ADD COLUMN value_description TEXT;
            CREATE TABLE batch_fields (
                batch_id INTEGER NOT NULL REFERENCES batches(id),
                field    TEXT    NOT NULL,
                filled   INTEGER NOT NULL CHECK (filled >= 0),
                PRIMARY KEY (batch_id, field)
            ) WITHOUT ROWID;
            CREATE TABLE ledger_state (
                key   TEXT PRIMARY KEY,
                value TEXT NOT NULL
            ) WITHOUT ROWID;
            """)
        // An older store with rejects is compacted afterwards, whatever was rewritten (its free
        // pages and log may hold values of earlier transactions); a new store has nothing to wipe.
        try RejectRewrite.rewriteStoredRejects(catalog)
        if try catalog.integer("SELECT count(*) FROM rejected_rows") > 0 {
            try catalog.run("INSERT OR REPLACE INTO ledger_state (key, value) VALUES ('compaction_pending', '1')")
        }
    }
}
