/// The SQL that creates a version-1 catalog (see docs/FORMAT.md for every column's meaning).
///
/// `PRAGMA user_version` holds the catalog format version; `application_id` marks the file as a
/// Parcours catalog so that a random SQLite file is not mistaken for one.
enum CatalogSchema {
    static let version: Int64 = 1
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
