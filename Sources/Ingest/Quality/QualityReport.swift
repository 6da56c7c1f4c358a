import Storage

/// A data provider's feedback: what happened to each file it sent, and what to correct at the
/// source — lines read, stored and rejected per batch and over the years, rejects by reason with
/// their line numbers, how complete each field is compared with the other providers of the store,
/// stage dates out of order, duplicates, and lateness against the agreed delivery month.
///
/// Built from the ingest's ledger only (no row of the pathways table is read): every value it
/// shows is one a reject was allowed to keep (`RejectEvidence`).
public struct QualityReport: Sendable {
    /// One ingested file, with what the page says of it.
    public struct BatchLine: Sendable {
        public let batch: BatchInfo
        public let provider: String?
        /// The last day the file was due (end of the delivery month of the year after its data year).
        public let due: CivilDate?
        /// Days after `due` the file was ingested; nil when on time or when no due date applies.
        public let daysLate: Int?
        /// Rejects for stage dates out of order or an outcome without a jury date.
        public let stageOrderRejects: Int
        /// Rows repeated inside the file (rejected) and older rows it replaced (superseded).
        public let duplicateRejects: Int
    }

    /// One reason for rejecting lines, over the report's batches.
    public struct ReasonLine: Sendable {
        public let column: String?
        public let reason: String
        public let count: Int
        /// (batch, line) of the first rejects of this reason, in file order.
        public let examples: [(batch: Int64, line: Int)]
    }

    /// How often a field is filled among stored rows: in the report's batches and in the other
    /// providers' batches of the store (nil when they stored none).
    public struct FieldCompleteness: Sendable {
        public let field: String
        public let share: Double?
        public let othersShare: Double?
    }

    /// One data year's totals.
    public struct YearLine: Sendable {
        public let dataYear: Int
        public let batches: Int
        public let records: Int
        public let stored: Int
        public let rejected: Int
    }

    /// "provider NAME" or "every batch", as the page's title says it.
    public let scope: String
    public let provider: Provider?
    public let year: Int?
    public let batches: [BatchLine]
    public let years: [YearLine]
    public let reasons: [ReasonLine]
    public let completeness: [FieldCompleteness]
    /// The rejects to correct at the source, with their file names.
    public let rejects: [(file: String, batch: Int64, row: RejectedRow)]

    /// Examples of line numbers kept per reason on the page (the CSV lists every reject).
    public static let examplesPerReason = 20

    /// The fields whose completeness is compared (those a file may leave empty).
    static let optionalFields = PathwaySchema.schema.columns.filter(\.nullable).map(\.name)

    public static func build(_ ledger: IngestLedger, provider name: String?, year: Int?) throws -> QualityReport {
        let providers = try ledger.providers(includingRemoved: true)
        var provider: Provider?
        if let name {
            guard let found = providers.first(where: { $0.name == name }) else {
                throw ProviderError.unknown(name: name, known: providers.filter { $0.removedAt == nil }.map(\.name))
            }
            provider = found
        }
        let byID = Dictionary(uniqueKeysWithValues: providers.map { ($0.id, $0) })
        let all = try ledger.batches()
        let chosen = all.filter { batch in
            (provider == nil || batch.provider == provider?.id) && (year == nil || batch.dataYear == year)
        }
        let others = all.filter { batch in provider != nil && batch.provider != provider?.id && (year == nil || batch.dataYear == year) }
        var lines: [BatchLine] = []
        var rejects: [(file: String, batch: Int64, row: RejectedRow)] = []
        for batch in chosen {
            let rows = try ledger.rejects(batch: batch.id).map(\.row)
            rejects += rows.map { (batch.sourceName, batch.id, $0) }
            let owner = batch.provider.flatMap { byID[$0] }
            let due = batch.dataYear.flatMap { owner?.dueDate(dataYear: $0) }
            let ingested = batch.ingestedAt.flatMap { CivilDate(iso: String($0.prefix(10))) }
            var late: Int?
            if let due, let ingested, ingested.daysSinceEpoch > due.daysSinceEpoch {
                late = Int(ingested.daysSinceEpoch - due.daysSinceEpoch)
            }
            lines.append(BatchLine(
                batch: batch, provider: owner?.name, due: due, daysLate: late,
                stageOrderRejects: rows.filter { $0.reason.hasPrefix("stage dates out of order") || $0.reason == "an outcome without a jury date" }.count,
                duplicateRejects: rows.filter { $0.reason.hasPrefix("duplicated pathway") }.count))
        }
        return QualityReport(scope: provider.map { "provider \($0.name)" } ?? "every batch", provider: provider, year: year,
                             batches: lines, years: Self.years(chosen), reasons: Self.reasons(rejects),
                             completeness: try Self.completeness(ledger, chosen, others), rejects: rejects)
    }

    private static func years(_ batches: [BatchInfo]) -> [YearLine] {
        Dictionary(grouping: batches.filter { $0.dataYear != nil }, by: { $0.dataYear ?? 0 }).map { year, batches in
            YearLine(dataYear: year, batches: batches.count, records: batches.reduce(0) { $0 + $1.rowsRead },
                     stored: batches.reduce(0) { $0 + $1.rowsStored }, rejected: batches.reduce(0) { $0 + $1.rowsRejected })
        }.sorted { $0.dataYear < $1.dataYear }
    }

    private static func reasons(_ rejects: [(file: String, batch: Int64, row: RejectedRow)]) -> [ReasonLine] {
        let groups = Dictionary(grouping: rejects, by: { "\($0.row.column ?? "")\u{1F}\($0.row.reason)" })
        return groups.values.compactMap { group -> ReasonLine? in
            guard let first = group.first else { return nil }
            return ReasonLine(column: first.row.column, reason: first.row.reason, count: group.count,
                              examples: group.prefix(examplesPerReason).map { ($0.batch, $0.row.line) })
        }.sorted { ($0.count, $1.reason) > ($1.count, $0.reason) }
    }

    private static func completeness(_ ledger: IngestLedger, _ chosen: [BatchInfo], _ others: [BatchInfo]) throws -> [FieldCompleteness] {
        func shares(_ batches: [BatchInfo]) throws -> [String: Double] {
            let counted = batches.filter { $0.linesRead != nil }
            let stored = counted.reduce(0) { $0 + $1.rowsStored }
            guard stored > 0 else { return [:] }
            var filled: [String: Int] = [:]
            for batch in counted {
                for (field, count) in try ledger.filledValues(batch: batch.id) { filled[field, default: 0] += count }
            }
            return filled.mapValues { Double($0) / Double(stored) }
        }
        let mine = try shares(chosen), theirs = try shares(others)
        return optionalFields.map { FieldCompleteness(field: $0, share: mine[$0], othersShare: theirs[$0]) }
    }
}
