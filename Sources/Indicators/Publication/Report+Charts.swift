/// The report's five charts, each followed by the data it draws as a table (its text
/// alternative, folded on screen, printed).
extension Report {
    func charts() -> String {
        var html = ""
        var number = 0
        let source = text.chartSource(receivedUntil: publication.sources.compactMap(\.ingestedAt).max(), snapshot: publication.snapshot)
        func figure(_ id: String, _ caption: String, _ svg: String, header: [String], rows: [[String]]) {
            number += 1
            let numbered = text.figure(number) + " — " + caption
            html += "<figure id=\"\(id)\">\(svg)<figcaption>\(e(numbered))</figcaption><p class=\"source\">\(e(source))</p>"
                + "\(dataTable(numbered, header: header, rows: rows))</figure>\n"
        }
        let year = publication.year
        func shown(_ published: PublishedValue?) -> String { published.map(formatted) ?? "s" }

        // The stage funnel of the applications filed three years before.
        let stages = ["applications_y3", "reached_admissible", "reached_portfolio", "reached_jury", "reached_total"]
        let bars = stages.map { name in
            let published = value(name)
            return SVGChart.Bar(label: published?.definition.label.text(language, year: year) ?? name, value: published?.value, text: shown(published))
        }
        figure("chart-funnel", text.funnelCaption, SVGChart.bars(bars, title: text.funnelCaption),
               header: [text.stageHeading, text.countHeading], rows: bars.map { [$0.label, $0.text] })

        // Outcome shares by certifier.
        let outcomes = ["total_share", "partial_share", "none_share"]
        let certifiers = rows(of: "total_share", .certifier)
        let legend = outcomes.map { text.outcome($0) }
        figure("chart-outcomes", text.outcomesCaption, SVGChart.stacked(certifiers.map { certifier in
            (label: Breakdown.certifier.label(of: certifier, language), segments: outcomes.map { value($0, .certifier, certifier)?.value })
        }, legend: legend, title: text.outcomesCaption),
               header: [Breakdown.certifier.label[language]] + legend,
               rows: certifiers.map { certifier in [Breakdown.certifier.label(of: certifier, language)] + outcomes.map { shown(value($0, .certifier, certifier)) } })

        // Duration quartiles, in months.
        let spans = ["application_to_admissibility", "admissibility_to_portfolio", "admissibility_to_jury", "application_to_jury"]
        figure("chart-durations", text.durationsCaption, SVGChart.boxes(spans.map { span in
            let quartiles = ["q1", "median", "q3"].map { value("\($0)_\(span)_months")?.value }
            let label = text.span(span)
            guard let q1 = quartiles[0], let median = quartiles[1], let q3 = quartiles[2] else { return (label, nil) }
            return (label, (q1, median, q3))
        }, unit: text.months, title: text.durationsCaption),
               header: [text.spanHeading] + text.quartileHeadings,
               rows: spans.map { span in [text.span(span)] + ["q1", "median", "q3"].map { shown(value("\($0)_\(span)_months")) } })

        // Share of each admissibility cohort that reached a jury, by months since admissibility.
        figure("chart-cohorts", text.cohortsCaption, SVGChart.lines((1...3).map { cohort in
            let points: [(Double, Double?)] = [(0, 0)] + stride(from: 3, through: 12 * cohort, by: 3).map { months in
                (Double(months), value("jury_\(months)m_y\(cohort)_rate")?.value)
            }
            return (label: text.cohort(year - cohort), points: points)
        }, xMax: 36, xUnit: text.monthsSinceHeading, title: text.cohortsCaption, yTitle: text.reachedJuryAxis, gapNote: text.gapNote),
               header: [text.monthsSinceHeading] + (1...3).map { text.cohort(year - $0) },
               rows: stride(from: 3, through: 36, by: 3).map { months in
                   ["\(months)"] + (1...3).map { cohort in months <= 12 * cohort ? shown(value("jury_\(months)m_y\(cohort)_rate")) : "" }
               })

        // With and without support.
        let compared = ["portfolio_12m_y1_rate", "jury_24m_y2_rate", "total_36m_y3_rate"]
        let splits = ["with", "without"]
        let splitLabels = splits.map { Breakdown.support.label(of: $0, language) }
        figure("chart-support", text.supportCaption, SVGChart.groupedBars(compared.map { name in
            (label: value(name)?.definition.label.text(language, year: year) ?? name,
             values: splits.map { split in
                 value("\(name)_support_\(split)").flatMap { published in published.value.map { ($0, formatted(published)) } }
             })
        }, legend: splitLabels, title: text.supportCaption),
               header: [text.indicatorHeading] + splitLabels,
               rows: compared.map { name in
                   [value(name)?.definition.label.text(language, year: year) ?? name] + splits.map { shown(value("\(name)_support_\($0)")) }
               })
        return html
    }

    /// A chart's data as a table under it, folded on screen (opened in print).
    private func dataTable(_ caption: String, header: [String], rows: [[String]]) -> String {
        var html = "<details class=\"chart-data\"><summary>\(e(text.chartDataSummary))</summary><div class=\"table\"><table>"
        html += "<caption>\(e(caption))</caption><thead><tr>" + header.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>" + row.enumerated().map { $0.offset == 0 ? "<th scope=\"row\">\(e($0.element))</th>" : "<td>\(e($0.element))</td>" }.joined() + "</tr>"
        }
        return html + "</tbody></table></div></details>"
    }
}
