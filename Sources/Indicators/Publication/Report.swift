import Support

/// `report.html`: the publication for readers — key figures, five charts, the tables and a
/// methods section — in one self-contained file (inline CSS and SVG, no script, nothing fetched
/// from the network), in French or English. Suppressed cells print as "s" with their reason.
public struct Report: Sendable {
    public let publication: Publication
    public let language: Language
    /// The years before, for the trends and the changes from the previous year (none: the
    /// report shows the published year only).
    public let history: TrendHistory?
    /// A regional edition's region, and the France figures shown beside its own.
    public let region: Region?
    public let france: FranceFigures?
    /// The data providers' quality for the year (the annex; empty: no annex).
    public let quality: [ProviderQuality]
    private let lookup: [String: PublishedValue]

    /// The charts every report has, by element id (the report test checks each is drawn).
    public static let chartIDs = ["chart-funnel", "chart-outcomes", "chart-durations", "chart-cohorts", "chart-support"]

    public init(publication: Publication, language: Language, history: TrendHistory? = nil, region: Region? = nil,
                france: FranceFigures? = nil, quality: [ProviderQuality] = []) {
        self.publication = publication
        self.language = language
        self.history = history
        self.region = region
        self.france = france
        self.quality = quality
        var lookup: [String: PublishedValue] = [:]
        for value in publication.values { lookup["\(value.indicator)|\(value.breakdown.rawValue)|\(value.breakdownValue)"] = value }
        self.lookup = lookup
    }

    func value(_ indicator: String, _ breakdown: Breakdown = .all, _ breakdownValue: String = "all") -> PublishedValue? {
        lookup["\(indicator)|\(breakdown.rawValue)|\(breakdownValue)"]
    }

    var text: ReportText { ReportText(language: language, year: publication.year, regionName: region?.name(language)) }

    public func html() -> String {
        var body = "<h1>\(e(text.title))</h1>\n<p class=\"lead\">\(e(text.lead(receivedUntil: publication.sources.compactMap(\.ingestedAt).max(), threshold: publication.threshold)))</p>\n"
        if let region { body += "<p class=\"lead\">\(e(text.population(region, france: france)))</p>\n" }
        body += keyFigures()
        body += trends()
        body += "<h2>\(e(text.chartsHeading))</h2>\n" + charts()
        body += "<h2>\(e(text.tablesHeading))</h2>\n<p>\(e(text.tablesNote(threshold: publication.threshold)))</p>\n" + tables()
        body += qualityAnnex()
        body += methods()
        return HTMLPage.document(language: language.rawValue, title: text.title, style: Report.style, body: body)
    }

    // MARK: Sections

    private func keyFigures() -> String {
        let figures = ["applications", "favourable_rate", "jury_sittings", "total_share"].compactMap { name in value(name) }
        let items = figures.map { figure in
            let change = history?.change(figure.indicator, publication.year).map {
                "<span class=\"change\">\(e(text.change($0, since: publication.year - 1)))</span>"
            } ?? ""
            let national = france?.figure(figure.indicator, .all, "all").map { "<span class=\"change\">\(e(text.franceFigure(formatted($0))))</span>" } ?? ""
            return "<div class=\"figure\"><span class=\"number\">\(e(formatted(figure)))</span><span>\(e(figure.definition.label.text(language, year: publication.year)))</span>\(change)\(national)</div>"
        }
        return "<div class=\"figures\">\(items.joined())</div>\n"
    }

    /// The followed indicators over the years, and their change from the year before.
    private func trends() -> String {
        guard let history, history.years.count > 1 else { return "" }
        let year = publication.year
        var html = "<h2>\(e(text.trendsHeading))</h2>\n<div class=\"table\"><table><caption>\(e(text.trendsCaption(history.years)))</caption><thead><tr>"
        html += "<th scope=\"col\">\(e(text.indicatorHeading))</th>"
        html += history.years.map { "<th scope=\"col\">\($0)\($0 == year ? "" : "<sup>r</sup>")</th>" }.joined()
        html += "<th scope=\"col\">\(e(text.changeHeading(year - 1)))</th></tr></thead><tbody>"
        for indicator in TrendHistory.indicators {
            guard let current = history.value(indicator, year) else { continue }
            html += "<tr><th scope=\"row\">\(e(current.definition.label.text(language, year: year)))</th>"
            for past in history.years { html += cell(history.value(indicator, past)) }
            html += "<td>\(e(history.change(indicator, year).map { text.change($0, since: nil) } ?? ""))</td></tr>"
        }
        html += "</tbody></table></div><p class=\"notes\">\(e(text.revisedNote(snapshot: publication.snapshot)))</p>\n"
        return html
    }

