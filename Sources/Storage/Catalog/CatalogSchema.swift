/// The SQL that creates and upgrades the catalog (see docs/FORMAT.md for every column's meaning).
///
/// `PRAGMA user_version` holds the catalog format version; `application_id` marks the file as a
/// Parcours catalog so that a random SQLite file is not mistaken for one. A new store runs
/// `statements` then every migration; an older store opened for writing runs the migrations it
/// lacks, in one transaction. Never edit a shipped migration: add one.
enum CatalogSchema {
    static var version: Int64 { Int64(1 + migrations.count) }

    /// Migration k brings a catalog from version k+1 to version k+2.
    ///
    /// Versions 2 and 3 also created and altered the ingest's `batches` and `rejected_rows`; those
    /// tables now belong to the ingest layer (a `CatalogExtension` that adopts them where they
    /// exist), so the steps that touched them were moved there: a store that ran the old steps and
    /// a new one end with the same tables.
    static let migrations: [[String]] = [
        // Version 2: (the ingest's tables; see above).
        [],
        // Version 3: deletion vectors (rows superseded by a newer extraction), committed with the
        // append that supersedes them.
        [
            """
            CREATE TABLE deletions (
                segment_id  INTEGER NOT NULL REFERENCES segments(id),
                snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
                row_count   INTEGER NOT NULL CHECK (row_count > 0),
                rows        BLOB    NOT NULL,
                PRIMARY KEY (segment_id, snapshot_id)
            ) WITHOUT ROWID
            """,
            "ALTER TABLE snapshots ADD COLUMN rows_deleted INTEGER NOT NULL DEFAULT 0",
        ],
        // Version 4: the layers above Storage that keep tables in the catalog, and their versions.
        [
            """
            CREATE TABLE catalog_extensions (
                name    TEXT    PRIMARY KEY,
                version INTEGER NOT NULL CHECK (version >= 0)
            ) WITHOUT ROWID
            """,
        ],
    ]
    /// "PRCS" as a big-endian 32-bit integer.
    static let applicationID: Int64 = 0x5052_4353

    static let statements = [
        """
        CREATE TABLE snapshots (
            id          INTEGER PRIMARY KEY,
            created_at  TEXT    NOT NULL,
            operation   TEXT    NOT NULL,
            table_name  TEXT,
            rows_added  INTEGER NOT NULL DEFAULT 0,
            note        TEXT
        )
        """,
        """
        CREATE TABLE tables (
            id               INTEGER PRIMARY KEY,
            name             TEXT    NOT NULL UNIQUE,
            created_snapshot INTEGER NOT NULL REFERENCES snapshots(id)
        )
        """,
        """
        CREATE TABLE columns (
            table_id  INTEGER NOT NULL REFERENCES tables(id),
            position  INTEGER NOT NULL,
            name      TEXT    NOT NULL,
            type      TEXT    NOT NULL,
            nullable  INTEGER NOT NULL,
            PRIMARY KEY (table_id, position)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE segments (
            id               INTEGER PRIMARY KEY,
            table_id         INTEGER NOT NULL REFERENCES tables(id),
            file_name        TEXT    NOT NULL UNIQUE,
            row_count        INTEGER NOT NULL,
            byte_size        INTEGER NOT NULL,
            created_snapshot INTEGER NOT NULL REFERENCES snapshots(id),
            dropped_snapshot INTEGER REFERENCES snapshots(id)
        )
        """,
        "CREATE INDEX segments_by_table ON segments(table_id, created_snapshot)",
        """
        CREATE TABLE column_chunks (
            segment_id     INTEGER NOT NULL REFERENCES segments(id),
            position       INTEGER NOT NULL,
            encoding       TEXT    NOT NULL,
            compression    TEXT    NOT NULL,
            stored_bytes   INTEGER NOT NULL,
            payload_bytes  INTEGER NOT NULL,
            raw_bytes      INTEGER NOT NULL,
            null_count     INTEGER NOT NULL,
            distinct_count INTEGER,
            min_value,
            max_value,
            PRIMARY KEY (segment_id, position)
        ) WITHOUT ROWID
        """,
    ]
}
