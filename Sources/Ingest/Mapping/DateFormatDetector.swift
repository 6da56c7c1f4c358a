/// Decides whether a file writes day/month or month/day from its own dates, and refuses to guess.
///
/// Evidence is a date whose first number exceeds 12 (so it is a day) or whose second does. With
/// evidence one way only, that is the format; with none (every date has both numbers ≤ 12) or
/// both ways, the ingest stops and asks for `date_format` in the mapping or `--date-format`.
struct DateFormatDetector {
    private var dayFirst = 0, monthFirst = 0, iso = 0, seen = 0
    /// Records looked at (error messages).
    var records = 0

    /// Counts one date field's evidence.
    mutating func count(_ field: UnsafeRawBufferPointer) {
        if field.isEmpty { return }
        seen += 1
        if case .success = FieldParsing.isoDate(field) { iso += 1; return }
        guard let (first, second, _) = FieldParsing.slashParts(field) else { return }
        if first > 12 && second <= 12 { dayFirst += 1 }
        if second > 12 && first <= 12 { monthFirst += 1 }
    }

    /// The format the evidence shows; `whenNone` when no date was written as text at all (a
    /// workbook whose dates are all real dates, which read the same in any format).
    func decide(file: String, whenNone: DateFormat? = nil) throws(IngestError) -> DateFormat {
        if seen == 0, let whenNone { return whenNone }
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

    static func detect(_ reader: CSVReader, dateColumns: [Int], maximumRecords: Int = 20_000) throws(IngestError) -> DateFormat {
        var detector = DateFormatDetector()
        var scanner = reader.scanner()
        var record = CSVRecord()
        let bytes = reader.file.bytes
        while detector.records < maximumRecords, try scanner.next(into: &record) {
            detector.records += 1
            for column in dateColumns where column < record.count { detector.count(record.raw(column, in: bytes)) }
        }
        return try detector.decide(file: reader.name)
    }
}
