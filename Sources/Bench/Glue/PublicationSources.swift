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
}
