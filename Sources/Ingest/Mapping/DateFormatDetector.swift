/// Decides whether a file writes day/month or month/day from its own dates, and refuses to guess.
///
/// Evidence is a date whose first number exceeds 12 (so it is a day) or whose second does. With
/// evidence one way only, that is the format; with none (every date has both numbers ≤ 12) or
/// both ways, the ingest stops and asks for `date_format` in the mapping or `--date-format`.
enum DateFormatDetector {
    static func detect(_ reader: CSVReader, dateColumns: [Int], maximumRecords: Int = 20_000) throws(IngestError) -> DateFormat {
        var dayFirst = 0, monthFirst = 0, iso = 0, seen = 0, records = 0
        var scanner = reader.scanner()
        var record = CSVRecord()
        let bytes = reader.file.bytes
        while records < maximumRecords, try scanner.next(into: &record) {
            records += 1
            for column in dateColumns where column < record.count {
                let field = record.raw(column, in: bytes)
                if field.isEmpty { continue }
                seen += 1
                if case .success = FieldParsing.isoDate(field) { iso += 1; continue }
                guard let (first, second, _) = FieldParsing.slashParts(field) else { continue }
                if first > 12 && second <= 12 { dayFirst += 1 }
                if second > 12 && first <= 12 { monthFirst += 1 }
            }
        }
        let file = reader.name
        if iso > 0 && iso == seen { return .iso }
        switch (dayFirst > 0, monthFirst > 0) {
        case (true, false): return .dayMonthYear
        case (false, true): return .monthDayYear
        case (true, true):
            throw .ambiguousDialect(file: file, detail: "dates are written both day-first (\(dayFirst) dates) and month-first (\(monthFirst)); fix the file or set date_format in the mapping")
        case (false, false):
            throw .ambiguousDialect(file: file, detail: "cannot tell dd/mm/yyyy from mm/dd/yyyy: no date in the first \(records) rows has a day above 12; set \"date_format\" in the mapping or pass --date-format")
        }
    }
}
