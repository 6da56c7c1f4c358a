import Parquet
import Support

/// The options of `COPY … TO`, with DuckDB's names and defaults: `FORMAT csv|json` (from the
/// file's extension when absent: `.json`, `.ndjson`, `.jsonl` are JSON), and for CSV `HEADER`
/// (true), `DELIMITER` or `SEP` (`,`), `QUOTE` (`"`), `NULL` (empty), `DATEFORMAT` (ISO 8601;
/// `%d/%m/%Y` style), `DECIMAL_SEPARATOR` (`.`) and `BOM` (false); `PRESET 'excel-fr'` sets
/// what French Excel opens as it is (`;`, decimal comma, `%d/%m/%Y`, a UTF-8 BOM; options after
/// it override it). For Parquet (`.parquet`), `COMPRESSION` (zstd or uncompressed),
/// `COMPRESSION_LEVEL` (zstd's, 3) and `ROW_GROUP_SIZE` (rows, 122,880).
struct CopyOptions: Equatable {
    enum Format: String { case csv, json, parquet }

    var format: Format = .csv
    var header = true
    var delimiter = ","
    var quote = "\""
    var nullString = ""
    var dateFormat: StrftimeFormat?
    /// Text that reads as a number (`'05'`) quoted, so that a reader honouring quotes keeps it as
    /// text: the CLI's CSV mode (DuckDB's COPY does not, nor does Parcours's).
    var quotesNumericText = false
    /// The character written for a DOUBLE's or DECIMAL's decimal point.
    var decimalSeparator = "."
    /// A UTF-8 byte order mark first (Excel reads the file as UTF-8 only with it).
    var byteOrderMark = false
    var compression = ParquetCompression.zstd(level: 3)
    /// Rows per Parquet row group; nil: the query's batches (a store segment's rows).
    var rowGroupSize: Int?

    /// The largest `ROW_GROUP_SIZE`: beyond it a row group's pages risk Parquet's 2 GiB page limit.
    static let maximumRowGroupSize = 10_000_000

    static let names = ["FORMAT", "HEADER", "DELIMITER", "SEP", "QUOTE", "NULL", "DATEFORMAT", "DECIMAL_SEPARATOR", "BOM", "PRESET",
                        "COMPRESSION", "COMPRESSION_LEVEL", "ROW_GROUP_SIZE"]

    static func parse(_ tokens: [Token], from index: inout Int, path: String) throws(QueryError) -> CopyOptions {
        var options = CopyOptions()
        let lowered = path.lowercased()
        if lowered.hasSuffix(".json") || lowered.hasSuffix(".ndjson") || lowered.hasSuffix(".jsonl") { options.format = .json }
        if lowered.hasSuffix(".parquet") { options.format = .parquet }
        var compressionName = "zstd", level: Int32 = 3
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
            func flag(_ value: Token?, _ name: Token) throws(QueryError) -> Bool {
                guard let value else { return true }
                switch value.text.lowercased() {
                case "true", "1", "on": return true
                case "false", "0", "off": return false
                default: throw fail("\(name.upper) takes true or false", value)
                }
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
                guard let known = Format(rawValue: format) else { throw fail("unknown format \(format)", value ?? name, hint: "formats: csv, json, parquet") }
                options.format = known
            case "HEADER":
                options.header = try flag(value, name)
            case "BOM":
                options.byteOrderMark = try flag(value, name)
            case "DECIMAL_SEPARATOR":
                let separator = try text()
                guard separator == "." || separator == "," else { throw fail("DECIMAL_SEPARATOR is '.' or ','", value ?? name) }
                options.decimalSeparator = separator
            case "PRESET":
                guard try text().lowercased() == "excel-fr" else { throw fail("unknown preset", value ?? name, hint: "presets: 'excel-fr'") }
                options.delimiter = ";"
                options.decimalSeparator = ","
                options.dateFormat = StrftimeFormat("%d/%m/%Y")
                options.byteOrderMark = true
            case "COMPRESSION":
                compressionName = try text().lowercased()
                guard ["zstd", "uncompressed"].contains(compressionName) else {
                    throw fail("COMPRESSION \(compressionName) is not written by Parcours", value ?? name, hint: "zstd or uncompressed")
                }
            case "COMPRESSION_LEVEL":
                guard let parsed = Int32(try text()), (1...22).contains(parsed) else { throw fail("COMPRESSION_LEVEL is 1 to 22", value ?? name) }
                level = parsed
            case "ROW_GROUP_SIZE":
                guard let parsed = Int(try text()), (1...maximumRowGroupSize).contains(parsed) else {
                    throw fail("ROW_GROUP_SIZE is a number of rows from 1 to \(maximumRowGroupSize)", value ?? name)
                }
                options.rowGroupSize = parsed
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
        options.compression = compressionName == "zstd" ? .zstd(level: level) : .uncompressed
        guard options.delimiter != options.quote else { throw .execution("COPY: DELIMITER and QUOTE must differ") }
        return options
    }
}
