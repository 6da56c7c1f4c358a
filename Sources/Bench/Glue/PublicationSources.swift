import Indicators
import Ingest
import Storage

/// The files a publication rests on, read from the ingest's ledger for the indicator layer (which
/// knows nothing of ingest): glue between two modules that do not depend on each other, used by
/// the command line and the benchmark alike.
public enum PublicationSources {
    public static func of(_ store: Store) throws -> [PublicationSource] {
        try IngestLedger(store).batches().map { batch in
            PublicationSource(batch: batch.id, snapshot: batch.snapshot, fileName: batch.sourceName, sha256: batch.sourceSHA256,
                              rowsRead: batch.rowsRead, rowsStored: batch.rowsStored, rowsRejected: batch.rowsRejected,
                              ingestedAt: batch.ingestedAt)
        }
    }

    /// Each declared provider's data quality for `year` (its files of that data year), as the
    /// report's annex shows it; providers that sent nothing for the year are left out.
    public static func quality(_ store: Store, year: Int) throws -> [ProviderQuality] {
        let ledger = try IngestLedger(store)
        return try ledger.providers().compactMap { provider in
            let report = try QualityReport.build(ledger, provider: provider.name, year: year)
            guard !report.batches.isEmpty else { return nil }
            let batches = report.batches.map(\.batch)
            return ProviderQuality(provider: provider.name, files: batches.count, rowsRead: batches.reduce(0) { $0 + $1.rowsRead },
                                   rowsStored: batches.reduce(0) { $0 + $1.rowsStored }, rowsRejected: batches.reduce(0) { $0 + $1.rowsRejected },
                                   lateFiles: report.batches.filter { $0.daysLate != nil }.count,
                                   reasons: report.reasons.sorted { $0.count > $1.count }.map {
                                       ProviderQuality.Reason(text: ($0.column.map { "\($0): " } ?? "") + $0.reason, count: $0.count)
                                   })
        }
    }
}
