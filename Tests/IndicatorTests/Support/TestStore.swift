import Bench
import Foundation
import Indicators
import Ingest
import Query
import Storage

/// Stores built for the indicator tests from harmonised CSV text, through the real ingest.
enum TestStore {
    static func directory(_ name: String) -> String {
        NSTemporaryDirectory() + "parcours-indicators-\(name)-\(UUID().uuidString)"
    }

    /// A store holding the rows of `csv` (harmonised format, header included).
    static func make(_ name: String, csv: String) throws -> (store: Store, directory: String) {
        let directory = directory(name)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = directory + "/pathways.csv"
        try Data(csv.utf8).write(to: URL(fileURLWithPath: file))
        let store = try Store.create(at: directory + "/store")
        let summary = try FileIngest.run(file: file, into: store)
        precondition(summary.rejected.isEmpty, "test rows rejected: \(summary.rejected.map(\.reason))")
        return (store, directory)
    }

    /// The indicator set computed for `year` over the store's latest snapshot, nothing suppressed
    /// unless a threshold is given.
    static func publication(_ store: Store, year: Int, threshold: Int = 0, threads: Int = 1) throws -> Publication {
        let snapshot = try store.snapshot()
        let computation = IndicatorComputation(set: try IndicatorSet.standard(), engine: QueryEngine(snapshot: snapshot, threads: threads))
        return Publication(tables: try computation.run(year: year).map(\.table), year: year, snapshot: snapshot.id,
                           threshold: threshold, sources: try PublicationSources.of(store))
    }
}

extension Publication {
    /// The published value of an indicator for one breakdown value (nil when absent).
    func value(_ indicator: String, _ breakdown: Breakdown = .all, _ value: String = "all") -> PublishedValue? {
        values.first { $0.indicator == indicator && $0.breakdown == breakdown && $0.breakdownValue == value }
    }
}
