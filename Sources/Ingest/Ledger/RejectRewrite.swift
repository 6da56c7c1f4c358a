import Storage

/// Rejects recorded before `RejectEvidence` existed kept the raw value of the refused field, which
/// could be a name, a birth date or whole lines swallowed by a stray quote. This puts them under
/// the rule: the value stays only when the strict shapes allow it — without the row to compare
/// with, and without the mapping's labels, so fewer values stay than an ingest would keep —,
/// otherwise its description replaces it.
enum RejectRewrite {
    /// The window for old rejects' dates: their extraction date is unknown, so the latest one
    /// possible (today) is taken; the lower bounds, which keep birth dates out, are the defaults.
    static func storedRejectEvidence() -> RejectEvidence {
        // Today lies inside the date table's years for the next two centuries; should it not,
        // nothing is kept (every date is then outside a window that cannot be built).
        guard let windows = try? DateWindows(extractionDate: CivilDate.today()) else {
            return RejectEvidence(shapes: [:])
        }
        return RejectEvidence.forStoredRejects(windows: windows)
    }

    /// What an old reject may keep: (value, description), by the rule for stored rejects.
    static func sanitised(value: String?, column: String?, evidence: RejectEvidence) -> (value: String?, description: String?) {
        guard let value else { return (nil, nil) }
        guard let column else { return (nil, RejectEvidence.describe(value, shape: .never)) }
        return evidence.judge(value, column: column)
    }

    /// Rewrites every stored reject that holds a value (inside the migration's transaction);
    /// the number of rejects rewritten.
    @discardableResult
    static func rewriteStoredRejects(_ catalog: CatalogAccess) throws(StorageError) -> Int {
        let evidence = storedRejectEvidence()
        let rows = try catalog.query("SELECT rowid, column_name, value FROM rejected_rows WHERE value IS NOT NULL")
        var updates: [[CatalogValue]] = []
        for row in rows {
            let judged = sanitised(value: try row.optionalText(2), column: try row.optionalText(1), evidence: evidence)
            guard judged.value == nil else { continue }
            updates.append([.null, judged.description.map(CatalogValue.text) ?? .null, .integer(try row.integer(0))])
        }
        try catalog.runEach("UPDATE rejected_rows SET value = ?, value_description = ? WHERE rowid = ?", updates)
        return updates.count
    }
}
