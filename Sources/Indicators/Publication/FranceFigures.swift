import Foundation

/// The national figures a regional edition shows beside its own: computed from the same store
/// when it is declared national, or read from a published national `indicators.json`. Each value
/// keeps its publication's suppression; where it came from is said under every table.
public struct FranceFigures: Sendable {
    /// A national value as published: its text, or nil when suppressed.
    public struct Figure: Sendable, Equatable {
        public let number: Double?
        public let unit: String
    }

    /// The largest value a national figure may have (far above any count of pathways): a file
    /// holding more is refused rather than printed.
    static let largestValue = 1e12

    public let year: Int
    public let snapshot: Int64
    /// Where the figures come from, for readers ("the same national store", a file's name).
    public let source: String?
    private let figures: [String: Figure]

    public func figure(_ indicator: String, _ breakdown: Breakdown, _ value: String) -> Figure? {
        figures["\(indicator)|\(breakdown.rawValue)|\(value)"]
    }

    /// From a publication computed on a national store.
    public init(_ publication: Publication) {
        year = publication.year
        snapshot = publication.snapshot
        source = nil
        var figures: [String: Figure] = [:]
        for value in publication.values {
            figures["\(value.indicator)|\(value.breakdown.rawValue)|\(value.breakdownValue)"] = Figure(number: Double(value.formattedValue), unit: value.unit)
        }
        self.figures = figures
    }

    /// From a published national `indicators.json` (what `parcours indicators` writes).
    public init(publishedAt path: String) throws(IndicatorError) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw .output(path: path, "cannot read the national indicator set: \(error.localizedDescription)") }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let year = root["year"] as? Int, let snapshot = root["snapshot"] as? Int,
              let indicators = root["indicators"] as? [[String: Any]] else {
            throw .definition(path, "is not an indicators.json written by parcours indicators (year, snapshot, indicators)")
        }
        var figures: [String: Figure] = [:]
        for entry in indicators {
            guard let indicator = entry["indicator"] as? String, let breakdown = entry["breakdown"] as? String,
                  let value = entry["breakdown_value"] as? String, let unit = entry["unit"] as? String else {
                throw .definition(path, "holds an indicator line without indicator, breakdown, breakdown_value or unit")
            }
            let number = (entry["value"] as? NSNumber)?.doubleValue
            if let number, !(number.isFinite && abs(number) <= FranceFigures.largestValue) {
                throw .definition(path, "gives \(indicator) (\(breakdown) \(value)) the value \(number), beyond any count or rate")
            }
            figures["\(indicator)|\(breakdown)|\(value)"] = Figure(number: number, unit: unit)
        }
        self.year = year
        self.snapshot = Int64(snapshot)
        source = URL(fileURLWithPath: path).lastPathComponent
        self.figures = figures
    }
}
