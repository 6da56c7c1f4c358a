extension Catalog {
    /// What contradicts itself in the catalog's rows (SQL only, no file read): snapshot ids out of
    /// sequence, rows or segments pointing at snapshots that do not exist, a snapshot whose rows
    /// added or deleted are not those of its segments and deletion vectors, values of the wrong
    /// type. Empty for a sound catalog.
    ///
    /// Why it matters beyond `verify`: the sweep removes segment files that no catalog row names.
    /// If rows were deleted or edited (by hand, by a damaged disk), the files they named would look
    /// like leftovers of a crash and be removed — committed rows lost at the next write. So nothing
    /// is swept, or written, while this list is not empty.
    func consistencyProblems() throws(StorageError) -> [String] {
        var problems: [String] = []
        let ids = try database.query("SELECT id FROM snapshots ORDER BY id").map { row in (try? row.integer(0)) ?? -1 }
        if ids.isEmpty || ids != Array(1...Int64(ids.count)) {
            problems.append("snapshot ids are not 1 to \(ids.count) in sequence (an id was edited or a snapshot deleted)")
        }
        let latest = ids.last ?? 0
        let dangling: [(String, String)] = [
            ("SELECT count(*) FROM tables WHERE created_snapshot NOT IN (SELECT id FROM snapshots)", "a table is created by a snapshot that does not exist"),
            ("SELECT count(*) FROM segments WHERE created_snapshot NOT IN (SELECT id FROM snapshots)", "a segment is created by a snapshot that does not exist"),
            ("SELECT count(*) FROM segments WHERE dropped_snapshot IS NOT NULL AND (dropped_snapshot NOT IN (SELECT id FROM snapshots) OR dropped_snapshot <= created_snapshot)",
             "a segment is dropped by a snapshot that does not exist or precedes its creation"),
            ("SELECT count(*) FROM segments WHERE table_id NOT IN (SELECT id FROM tables)", "a segment belongs to no table"),
            ("""
             SELECT count(*) FROM segments s
             LEFT JOIN (SELECT segment_id, count(*) AS chunks FROM column_chunks GROUP BY segment_id) c ON c.segment_id = s.id
             LEFT JOIN (SELECT table_id, count(*) AS columns FROM columns GROUP BY table_id) t ON t.table_id = s.table_id
             WHERE coalesce(c.chunks, 0) != coalesce(t.columns, 0)
             """, "a segment does not have one chunk per column of its table"),
            ("SELECT count(*) FROM column_chunks WHERE segment_id NOT IN (SELECT id FROM segments)", "a column chunk belongs to no segment"),
            ("SELECT count(*) FROM segments WHERE typeof(row_count) != 'integer' OR row_count < 1 OR typeof(byte_size) != 'integer' OR byte_size < 1",
             "a segment's row count or size is not a positive integer"),
        ]
        for (sql, problem) in dangling where try database.integer(sql) > 0 { problems.append(problem) }
        // Each snapshot's counts are those of what it committed.
        // Grouped once, joined once: this runs at every open for writing, however many snapshots
        // years of ingests have made.
        let added = try database.query("""
            SELECT s.id, s.rows_added, coalesce(g.total, 0)
            FROM snapshots s
            LEFT JOIN (SELECT created_snapshot, sum(row_count) AS total FROM segments GROUP BY created_snapshot) g ON g.created_snapshot = s.id
            WHERE typeof(s.rows_added) != 'integer' OR s.rows_added != coalesce(g.total, 0)
            ORDER BY s.id
            """, source: "snapshots and segments")
        for row in added.prefix(10) {
            let said = (try? row.integer(1)).map(String.init) ?? "a non-integer number of"
            let held = (try? row.integer(2)).map(String.init) ?? "a non-integer number of"
            problems.append("snapshot \((try? row.integer(0)).map(String.init) ?? "?") says it added \(said) rows, its segments hold \(held)")
        }
        if try version >= 3 {
            let deleted = try database.query("""
                SELECT s.id FROM snapshots s
                LEFT JOIN (SELECT snapshot_id, sum(row_count) AS total FROM deletions GROUP BY snapshot_id) d ON d.snapshot_id = s.id
                WHERE typeof(s.rows_deleted) != 'integer' OR s.rows_deleted != coalesce(d.total, 0)
                ORDER BY s.id
                """)
            for row in deleted.prefix(10) {
                problems.append("snapshot \((try? row.integer(0)).map(String.init) ?? "?")'s deleted rows are not those of its deletion vectors")
            }
            if try database.integer("SELECT count(*) FROM deletions WHERE snapshot_id NOT IN (SELECT id FROM snapshots) OR segment_id NOT IN (SELECT id FROM segments)") > 0 {
                problems.append("a deletion vector names a snapshot or a segment that does not exist")
            }
        }
        if latest > 0, try database.integer("SELECT count(*) FROM segments WHERE created_snapshot > ?", [.integer(latest)]) > 0 {
            problems.append("a segment is created after the latest snapshot")
        }
        return problems
    }
}
