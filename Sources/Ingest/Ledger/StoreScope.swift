import Storage

/// What a store's pathways cover: all of France (a national store: national figures can be
/// computed from it) or one region (a regional observatory's store, which also holds strays from
/// other regions, so France cannot be computed from it). Declared once, with `parcours init
/// --scope`, kept in the ingest's ledger (`ledger_state`, key `scope`); a store that never declared
/// it is treated as regional.
public enum StoreScope: String, Sendable, CaseIterable {
    case national, regional

    static let key = "scope"
}

extension IngestLedger {
    /// The store's declared scope; nil when it never declared one.
    public func scope() throws(StorageError) -> StoreScope? {
        guard version > 0 else { return nil }
        let rows = try store.readCatalog { catalog throws(StorageError) in
            try catalog.query("SELECT value FROM ledger_state WHERE key = ?", [.text(StoreScope.key)])
        }
        guard let row = rows.first else { return nil }
        let text = try row.text(0)
        guard let scope = StoreScope(rawValue: text) else {
            throw .catalog(message: "the store's scope is '\(text)', neither national nor regional", sql: nil)
        }
        return scope
    }

    /// Declares the store's scope (replacing an earlier declaration).
    public func declare(_ scope: StoreScope) throws(StorageError) {
        try store.updateCatalog { catalog throws(StorageError) in
            try catalog.run("INSERT OR REPLACE INTO ledger_state (key, value) VALUES (?, ?)", [.text(StoreScope.key), .text(scope.rawValue)])
        }
    }
}
