import CXlsxWriter
import Foundation

/// `indicators.xlsx`: the publication for partners who work in Excel — one sheet per family (a
/// line per indicator and breakdown value, labels beside codes, numbers as numbers, a suppressed
/// value written "s" with its reason in the next column) and a methods sheet (year, snapshot,
/// threshold, methods, definitions, sources). Written with libxlsxwriter.
///
/// The workbook's creation time, which libxlsxwriter would take from the clock, is the time the
/// last source file was received (else 1 January after the published year), so that the same
/// snapshot gives the same bytes.
struct PublicationWorkbook {
    let publication: Publication
    let language: Language
    var region: Region? = nil

    private var text: ReportText { ReportText(language: language, year: publication.year, regionName: region?.name(language)) }
    private func pick(_ fr: String, _ en: String) -> String { language == .fr ? fr : en }

    /// The family sheets' columns.
    var columns: [String] {
        language == .fr
            ? ["Indicateur", "Code de l'indicateur", "Ventilation", "Modalité", "Code", "Valeur", "Unité", "Numérateur", "Dénominateur", "Motif du secret"]
            : ["Indicator", "Indicator code", "Breakdown", "Value of the breakdown", "Code", "Value", "Unit", "Numerator", "Denominator", "Reason for suppression"]
    }

