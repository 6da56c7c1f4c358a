/// One column of a table: its name, type and whether it may hold nulls.
public struct ColumnDefinition: Sendable, Hashable {
    public var name: String
    public var type: ColumnType
    public var nullable: Bool

    public init(_ name: String, _ type: ColumnType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}

/// The ordered columns of a table.
///
/// Invariants: at least one column; names are non-empty, unique (case-sensitive, as stored) and
/// made of letters, digits and underscores so they can be used unquoted in SQL.
public struct TableSchema: Sendable, Hashable {
    public let columns: [ColumnDefinition]

    public init(_ columns: [ColumnDefinition]) throws(StorageError) {
        guard !columns.isEmpty else { throw .invalidSchema("a table needs at least one column") }
        var seen = Set<String>()
        for column in columns {
            guard !column.name.isEmpty,
                  column.name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }),
                  !(column.name.first!.isNumber)
            else {
                throw .invalidSchema(
                    "column name '\(column.name)' must start with a letter or '_' and use only ASCII letters, digits and '_'")
            }
            guard seen.insert(column.name).inserted else {
                throw .invalidSchema("column '\(column.name)' appears twice")
            }
        }
        self.columns = columns
    }

    public var count: Int { columns.count }

    public func index(of name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }
}
