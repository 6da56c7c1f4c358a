/// A value bound to or read from the catalog (SQLite's storage classes).
public enum CatalogValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// The storage class's name, for error messages.
    var kind: String {
        switch self {
        case .null: "NULL"
        case .integer: "an integer"
        case .real: "a real"
        case .text: "text"
        case .blob: "a blob"
        }
    }

    init(_ statistic: StatisticValue?) {
        switch statistic {
        case nil: self = .null
        case .integer(let v): self = .integer(v)
        case .real(let v): self = .real(v)
        case .text(let v): self = .text(v)
        }
    }

    /// As a chunk statistic; nil for NULL (no statistic) and for a blob (none is ever stored).
    var statistic: StatisticValue? {
        switch self {
        case .null, .blob: nil
        case .integer(let v): .integer(v)
        case .real(let v): .real(v)
        case .text(let v): .text(v)
        }
    }
}

/// One row read from the catalog, whose values are taken out through checked accessors: a value
/// of the wrong type (a catalog edited by hand, or damaged) is a `StorageError.catalogValue`
/// naming the table, the row and the column, never a trap.
public struct CatalogRow: Sendable {
    /// What was read (a table name, or the tables a join reads), for error messages.
    public let source: String
    /// Column names, as the query named them.
    public let columns: [String]
    public let values: [CatalogValue]

    /// The row as an error names it: its first column when that is an integer id, else its values' count.
    private var label: String {
        if case .integer(let id)? = values.first, let name = columns.first { return "\(name) \(id)" }
        return "a row of \(values.count) values"
    }

    private func value(_ index: Int) throws(StorageError) -> CatalogValue {
        guard values.indices.contains(index) else {
            throw .catalogValue(table: source, row: label, column: "#\(index)", detail: "the query returned \(values.count) columns")
        }
        return values[index]
    }

    private func mistyped(_ index: Int, expected: String, found: CatalogValue) -> StorageError {
        .catalogValue(table: source, row: label, column: columns.indices.contains(index) ? columns[index] : "#\(index)",
                      detail: "expected \(expected), found \(found.kind)")
    }

    public func integer(_ index: Int) throws(StorageError) -> Int64 {
        let found = try value(index)
        guard case .integer(let v) = found else { throw mistyped(index, expected: "an integer", found: found) }
        return v
    }

    /// An integer that must fit an `Int` and lie in `range` (counts, sizes, positions).
    public func count(_ index: Int, in range: ClosedRange<Int64> = 0...Int64.max) throws(StorageError) -> Int {
        let v = try integer(index)
        guard range.contains(v) else {
            throw .catalogValue(table: source, row: label, column: columns.indices.contains(index) ? columns[index] : "#\(index)",
                                detail: "\(v) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return Int(v)
    }

    /// A count that may be NULL (unknown).
    public func optionalCount(_ index: Int) throws(StorageError) -> Int? {
        guard try optionalInteger(index) != nil else { return nil }
        return try count(index)
    }

    public func optionalInteger(_ index: Int) throws(StorageError) -> Int64? {
        let found = try value(index)
        switch found {
        case .null: return nil
        case .integer(let v): return v
        default: throw mistyped(index, expected: "an integer or NULL", found: found)
        }
    }

    public func text(_ index: Int) throws(StorageError) -> String {
        let found = try value(index)
        guard case .text(let v) = found else { throw mistyped(index, expected: "text", found: found) }
        return v
    }

    public func optionalText(_ index: Int) throws(StorageError) -> String? {
        let found = try value(index)
        switch found {
        case .null: return nil
        case .text(let v): return v
        default: throw mistyped(index, expected: "text or NULL", found: found)
        }
    }

    public func blob(_ index: Int) throws(StorageError) -> [UInt8] {
        let found = try value(index)
        guard case .blob(let v) = found else { throw mistyped(index, expected: "a blob", found: found) }
        return v
    }

    /// A statistic (min or max) as the catalog stores it: NULL, an integer, a real or text.
    func statistic(_ index: Int) throws(StorageError) -> StatisticValue? {
        let found = try value(index)
        if case .blob = found { throw mistyped(index, expected: "a statistic (integer, real, text or NULL)", found: found) }
        return found.statistic
    }
}
