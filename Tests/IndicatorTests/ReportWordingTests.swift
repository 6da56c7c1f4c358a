import Foundation
@testable import Indicators
import Testing

/// The report reads as a publication: years rather than the SQL files' `Y-3`, the situation's
/// date and when data were received rather than snapshot numbers (which stay in the methods),
/// definitions in a reader's words.
@Suite struct ReportWordingTests {
    @Test func relativeYearsBecomeYears() {
        let label = Labels(en: "Admissible in Y-1, jury by Y", fr: "Recevables en Y-3 : jury dans les 36 mois (Y-10)")
        #expect(label.text(.fr, year: 2024) == "Recevables en 2021 : jury dans les 36 mois (2014)")
        #expect(label.text(.en, year: 2024) == "Admissible in 2023, jury by Y")
        #expect(Labels(en: "XY-1 Y-", fr: "").text(.en, year: 2024) == "XY-1 Y-", "only a Y-n that stands alone")
    }

    @Test func longDates() {
        #expect(ReportText(language: .fr, year: 2025).longDate("2026-01-01T10:00:00Z") == "1er janvier 2026")
        #expect(ReportText(language: .en, year: 2025).longDate("2026-03-15") == "15 March 2026")
        #expect(ReportText(language: .en, year: 2025).longDate("garbage") == nil)
    }

    @Test func theReportSpeaksToReaders() throws {
        let publication = try TestStore.publication(GeneratedStore.shared.store, year: 2024, threshold: 11)
        for language in Language.allCases {
            let html = Report(publication: publication, language: language).html()
            let body = html.components(separatedBy: "<body")[1]
            let text = body.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
            #expect(!text.contains("Y-1") && !text.contains("Y-2") && !text.contains("Y-3"), "\(language): relative years shown")
            #expect(!text.contains("quantile_cont") && !text.contains("DuckDB's") && !text.contains("colonne "), "\(language): developer notes")
            let lead = try #require(body.components(separatedBy: "class=\"lead\">").dropFirst().first?.components(separatedBy: "</p>").first)
            #expect(lead.contains(language == .fr ? "Situation au 31 décembre 2024" : "Situation at 31 December 2024"))
            #expect(!lead.contains(language == .fr ? "Instantané" : "snapshot"), "\(language): the snapshot belongs in the methods")
            #expect(text.contains(language == .fr ? "Instantané \(publication.snapshot)" : "snapshot \(publication.snapshot)"))
        }
    }

    /// Accessibility: every chart has a title and the data it draws as a table; every table a
    /// caption and header cells; headings go down one level at a time.
    @Test func chartsAndTablesCanBeReadWithoutSeeingThem() throws {
        let publication = try TestStore.publication(GeneratedStore.shared.store, year: 2024, threshold: 11)
        let html = Report(publication: publication, language: .fr).html()
        for id in Report.chartIDs {
            let figure = try #require(html.components(separatedBy: "<figure id=\"\(id)\">").dropFirst().first?.components(separatedBy: "</figure>").first)
            #expect(figure.contains("<title>") && figure.contains("role=\"img\""), "\(id): no title")
            #expect(figure.contains("class=\"chart-data\"") && figure.contains("<caption>") && figure.contains("<td>"), "\(id): no data table")
        }
        let tables = html.components(separatedBy: "<table>").count - 1
        #expect(tables > 20 && html.components(separatedBy: "<caption>").count - 1 == tables, "a table without a caption")
        let levels = html.matches(of: /<h([1-6])/).compactMap { Int($0.1) }
        #expect(levels.first == 1 && zip(levels, levels.dropFirst()).allSatisfy { $1 <= $0 + 1 }, "headings skip a level: \(levels.prefix(20))")
    }
}
