import Support

/// The options of `COPY … TO`, with DuckDB's names and defaults: `FORMAT csv|json` (from the
/// file's extension when absent: `.json`, `.ndjson`, `.jsonl` are JSON), and for CSV `HEADER`
/// (true), `DELIMITER` or `SEP` (`,`), `QUOTE` (`"`), `NULL` (empty), `DATEFORMAT` (ISO 8601;
/// `%d/%m/%Y` style). Parquet is refused until the project writes it.
struct CopyOptions: Equatable {
    enum Format: String { case csv, json }

    var format: Format = .csv
    var header = true
    var delimiter = ","
    var quote = "\""
    var nullString = ""
    var dateFormat: StrftimeFormat?
    /// Text that reads as a number (`'05'`) quoted, so that a reader honouring quotes keeps it as
    /// text: the CLI's CSV mode (DuckDB's COPY does not, nor does Parcours's).
    var quotesNumericText = false

    static let names = ["FORMAT", "HEADER", "DELIMITER", "SEP", "QUOTE", "NULL", "DATEFORMAT"]

    static func parse(_ tokens: [Token], from index: inout Int, path: String) throws(QueryError) -> CopyOptions {
        var options = CopyOptions()
        let lowered = path.lowercased()
        if lowered.hasSuffix(".json") || lowered.hasSuffix(".ndjson") || lowered.hasSuffix(".jsonl") { options.format = .json }
        func at(_ offset: Int) -> Token { tokens[min(index + offset, tokens.count - 1)] }
        func fail(_ message: String, _ token: Token, hint: String? = nil) -> QueryError {
            .sql(SQLError(message, at: token.position, hint: hint))
        }
        guard at(0).isSymbol("(") else { return options }
        index += 1
        while !at(0).isSymbol(")") {
            let name = at(0)
            guard name.kind == .word else { throw fail("expected an option name", name, hint: "options are \(names.joined(separator: ", "))") }
            index += 1
            // A value, unless the option stands alone (`HEADER`).
            var value: Token?
            if !at(0).isSymbol(",") && !at(0).isSymbol(")") {
                value = at(0)
                index += 1
            }
            func text() throws(QueryError) -> String {
                guard let value, value.kind == .string || value.kind == .word || value.kind == .integer else {
                    throw fail("option \(name.upper) needs a value", value ?? name)
                }
                return value.text
            }
            switch name.upper {
            case "FORMAT":
                let format = try text().lowercased()
                if format == "parquet" { throw fail("COPY to Parquet is not written yet (a later step of v2); use FORMAT csv or json", value ?? name) }
                guard let known = Format(rawValue: format) else { throw fail("unknown format \(format)", value ?? name, hint: "formats: csv, json") }
                options.format = known
            case "HEADER":
                guard let value else { options.header = true; break }
                switch value.text.lowercased() {
                case "true", "1", "on": options.header = true
                case "false", "0", "off": options.header = false
                default: throw fail("HEADER takes true or false", value)
                }
            case "DELIMITER", "SEP":
                let delimiter = try text()
                guard delimiter.count == 1, delimiter != "\n", delimiter != "\r" else { throw fail("DELIMITER is one character", value ?? name) }
                options.delimiter = delimiter
            case "QUOTE":
                let quote = try text()
                guard quote.count == 1 else { throw fail("QUOTE is one character", value ?? name) }
                options.quote = quote
            case "NULL":
                options.nullString = try text()
            case "DATEFORMAT":
                let format = try text()
                guard let parsed = StrftimeFormat(format) else {
                    throw fail("DATEFORMAT '\(format)' is not a date format", value ?? name, hint: "%Y %m %d %y %j and literal characters, e.g. '%d/%m/%Y'")
                }
                options.dateFormat = parsed
            default:
                let hint = Suggestion.closest(to: name.upper, among: names).map { "did you mean \($0)?" }
                    ?? "options are \(names.joined(separator: ", "))"
                throw fail("unknown COPY option \(name.text)", name, hint: hint)
            }
            if at(0).isSymbol(",") { index += 1 } else if !at(0).isSymbol(")") { throw fail("expected , or ) in COPY's options", at(0)) }
        }
        index += 1
        guard options.delimiter != options.quote else { throw .execution("COPY: DELIMITER and QUOTE must differ") }
        return options
    }
}
