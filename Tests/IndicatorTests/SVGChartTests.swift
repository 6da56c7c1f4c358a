import Foundation
@testable import Indicators
import Testing

/// The charts' layout rules, on the SVG they write: legends wrap rather than overlap, a
/// suppressed point is a gap in its line, the lines' direct labels never overlap, series differ by
/// more than colour.
@Suite struct SVGChartTests {
    /// (x, y, text) of every `<text>` element.
    static func texts(_ svg: String) -> [(x: Double, y: Double, text: String)] {
        svg.matches(of: /<text (?:class="[^"]*" )?x="([-0-9.]+)" y="([-0-9.]+)"[^>]*>([^<]*)<\/text>/).compactMap { match in
            guard let x = Double(match.1), let y = Double(match.2) else { return nil }
            return (x, y, String(match.3))
        }
    }

    @Test func legendsWrapInsteadOfOverlapping() {
        let labels = ["Validation totale parmi les passages en jury", "Validation partielle parmi les passages en jury",
                      "Aucune validation parmi les passages en jury"]
        let svg = SVGChart.stacked([(label: "Éducation nationale", segments: [50, 30, 20])], legend: labels, title: "t")
        let entries = Self.texts(svg).filter { labels.contains($0.text) }
        #expect(entries.count == 3)
        for (a, b) in zip(entries, entries.dropFirst()) where a.y == b.y {
            #expect(a.x + Double(a.text.count) * SVGChart.characterWidth < b.x, "\(a.text) runs into \(b.text)")
        }
        #expect(Set(entries.map(\.y)).count > 1, "long labels take more than one row")
        #expect(entries.allSatisfy { $0.x + Double($0.text.count) * SVGChart.characterWidth <= 720 }, "a legend past the chart's edge")
        #expect(svg.contains(">50 %<"), "segments are labelled with their share")
    }

    @Test func aSuppressedPointIsAGapAndLabelsDoNotOverlap() {
        let series = [(label: "recevables 2023", points: [(0.0, Optional(0.0)), (3, 10), (6, nil), (9, 30), (12, 40)]),
                      (label: "recevables 2022", points: [(0.0, Optional(0.0)), (3, 11), (6, 21), (9, 31), (12, 41)]),
                      (label: "recevables 2021", points: [(0.0, Optional(0.0)), (3, 12), (6, 22), (9, 32), (12, 40.5)])]
        let svg = SVGChart.lines(series, xMax: 36, xUnit: "mois", title: "t", yTitle: "%", gapNote: "gap")
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 4, "the first line is cut in two at its suppressed point")
        #expect(svg.contains(">gap<"))
        let ends = Self.texts(svg).filter { $0.text.hasPrefix("recevables") && $0.x > 500 }.map(\.y).sorted()
        #expect(ends.count == 3 && zip(ends, ends.dropFirst()).allSatisfy { $1 - $0 >= 16 }, "direct labels overlap: \(ends)")
        #expect(svg.contains("<circle") && svg.contains("<polygon"), "markers differ by shape")
    }
}
