import Foundation
import Query
import Storage

/// Computes the indicator set over a store's snapshot and writes the publication files
/// (`indicators.csv`, `indicators.json`, `report.html`, `indicators.xlsx`) into a folder — what `parcours indicators`
/// and `parcours demo` run.
///
/// Each file is written whole to a temporary name then renamed, so a reader never sees half a
/// publication file; nothing is written when the computation fails.
public struct PublicationFiles {
    /// What `parcours indicators` lets a user choose; `year` nil: the latest full year.
    public struct Options: Sendable {
        public var year: Int?
        public var threshold = 11
        public var asOf: Int64?
        public var language = Language.fr
        public var threads = QueryEngine.defaultThreads
        /// The ingested files of the store (the caller reads them from the ingest's ledger);
        /// those committed after the published snapshot are left out.
        public var sources: [PublicationSource] = []
        /// A regional edition: the population restricted to the region's departments.
        public var region: Region?
        /// Where the France figures beside a regional edition come from.
        public var france: FranceSource?
        /// The data providers' quality for the published year (the caller reads it from the
        /// ingest's ledger once the year is known), for the report's annex.
        public var quality: (@Sendable (Int) throws -> [ProviderQuality])?

        public init() {}
    }

    public enum FranceSource: Sendable, Equatable {
        /// Computed from the same store, which is declared national.
        case sameStore
        /// A published national `indicators.json` of the same year.
        case published(path: String)
    }

    /// What was published and where, with each family's query time.
    public struct Summary: Sendable {
        public let publication: Publication
        public let files: [String]
        /// Each family's query time, in the set's order.
        public let timings: [(family: String, time: Duration)]

        public init(publication: Publication, files: [String], timings: [(family: String, time: Duration)]) {
            self.publication = publication
            self.files = files
            self.timings = timings
        }
    }

    public static func write(store path: String, to folder: String, options: Options,
                             set: IndicatorSet? = nil) throws -> Summary {
        guard options.threshold >= 1 else { throw IndicatorError.noData("--min-cell must be at least 1") }
        let store = try Store.open(at: path)
        let snapshot = try store.snapshot(asOf: options.asOf)
        let families = try set ?? IndicatorSet.standard()
        let engine = QueryEngine(snapshot: snapshot, threads: options.threads)
        // A regional edition reads the region's pathways wherever a family reads `pathways`.
        let population = options.region.map { engine.restricted(["pathways": $0.pathwaysView]) } ?? engine
        let computation = IndicatorComputation(set: families, engine: population)
        let year = try options.year ?? computation.latestFullYear()
        let results = try computation.run(year: year)
        let sources = options.sources.filter { $0.snapshot <= snapshot.id }
        let publication = Publication(tables: results.map(\.table), year: year, snapshot: snapshot.id,
                                      threshold: options.threshold, sources: sources)
        guard publication.values.contains(where: { $0.breakdown == .all && $0.numerator ?? 0 > 0 }) else {
            let population = options.region.map { "of region \($0.code) " } ?? ""
            throw IndicatorError.noData("no pathway \(population)has an event in \(year) or the three years before: choose another --year")
        }
        var france: FranceFigures?
        switch options.france {
        case .sameStore?:
            let national = try IndicatorComputation(set: families, engine: engine).run(year: year).map(\.table)
            france = FranceFigures(Publication(tables: national, year: year, snapshot: snapshot.id, threshold: options.threshold, sources: []))
        case .published(let path)?:
            let published = try FranceFigures(publishedAt: path)
            guard published.year == year else {
                throw IndicatorError.noData("the national set \(path) is for \(published.year), not \(year): give the national set of \(year)")
            }
            france = published
        case nil:
            france = nil
        }
        let directory = URL(fileURLWithPath: folder)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw IndicatorError.output(path: folder, error.localizedDescription)
        }
        let history = try TrendHistory.compute(computation, publication: publication)
        let quality = try options.quality?(year) ?? []
        let contents = [("indicators.csv", publication.csv()), ("indicators.json", publication.json()),
                        ("report.html", Report(publication: publication, language: options.language, history: history,
                                               region: options.region, france: france, quality: quality).html())]
        var files: [String] = []
        for (name, text) in contents {
            let file = directory.appendingPathComponent(name)
            do {
                try Data(text.utf8).write(to: file, options: .atomic)
            } catch {
                throw IndicatorError.output(path: file.path, error.localizedDescription)
            }
            files.append(file.path)
        }
        // The workbook under a temporary name, then renamed, as the text files are.
        let workbook = directory.appendingPathComponent("indicators.xlsx")
        let temporary = directory.appendingPathComponent(".indicators.xlsx.\(getpid())")
        try PublicationWorkbook(publication: publication, language: options.language, region: options.region).write(to: temporary.path)
        guard rename(temporary.path, workbook.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw IndicatorError.output(path: workbook.path, reason)
        }
        files.append(workbook.path)
        return Summary(publication: publication, files: files, timings: results.map { ($0.table.family.name, $0.time) })
    }
}
