import Storage
import Support

/// The quality report as one printable HTML page (inline CSS and SVG, no script, nothing fetched),
/// in French or English, beside `rejects.csv` (`RejectsCSV`) that lists every reject to correct.
public struct QualityPage: Sendable {
    public enum Language: String, Sendable, CaseIterable {
        case fr, en
    }

    public let report: QualityReport
    public let language: Language

    public init(report: QualityReport, language: Language) {
        self.report = report
        self.language = language
    }

    private func t(_ french: String, _ english: String) -> String { language == .fr ? french : english }

    private func e(_ text: String) -> String { Printable.html(text) }

    private func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += language == .fr ? "\u{202F}" : "," }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    private func percent(_ share: Double?) -> String {
        guard let share else { return "–" }
        let text = String(Int((share * 1000).rounded())) .leftPadded(to: 2)
        let whole = text.dropLast(), tenth = text.suffix(1)
        return "\(whole)\(language == .fr ? "," : ".")\(tenth) %"
    }

    public func html() -> String {
        let title = t("Qualité des données", "Data quality") + " — " + (report.provider.map { $0.name } ?? t("tous les lots", "every batch"))
        var body = "<h1>\(e(title))</h1>\n" + summary() + files() + years() + reasons() + completeness()
        body += "<h2>\(e(t("À corriger à la source", "To correct at the source")))</h2>\n<p>"
        body += e(t("Chaque ligne rejetée figure dans rejects.csv avec son fichier, son numéro de ligne, sa colonne et sa raison. "
                    + "Une valeur qui pourrait identifier quelqu'un n'est jamais reproduite : sa forme est décrite à la place.",
                    "Every rejected line is in rejects.csv with its file, line number, column and reason. A value that could "
                    + "identify someone is never shown: what it looks like is described instead.")) + "</p>\n"
        return HTMLPage.document(language: language.rawValue, title: title, style: Self.style, body: body)
    }

    // MARK: Sections

    private func summary() -> String {
        let batches = report.batches.map(\.batch)
        let records = batches.reduce(0) { $0 + $1.rowsRead }, rejected = batches.reduce(0) { $0 + $1.rowsRejected }
        var items: [(String, String)] = []
        if let provider = report.provider {
            items.append((t("Certificateur", "Certifier"), provider.certifier))
            items.append((t("Correspondance", "Mapping"), provider.mappingName ?? t("fichier harmonisé", "harmonised file")))
            items.append((t("Mois de livraison", "Delivery month"), provider.deliveryMonth.map(String.init) ?? t("non convenu", "none agreed")))
        }
        if let year = report.year { items.append((t("Année des données", "Data year"), String(year))) }
        items.append((t("Lots", "Batches"), count(batches.count)))
        items.append((t("Lignes lues", "Lines read"), count(batches.reduce(0) { $0 + ($1.linesRead ?? $1.rowsRead) })))
        items.append((t("Enregistrées", "Stored"), count(batches.reduce(0) { $0 + $1.rowsStored })))
        items.append((t("Rejetées", "Rejected"), "\(count(rejected)) (\(percent(records > 0 ? Double(rejected) / Double(records) : nil)))"))
        let late = report.batches.filter { $0.daysLate != nil }.count
        items.append((t("Lots en retard", "Late batches"), count(late)))
        return "<dl class=\"summary\">" + items.map { "<dt>\(e($0.0))</dt><dd>\(e($0.1))</dd>" }.joined() + "</dl>\n"
    }

    private func files() -> String {
        let header = [t("Lot", "Batch"), t("Fichier", "File"), t("Année", "Year"), t("Extrait le", "Extracted"), t("Reçu le", "Received"),
                      t("Attendu avant", "Due by"), t("Retard", "Late"), t("Lignes", "Lines"), t("Enreg.", "Stored"), t("Rejets", "Rejected"),
                      t("Part", "Share"), t("Remplacées", "Superseded"), t("Ordre des dates", "Date order"), t("Doublons", "Duplicates"),
                      t("Lu comme", "Read as")]
        let rows = report.batches.map { line -> [String] in
            let batch = line.batch
            let received = batch.ingestedAt.map { String($0.prefix(10)) } ?? "–"
            let late = line.daysLate.map { t("\($0) j", "\($0) d") } ?? (line.due == nil ? "–" : t("à l'heure", "on time"))
            return [String(batch.id), batch.sourceName, batch.dataYear.map(String.init) ?? "–", batch.extractionDate?.description ?? "–",
                    received, line.due?.description ?? "–", late, count(batch.linesRead ?? batch.rowsRead), count(batch.rowsStored),
                    count(batch.rowsRejected), percent(batch.rowsRead > 0 ? Double(batch.rowsRejected) / Double(batch.rowsRead) : nil),
                    count(batch.rowsSuperseded), count(line.stageOrderRejects), count(line.duplicateRejects),
                    [batch.dialect, batch.dateFormat].compactMap { $0 }.joined(separator: ", ")]
        }
        return "<h2>\(e(t("Fichiers reçus", "Files received")))</h2>\n" + table(header, rows, textColumns: [1, 14])
    }

    private func years() -> String {
        guard !report.years.isEmpty else { return "" }
        let rows = report.years.map { year in
            [String(year.dataYear), count(year.batches), count(year.records), count(year.stored), count(year.rejected),
             percent(year.records > 0 ? Double(year.rejected) / Double(year.records) : nil)]
        }
        let bars = report.years.map { ($0.dataYear, $0.records > 0 ? Double($0.rejected) / Double($0.records) : 0) }
        return "<h2>\(e(t("D'une année à l'autre", "Over the years")))</h2>\n"
            + table([t("Année", "Year"), t("Lots", "Batches"), t("Enreg. lus", "Records"), t("Enreg.", "Stored"), t("Rejets", "Rejected"),
                     t("Part rejetée", "Rejected share")], rows, textColumns: [])
            + "<figure id=\"chart-rejected-share\">\(chart(bars))<figcaption>\(e(t("Part des lignes rejetées par année des données", "Share of lines rejected by data year")))</figcaption></figure>\n"
    }

    /// Bars of a share per year (0 to the largest share, at least 10 %).
    private func chart(_ bars: [(year: Int, share: Double)]) -> String {
        let width = 60 * max(bars.count, 1) + 40, height = 120, top = max(bars.map(\.share).max() ?? 0, 0.05)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height + 40)\" role=\"img\">"
        for (index, bar) in bars.enumerated() {
            let barHeight = Int((bar.share / top * Double(height)).rounded())
            let x = 30 + index * 60
            svg += "<rect x=\"\(x)\" y=\"\(height - barHeight + 10)\" width=\"40\" height=\"\(barHeight)\" fill=\"#1f4e79\"></rect>"
            svg += "<text x=\"\(x + 20)\" y=\"\(height - barHeight + 5)\" text-anchor=\"middle\">\(e(percent(bar.share)))</text>"
            svg += "<text x=\"\(x + 20)\" y=\"\(height + 28)\" text-anchor=\"middle\">\(bar.year)</text>"
        }
        return svg + "</svg>"
    }

    private func reasons() -> String {
        guard !report.reasons.isEmpty else { return "<h2>\(e(t("Lignes rejetées", "Rejected lines")))</h2>\n<p>\(e(t("Aucune.", "None.")))</p>\n" }
        let several = Set(report.batches.map(\.batch.id)).count > 1
        let rows = report.reasons.map { reason -> [String] in
            let lines = reason.examples.map { several ? "\($0.batch):\($0.line)" : String($0.line) }.joined(separator: ", ")
                + (reason.count > reason.examples.count ? ", …" : "")
            return [reason.reason, reason.column ?? "–", count(reason.count), lines]
        }
        return "<h2>\(e(t("Pourquoi des lignes sont rejetées", "Why lines were rejected")))</h2>\n"
            + table([t("Raison", "Reason"), t("Colonne", "Column"), t("Lignes", "Lines"),
                     several ? t("Exemples (lot:ligne)", "Examples (batch:line)") : t("Exemples (ligne)", "Examples (line)")], rows,
                    textColumns: [0, 1, 3])
    }

    private func completeness() -> String {
        let rows = report.completeness.map { field in
            [field.field, percent(field.share), percent(field.othersShare), bar(field.share, field.othersShare)]
        }
        return "<h2>\(e(t("Complétude des champs", "Completeness of each field")))</h2>\n"
            + "<p>\(e(t("Part des lignes enregistrées où le champ est renseigné, comparée aux autres fournisseurs du dépôt.", "Share of stored lines where the field is filled, compared with the store's other providers.")))</p>\n"
            + table([t("Champ", "Field"), report.provider == nil ? t("Tous", "All") : t("Ce fournisseur", "This provider"),
                     t("Autres fournisseurs", "Other providers"), ""], rows, textColumns: [0], raw: [3])
    }

    private func bar(_ share: Double?, _ others: Double?) -> String {
        func rect(_ value: Double?, _ y: Int, _ color: String) -> String {
            guard let value else { return "" }
            return "<rect x=\"0\" y=\"\(y)\" width=\"\(Int((value * 200).rounded()))\" height=\"7\" fill=\"\(color)\"></rect>"
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"16\">\(rect(share, 0, "#1f4e79"))\(rect(others, 8, "#9bb7d4"))</svg>"
    }

    /// A table; `textColumns` aligned left, `raw` columns inserted as they are (SVG).
    private func table(_ header: [String], _ rows: [[String]], textColumns: Set<Int>, raw: Set<Int> = []) -> String {
        var html = "<div class=\"table\"><table><thead><tr>"
            + header.enumerated().map { "<th\(textColumns.contains($0.offset) ? " class=\"text\"" : "")>\(e($0.element))</th>" }.joined()
            + "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>" + row.enumerated().map { index, cell in
                "<td\(textColumns.contains(index) ? " class=\"text\"" : "")>\(raw.contains(index) ? cell : e(cell))</td>"
            }.joined() + "</tr>"
        }
        return html + "</tbody></table></div>\n"
    }

    static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}\
        h1{color:#1f4e79}h2{border-bottom:2px solid #1f4e79;padding-bottom:.2em;margin-top:2em}\
        dl.summary{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:600}dd{margin:0}\
        .table{overflow-x:auto}table{border-collapse:collapse;font-size:.85em;margin:.5em 0}\
        th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right}thead th{background:#eef4fa;vertical-align:bottom}\
        td{white-space:nowrap}.text{text-align:left;white-space:normal}svg text{font-size:12px;fill:#222}figcaption{color:#555;font-size:.9em}\
        @media print{body{margin:0;max-width:none}h2{break-after:avoid}.table{overflow:visible}table{break-inside:auto}tr{break-inside:avoid}}
        """
}

extension String {
    /// Zeros in front up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
