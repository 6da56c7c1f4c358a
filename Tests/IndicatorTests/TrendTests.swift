import Foundation
@testable import Indicators
import Query
import Storage
import Testing

/// The years before the published one: each computed as its own publication over the same
/// snapshot, changes only between two published values, and the report's trend table, key-figure
/// changes and key messages stating exactly the published numbers.
@Suite struct TrendTests {
    static func history(threshold: Int = 11) throws -> (Publication, TrendHistory) {
        let store = GeneratedStore.shared.store
        let publication = try TestStore.publication(store, year: 2024, threshold: threshold)
        let computation = IndicatorComputation(set: try IndicatorSet.standard(), engine: QueryEngine(snapshot: try store.snapshot(), threads: 1))
        return (publication, try TrendHistory.compute(computation, publication: publication))
    }

    @Test func pastYearsAreTheirOwnPublications() throws {
        let (publication, history) = try Self.history()
        #expect(history.years.last == 2024 && history.years.count >= 5 && history.years.count <= TrendHistory.depth)
        #expect(history.years == history.years.sorted())
        // A past year's values are those of that year's own publication.
        let store = GeneratedStore.shared.store
        let past = try TestStore.publication(store, year: 2022, threshold: 11)
        for indicator in TrendHistory.indicators {
            #expect(history.value(indicator, 2022)?.formattedValue == past.value(indicator)?.formattedValue, "\(indicator)")
            #expect(history.value(indicator, 2024)?.formattedValue == publication.value(indicator)?.formattedValue)
        }
    }

    @Test func changesNeedBothValuesPublished() {
        func value(_ indicator: String, _ unit: String, _ number: Double?) -> PublishedValue {
            let kind: IndicatorDefinition.Kind = unit == "count" ? .count(column: indicator) : .rate(numerator: "a", denominator: "b")
            return PublishedValue(family: "flows", indicator: indicator,
                                  definition: IndicatorDefinition(name: indicator, kind: kind, unit: unit, label: Labels(en: indicator, fr: indicator)),
                                  split: nil, breakdown: .all, breakdownValue: "all", numerator: number.map { Int($0) }, denominator: nil,
                                  value: number, unit: unit, suppression: number == nil ? .secondary : nil)
        }
        let history = TrendHistory(years: [2022, 2023, 2024], values: [
            2022: ["applications": value("applications", "count", 200), "total_share": value("total_share", "percent", nil)],
            2023: ["applications": value("applications", "count", 100), "total_share": value("total_share", "percent", 60.5)],
            2024: ["applications": value("applications", "count", 150), "total_share": value("total_share", "percent", 58.0)],
        ])
        #expect(history.change("applications", 2024) == TrendHistory.Change(amount: 50, unit: "percent"))
        #expect(history.change("total_share", 2024) == TrendHistory.Change(amount: -2.5, unit: "points"))
        #expect(history.change("total_share", 2023) == nil, "the 2022 value is suppressed")
        #expect(history.change("applications", 2022) == nil, "no 2021")
        let text = ReportText(language: .fr, year: 2024)
        #expect(text.change(TrendHistory.Change(amount: -2.5, unit: "points"), since: 2023) == "−2,5 pt depuis 2023")
        #expect(text.change(TrendHistory.Change(amount: 50, unit: "percent"), since: nil) == "+50,0 %")
    }

    @Test func theReportShowsTrendsChangesAndMessages() throws {
        let (publication, history) = try Self.history()
        let report = Report(publication: publication, language: .fr, history: history)
        let html = report.html()
        #expect(html.contains("<h2>Évolution</h2>"))
        for year in history.years.dropLast() { #expect(html.contains("<th scope=\"col\">\(year)<sup>r</sup></th>")) }
        let applications = try #require(publication.value("applications"))
        let change = try #require(history.change("applications", 2024))
        let message = try #require(report.message("flows"))
        #expect(message.hasPrefix("En 2024, \(report.formatted(applications)) demandes de recevabilité ont été déposées (\(report.text.change(change, since: 2023)))"))
        #expect(html.contains("<p class=\"message\">"))
        // A suppressed figure is never stated: with a threshold above every count, the messages are empty.
        let (hidden, hiddenHistory) = try Self.history(threshold: 10_000_000)
        let silent = Report(publication: hidden, language: .en, history: hiddenHistory)
        for family in ["flows", "durations", "cohort", "dropoff", "support"] { #expect(silent.message(family) == nil, "\(family)") }
    }
}
