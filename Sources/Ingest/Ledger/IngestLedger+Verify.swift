import Storage

extension IngestLedger {
    /// What contradicts itself between the ledger and the store: a batch whose snapshot is missing
    /// or committed other rows than the batch says, counts that do not reconcile (records = stored
    /// + rejected, rejects recorded = rejects counted, lines ≥ records), several key fingerprints,
    /// a provider that does not exist. Empty for a sound ledger. `parcours verify` reports these
    /// beside the store's own faults.
    public func consistencyProblems() throws -> [String] {
        let batches: [BatchInfo]
        do {
            batches = try self.batches()
        } catch {
            return ["ledger: \(error)"]
        }
        let snapshots = Dictionary(try store.log().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let rejectCounts = try store.readCatalog { catalog throws(StorageError) -> [Int64: Int] in
            guard try catalog.tableExists("rejected_rows") else { return [:] }
            var counts: [Int64: Int] = [:]
            for row in try catalog.query("SELECT batch_id, count(*) FROM rejected_rows GROUP BY batch_id") {
                counts[try row.integer(0)] = try row.count(1)
            }
            return counts
        }
        let providers = Set(try self.providers(includingRemoved: true).map(\.id))
        var problems: [String] = []
        for batch in batches {
            let name = "batch \(batch.id) (\(batch.sourceName))"
            guard let snapshot = snapshots[batch.snapshot] else {
                problems.append("\(name): its snapshot \(batch.snapshot) does not exist")
                continue
            }
            if snapshot.rowsAdded != batch.rowsStored || snapshot.rowsDeleted != batch.rowsSuperseded || snapshot.tableName != batch.table {
                problems.append("\(name): stored \(batch.rowsStored) rows and superseded \(batch.rowsSuperseded) in \(batch.table), but snapshot "
                                + "\(batch.snapshot) added \(snapshot.rowsAdded) and deleted \(snapshot.rowsDeleted) in \(snapshot.tableName ?? "no table")")
            }
            if batch.rowsRead != batch.rowsStored + batch.rowsRejected {
                problems.append("\(name): \(batch.rowsRead) records read is not \(batch.rowsStored) stored + \(batch.rowsRejected) rejected")
            }
            if rejectCounts[batch.id, default: 0] != batch.rowsRejected {
                problems.append("\(name): \(batch.rowsRejected) rejects counted, \(rejectCounts[batch.id, default: 0]) recorded")
            }
            if let lines = batch.linesRead, lines < batch.rowsRead {
                problems.append("\(name): \(lines) lines cannot hold \(batch.rowsRead) records")
            }
            if let provider = batch.provider, !providers.contains(provider) {
                problems.append("\(name): provider \(provider) does not exist")
            }
            for (field, filled) in try filledValues(batch: batch.id) where filled > batch.rowsStored {
                problems.append("\(name): \(filled) values of \(field) filled among \(batch.rowsStored) rows stored")
            }
        }
        let fingerprints = Set(batches.compactMap(\.keyFingerprint))
        if fingerprints.count > 1 {
            problems.append("batches were pseudonymised under \(fingerprints.count) different keys (fingerprints \(fingerprints.sorted().joined(separator: ", ")))")
        }
        return problems.map { "ledger: \($0)" }
    }
}