    /// Per family, one table per breakdown: a row per breakdown value, a column per indicator.
    private func tables() -> String {
        var html = ""
        for table in publication.tables {
            let family = table.family
            html += "<h3>\(e(text.family(family.name)))</h3>\n"
            if let message = message(family.name) { html += "<p class=\"message\">\(e(message))</p>\n" }
            let splits = family.split == nil ? [nil] : Array(Set(table.rows.compactMap(\.split))).sorted().map(Optional.some)
            for breakdown in Breakdown.allCases where table.rows.contains(where: { $0.breakdown == breakdown }) {
                let values = breakdown.ordered(Array(Set(table.rows.filter { $0.breakdown == breakdown }.map(\.value))))
                html += breakdown == .all ? "<div class=\"table\">" : "<details><summary>\(e(breakdown.label[language]))</summary><div class=\"table\">"
                html += "<table><caption>\(e(text.family(family.name) + " — " + breakdown.label[language]))</caption>"
                html += "<thead><tr><th scope=\"col\">\(e(breakdown.label[language]))</th>"
                for split in splits {
                    for definition in family.indicators {
                        let suffix = split.map { " — " + Breakdown.support.label(of: $0, language) } ?? ""
                        html += "<th scope=\"col\" title=\"\(e(definition.name))\">\(e(definition.label.text(language, year: publication.year) + suffix))<br><small>\(e(text.unit(definition.unit)))</small></th>"
                        if showsFrance(definition, breakdown) {
                            html += "<th scope=\"col\" class=\"france\">\(e(text.franceHeading))<br><small>\(e(text.unit(definition.unit)))</small></th>"
                        }
                    }
                }
                html += "</tr></thead><tbody>"
                for breakdownValue in values {
                    html += "<tr><th scope=\"row\">\(e(breakdown.label(of: breakdownValue, language)))</th>"
                    for split in splits {
                        for definition in family.indicators {
                            let name = split.map { "\(definition.name)_\(family.split?.column ?? "")_\($0)" } ?? definition.name
                            html += cell(value(name, breakdown, breakdownValue))
                            if showsFrance(definition, breakdown) {
                                html += "<td class=\"france\">\(e(france?.figure(name, breakdown, breakdownValue).map(formatted) ?? ""))</td>"
                            }
                        }
                    }
                    html += "</tr>"
                }
                html += "</tbody></table></div>" + notes(family: family, breakdown: breakdown, values: values, splits: splits)
                if let france, breakdown != .department { html += "<p class=\"notes\">\(e(text.franceSource(france)))</p>" }
                html += breakdown == .all ? "\n" : "</details>\n"
            }
        }
        return html
    }

    /// The annex on the data: per provider, what its files of the year gave and why lines were rejected.
    private func qualityAnnex() -> String {
        guard !quality.isEmpty else { return "" }
        var html = "<h2>\(e(text.qualityHeading))</h2>\n<p>\(e(text.qualityNote))</p>\n<div class=\"table\"><table><caption>\(e(text.qualityCaption))</caption><thead><tr>"
        html += text.qualityColumns.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead><tbody>"
        for line in quality {
            let share = line.rowsRead > 0 ? text.decimal(100 * Double(line.rowsRejected) / Double(line.rowsRead)) + " %" : ""
            let reasons = line.reasons.map { "\($0.text) (\(text.integer($0.count)))" }.joined(separator: " ; ")
            html += "<tr><th scope=\"row\">\(e(line.provider))</th><td>\(line.files)</td><td>\(e(text.integer(line.rowsRead)))</td>"
                + "<td>\(e(text.integer(line.rowsStored)))</td><td>\(e(text.integer(line.rowsRejected)))</td><td>\(e(share))</td>"
                + "<td>\(line.lateFiles)</td><td class=\"reasons\">\(e(reasons))</td></tr>"
        }
        return html + "</tbody></table></div>\n"
    }

    /// Whether a table shows France beside an indicator: rates and durations (a national count
    /// beside a regional one compares nothing), in every breakdown but the departments (France
    /// has no other value for a department than the region's).
    private func showsFrance(_ definition: IndicatorDefinition, _ breakdown: Breakdown) -> Bool {
        france != nil && definition.unit != "count" && breakdown != .department
    }

    /// A France figure as the report writes numbers ("s" when suppressed).
    func formatted(_ figure: FranceFigures.Figure) -> String { formatted(figure.number, unit: figure.unit) }

    private func cell(_ published: PublishedValue?) -> String {
        guard let published else { return "<td></td>" }
        if let suppression = published.suppression {
            let reason = suppression.text(threshold: publication.threshold, language)
            return "<td class=\"suppressed\" title=\"\(e(reason))\">s<sup>\(Report.noteNumber(suppression))</sup></td>"
        }
        return "<td>\(e(formatted(published)))</td>"
    }

    /// The note a suppressed cell points to: one number per reason, the same in every table.
    static func noteNumber(_ suppression: PublishedValue.Suppression) -> Int {
        switch suppression {
        case .primary("count"): 1
        case .primary("numerator"): 2
        case .primary("denominator"): 3
        case .primary: 4
        case .secondary: 5
        case .empty: 6
        }
    }

