import Storage

/// What `parcours export --partition-by` names: a column, or the year or month of a DATE column
/// (`year(application_date)`). A snapshot's table is written as one folder per value of the key,
/// named Hive's way (`department=05`, `application_date_year=2019`), as Spark, Trino, DuckDB and
/// Arrow read them: the value percent-encoded except letters, digits, `.`, `_` and `-`; NULL as
/// `__HIVE_DEFAULT_PARTITION__`; the empty string as nothing after `=` (DuckDB's conventions).
public struct PartitionKey: Sendable, Equatable, CustomStringConvertible {
    public enum DatePart: String, Sendable { case year, month }

    public let column: String
    public let part: DatePart?

    /// The most partitions one table may be cut into: a key of nearly unique values would write
    /// a folder per row.
    public static let maximumPartitions = 10_000

    public init(column: String, part: DatePart? = nil) {
        self.column = column
        self.part = part
    }

    /// `department`, `year(application_date)` or `month(application_date)`.
    public init(parsing text: String) throws(QueryError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let open = trimmed.firstIndex(of: "("), trimmed.hasSuffix(")") {
            let function = trimmed[..<open].trimmingCharacters(in: .whitespaces).lowercased()
            guard let part = DatePart(rawValue: function) else {
                throw .execution("--partition-by takes a column, year(column) or month(column), not \(text)")
            }
            let inside = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
            self.init(column: inside.trimmingCharacters(in: .whitespaces), part: part)
        } else {
            self.init(column: trimmed)
        }
        guard !column.isEmpty, !column.contains("\""), !column.contains("/") else {
            throw .execution("--partition-by names a column: \(text) is not one")
        }
    }

    public var description: String { part.map { "\($0.rawValue)(\(column))" } ?? column }

    /// The partition column's name in folder names (and to readers).
    public var folderName: String { part.map { "\(column)_\($0.rawValue)" } ?? column }

    /// The key as SQL over the table.
    var expression: String {
        let quoted = "\"\(column)\""
        return part.map { "\($0.rawValue)(\(quoted))" } ?? quoted
    }

    /// Whether the key's column stays in the files: a derived key leaves its column whole; a
    /// plain column lives in the folder names only (Hive's layout; readers add it back).
    var keepsColumn: Bool { part != nil }

    /// Throws unless `schema` has the column with a type a folder name can hold.
    func check(_ schema: TableSchema, table: String) throws(QueryError) {
        guard let definition = schema.columns.first(where: { $0.name == column }) else {
            throw .execution("--partition-by \(description): table \(table) has no column \(column)")
        }
        switch (part, definition.type) {
        case (.some, .date): break
        case (.some, _): throw .execution("--partition-by \(description): \(column) is not a DATE")
        case (nil, .string), (nil, .bool), (nil, .date), (nil, .int8), (nil, .int16), (nil, .int32), (nil, .int64): break
        case (nil, .float64): throw .execution("--partition-by \(description): a DOUBLE column does not make partitions; round it first")
        }
        guard keepsColumn || schema.columns.count > 1 else {
            throw .execution("--partition-by \(description): it is table \(table)'s only column; nothing would be left in the files")
        }
    }

    /// The folder of the partition holding `value` (a value of the key).
    static func folder(_ name: String, _ value: Value) -> String {
        let text: String
        switch value {
        case .null: return "\(name)=__HIVE_DEFAULT_PARTITION__"
        case .varchar(let string): text = string
        default: text = value.description
        }
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                encoded += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 15)])"
            }
        }
        return "\(name)=\(encoded)"
    }

    /// The filter selecting the rows of the partition holding `value`, and its parameter: dates
    /// compared as day numbers (any date, BC ones included), other values as themselves.
    func filter(_ value: Value) -> (sql: String, parameters: [String: Literal]) {
        switch value {
        case .null: return ("\(expression) IS NULL", [:])
        case .date(let days): return ("(\(expression) - DATE '1970-01-01') = $key", ["key": .integer(Int64(days))])
        case .integer(let number): return ("\(expression) = $key", ["key": .integer(number)])
        case .boolean(let flag): return ("\(expression) = $key", ["key": .boolean(flag)])
        case .varchar(let string): return ("\(expression) = $key", ["key": .string(string)])
        default: return ("\(expression) = $key", ["key": .string(value.description)])
        }
    }
}