    /// A sheet's name: the family's short name (Excel allows 31 characters, no `[]:*?/\`).
    func sheetName(_ family: String) -> String {
        switch family {
        case "flows": pick("1 Flux", "1 Flows")
        case "durations": pick("2 Durées", "2 Durations")
        case "cohort": pick("3 Cohortes", "3 Cohorts")
        case "dropoff": pick("4 Abandons", "4 Drop-off")
        case "support": pick("5 Accompagnement", "5 Support")
        default: String(family.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        }
    }

    /// Writes the workbook at `path` (replacing it).
    func write(to path: String) throws(IndicatorError) {
        var options = lxw_workbook_options(constant_memory: 0, tmpdir: nil, use_zip64: 0)
        guard let workbook = workbook_new_opt(path, &options) else { throw .output(path: path, "libxlsxwriter could not create the workbook") }
        var properties = lxw_doc_properties()
        properties.created = creationTime
        let title = strdup(text.title)
        defer { free(title) }
        properties.title = title
        workbook_set_properties(workbook, &properties)
        guard let header = workbook_add_format(workbook), let count = workbook_add_format(workbook),
              let decimal = workbook_add_format(workbook), let wrapped = workbook_add_format(workbook) else {
            throw .output(path: path, "libxlsxwriter could not add a format")
        }
        format_set_bold(header)
        format_set_num_format(count, "#,##0")
        format_set_num_format(decimal, "0.0")
        format_set_text_wrap(wrapped)

        var used = Set<String>()
        for table in publication.tables {
            var name = sheetName(table.family.name)
            while used.contains(name) { name = String(name.prefix(29)) + "~" }
            used.insert(name)
            guard let sheet = workbook_add_worksheet(workbook, name) else { throw .output(path: path, "libxlsxwriter could not add sheet \(name)") }
            for (column, title) in columns.enumerated() { worksheet_write_string(sheet, 0, lxw_col_t(column), title, header) }
            worksheet_freeze_panes(sheet, 1, 0)
            worksheet_set_column(sheet, 0, 0, 60, nil)
            worksheet_set_column(sheet, 2, 3, 28, nil)
            var row: lxw_row_t = 1
            for value in publication.values where value.family == table.family.name {
                let split = value.split.map { " — " + Breakdown.support.label(of: $0, language) } ?? ""
                worksheet_write_string(sheet, row, 0, value.definition.label.text(language, year: publication.year) + split, nil)
                worksheet_write_string(sheet, row, 1, value.indicator, nil)
                worksheet_write_string(sheet, row, 2, value.breakdown.label[language], nil)
                worksheet_write_string(sheet, row, 3, value.breakdown.label(of: value.breakdownValue, language), nil)
                worksheet_write_string(sheet, row, 4, value.breakdownValue, nil)
                if let number = Double(value.formattedValue) {
                    worksheet_write_number(sheet, row, 5, number, value.unit == "count" ? count : decimal)
                } else {
                    worksheet_write_string(sheet, row, 5, "s", nil)
                }
                worksheet_write_string(sheet, row, 6, text.unit(value.unit), nil)
                if let numerator = value.numerator { worksheet_write_number(sheet, row, 7, Double(numerator), count) }
                if let denominator = value.denominator { worksheet_write_number(sheet, row, 8, Double(denominator), count) }
                if let suppression = value.suppression {
                    worksheet_write_string(sheet, row, 9, suppression.text(threshold: publication.threshold, language), nil)
                }
                row += 1
            }
            worksheet_autofilter(sheet, 0, 0, row - 1, lxw_col_t(columns.count - 1))
        }
        try methods(workbook, header: header, wrapped: wrapped, path: path)
        let status = workbook_close(workbook)
        guard status == LXW_NO_ERROR else { throw .output(path: path, String(cString: lxw_strerror(status))) }
    }

    private func methods(_ workbook: UnsafeMutablePointer<lxw_workbook>, header: UnsafeMutablePointer<lxw_format>,
                         wrapped: UnsafeMutablePointer<lxw_format>, path: String) throws(IndicatorError) {
        guard let sheet = workbook_add_worksheet(workbook, pick("Méthodes", "Methods")) else {
            throw .output(path: path, "libxlsxwriter could not add the methods sheet")
        }
        worksheet_set_column(sheet, 0, 0, 40, nil)
        worksheet_set_column(sheet, 1, 1, 110, wrapped)
        var row: lxw_row_t = 0
        func line(_ key: String, _ value: String, _ format: UnsafeMutablePointer<lxw_format>? = nil) {
            worksheet_write_string(sheet, row, 0, key, format)
            worksheet_write_string(sheet, row, 1, value, format)
            row += 1
        }
        line(text.title, "", header)
        line(pick("Année", "Year"), String(publication.year))
        line(pick("Instantané du dépôt", "Store snapshot"), String(publication.snapshot))
        line(pick("Seuil du secret statistique", "Confidentiality threshold"), String(publication.threshold))
        row += 1
        line(text.methodsHeading, "", header)
        for paragraph in text.methods(threshold: publication.threshold) { line("", paragraph) }
        row += 1
        line(text.definitionsHeading, "", header)
        for table in publication.tables where table.family.split == nil {
            for definition in table.family.indicators {
                let label = { (column: String) in
                    table.family.indicators.first { $0.kind == .count(column: column) }?.label.text(language, year: publication.year)
                }
                line(definition.label.text(language, year: publication.year) + " (" + definition.name + ")", text.definition(definition, countLabel: label))
            }
        }
        row += 1
        line(text.sourcesHeading, "", header)
        for source in publication.sources {
            line(source.fileName, pick("lot \(source.batch), \(source.rowsStored) lignes conservées, \(source.rowsRejected) rejetées, SHA-256 \(source.sha256)",
                                       "batch \(source.batch), \(source.rowsStored) rows stored, \(source.rowsRejected) rejected, SHA-256 \(source.sha256)"))
        }
    }

    /// When the last source was received, else 1 January after the published year (UTC).
    var creationTime: time_t {
        let formatter = ISO8601DateFormatter()
        if let latest = publication.sources.compactMap(\.ingestedAt).max(), let date = formatter.date(from: latest) {
            return time_t(date.timeIntervalSince1970)
        }
        var components = DateComponents()
        (components.year, components.month, components.day) = (publication.year + 1, 1, 1)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return time_t(calendar.date(from: components)?.timeIntervalSince1970 ?? 0)
    }
}