    /// Under a table, the reasons of its suppressed cells, on screen and in print (not only on hover).
    private func notes(family: IndicatorFamily, breakdown: Breakdown, values: [String], splits: [String?]) -> String {
        var reasons: [Int: String] = [:]
        for breakdownValue in values {
            for split in splits {
                for definition in family.indicators {
                    let name = split.map { "\(definition.name)_\(family.split?.column ?? "")_\($0)" } ?? definition.name
                    if let suppression = value(name, breakdown, breakdownValue)?.suppression {
                        reasons[Report.noteNumber(suppression)] = suppression.text(threshold: publication.threshold, language)
                    }
                }
            }
        }
        guard !reasons.isEmpty else { return "" }
        let items = reasons.keys.sorted().compactMap { number in reasons[number].map { "s<sup>\(number)</sup> \(e($0))" } }
        return "<p class=\"notes\">\(items.joined(separator: " ; "))</p>"
    }

    private func methods() -> String {
        var html = "<h2>\(e(text.methodsHeading))</h2>\n"
        for paragraph in text.methods(threshold: publication.threshold) { html += "<p>\(e(paragraph))</p>\n" }
        html += "<h3>\(e(text.definitionsHeading))</h3>\n<dl>"
        for table in publication.tables where table.family.split == nil {
            for definition in table.family.indicators {
                let label = { (column: String) in table.family.indicators.first { $0.kind == .count(column: column) }?.label.text(language, year: publication.year) }
                html += "<dt>\(e(definition.label.text(language, year: publication.year))) <code>\(e(definition.name))</code></dt><dd>\(e(text.definition(definition, countLabel: label)))</dd>"
            }
        }
        html += "</dl>\n<h3>\(e(text.sourcesHeading))</h3>\n<p>\(e(text.snapshotLine(publication.snapshot)))</p>\n"
        html += "<div class=\"table\"><table><caption>\(e(text.sourcesHeading))</caption><thead><tr>" + text.sourceColumns.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead><tbody>"
        for batch in publication.sources {
            html += "<tr><td>\(batch.batch)</td><td>\(e(batch.fileName))</td><td><code>\(e(String(batch.sha256.prefix(16))))…</code></td>"
                + "<td>\(e(text.integer(batch.rowsRead)))</td><td>\(e(text.integer(batch.rowsStored)))</td><td>\(e(text.integer(batch.rowsRejected)))</td></tr>"
        }
        return html + "</tbody></table></div>\n"
    }

    // MARK: Helpers

    func rows(of indicator: String, _ breakdown: Breakdown) -> [String] {
        publication.values.filter { $0.indicator == indicator && $0.breakdown == breakdown }.map(\.breakdownValue)
    }

    func formatted(_ value: PublishedValue) -> String { formatted(value.value, unit: value.unit) }

    /// A number in the report's language for its unit: counts whole, rates with " %", "s" for nil.
    private func formatted(_ number: Double?, unit: String) -> String {
        guard let number else { return "s" }
        switch unit {
        case "count": return text.integer(Int(number))
        case "percent": return text.decimal(number) + " %"
        default: return text.decimal(number)
        }
    }

    func e(_ text: String) -> String { SVGChart.escape(text) }

    static let style = """
        td{white-space:nowrap}td.reasons{white-space:normal;text-align:left;min-width:16em}body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}\
        h1{color:#1f4e79}h2{border-bottom:2px solid #1f4e79;padding-bottom:.2em;margin-top:2em}\
        .lead{color:#555}.figures{display:flex;gap:1em;flex-wrap:wrap}\
        .figure{background:#eef4fa;padding:.8em 1.2em;border-radius:6px;display:flex;flex-direction:column;min-width:180px}\
        .number{font-size:1.8em;font-weight:600;color:#1f4e79}figure{margin:1.5em 0}figcaption{color:#555;font-size:.9em}\
        svg text{font-size:12px;fill:#222}svg text.suppressed,td.suppressed{color:#999;fill:#999;font-style:italic}\
        .table{overflow-x:auto}table{border-collapse:collapse;font-size:.85em;margin:.5em 0}\
        th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right}thead th{background:#eef4fa;vertical-align:bottom}\
        tbody th{text-align:left;font-weight:normal}details{margin:.3em 0}summary{cursor:pointer;color:#1f4e79}\
        dt{font-weight:600;margin-top:.5em}code{font-size:.9em;color:#555}\
        svg{max-width:100%;height:auto}caption{text-align:left;font-weight:600;color:#1f4e79;padding:.2em 0}\
        .france{background:#f4f4f4;color:#444}.notes{font-size:.8em;color:#555;margin:.2em 0 1em}.change{font-size:.85em;color:#555}.message{background:#f6f8fa;padding:.6em .8em;border-left:3px solid #0072B2}sup{font-size:.7em}.source{font-size:.8em;color:#555;margin:.2em 0}\
        svg text.on-bar{font-size:11px;fill:#000;paint-order:stroke;stroke:#fff;stroke-width:3px}\
        @media print{body{margin:0;max-width:none}details::details-content{content-visibility:visible;display:block}\
        summary{list-style:none;font-weight:600}.table{overflow:visible}table,figure,.notes{break-inside:avoid}\
        h2,h3,caption{break-after:avoid}}
        """
}
