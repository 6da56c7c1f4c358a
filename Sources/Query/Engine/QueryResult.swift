/// The answer to a query: named, typed columns of equal length, in the order the query asked.
/// Values are read one at a time (`value(row:column:)`), which is what printing and tests need.
public struct QueryResult: Sendable {
    public struct Column: Sendable, Equatable {
        public let name: String
        public let type: SQLType
    }

    public let columns: [Column]
    let relation: Relation

    init(columns: [Column], relation: Relation) {
        self.columns = columns
        self.relation = relation
    }

    public var rowCount: Int { relation.count }

    public func value(row: Int, column: Int) -> Value {
        relation.columns[column].value(at: row)
    }

    /// Every row as values (small results: tests, printing).
    public var rows: [[Value]] {
        (0..<rowCount).map { row in columns.indices.map { value(row: row, column: $0) } }
    }
}
