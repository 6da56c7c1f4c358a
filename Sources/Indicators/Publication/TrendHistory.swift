/// The key indicators of the years before the published one, for the report's trends and its
/// changes from the previous year: each past year computed as its own publication (its own
/// suppression) over the same snapshot, so every value shown was publishable that year.
///
/// Past years are recomputed on the published snapshot, not read from the snapshot each year was
/// first published from: the report labels them revised ("révisé") and its methods say so.
/// Invariant: `years` ascend and end with the published year; a change is defined only when
/// both of its values are published.
public struct TrendHistory: Sendable {
    /// The indicators followed over the years (overall values), declared once for the report's
    /// trend table, its key figures and its key messages.
    public static let indicators = ["applications", "favourable_rate", "jury_sittings", "total_share", "median_application_to_jury_months"]
    /// How many years a report looks back, the published one included.
    public static let depth = 10

    public let years: [Int]
    private let values: [Int: [String: PublishedValue]]

    public init(years: [Int], values: [Int: [String: PublishedValue]]) {
        self.years = years
        self.values = values
    }

    /// The published year's values and those of up to `depth - 1` years before, as far back as
    /// the store has pathways with an event in the year.
    public static func compute(_ computation: IndicatorComputation, publication: Publication) throws(IndicatorError) -> TrendHistory {
        let families = Set(computation.set.families.filter { family in family.indicators.contains { indicators.contains($0.name) } }.map(\.name))
        var values: [Int: [String: PublishedValue]] = [publication.year: overall(publication)]
        var years = [publication.year]
        for year in stride(from: publication.year - 1, to: publication.year - depth, by: -1) {
            let tables = try computation.run(year: year, families: families).map(\.table)
            let past = Publication(tables: tables, year: year, snapshot: publication.snapshot, threshold: publication.threshold, sources: [])
            let found = overall(past)
            guard found.values.contains(where: { ($0.numerator ?? 0) > 0 }) else { break }
            values[year] = found
            years.insert(year, at: 0)
        }
        return TrendHistory(years: years, values: values)
    }

    private static func overall(_ publication: Publication) -> [String: PublishedValue] {
        var found: [String: PublishedValue] = [:]
        for value in publication.values where value.breakdown == .all && indicators.contains(value.indicator) { found[value.indicator] = value }
        return found
    }

    public func value(_ indicator: String, _ year: Int) -> PublishedValue? { values[year]?[indicator] }

    /// A change from the year before: relative for counts, in points for rates, in the unit for
    /// durations; nil unless both values are published.
    public struct Change: Sendable, Equatable {
        public let amount: Double
        /// `percent` (relative change of a count), `points`, or the indicator's unit.
        public let unit: String
    }

    public func change(_ indicator: String, _ year: Int) -> Change? {
        guard let now = value(indicator, year), let before = value(indicator, year - 1),
              let current = Double(now.formattedValue), let previous = Double(before.formattedValue) else { return nil }
        switch now.unit {
        case "count":
            guard previous > 0 else { return nil }
            return Change(amount: 100 * (current - previous) / previous, unit: "percent")
        case "percent": return Change(amount: current - previous, unit: "points")
        default: return Change(amount: current - previous, unit: now.unit)
        }
    }
}
