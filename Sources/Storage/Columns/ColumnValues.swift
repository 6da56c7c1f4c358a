/// The values of one column for a run of rows, in the typed array that matches its `ColumnType`.
///
/// Strings come either flat (`.string`, the form writers produce) or dictionary-coded
/// (`.dictionaryString`, the form scans produce). Values at null positions are unspecified; readers
/// must consult the validity bitmap of the enclosing `Column`.
public enum ColumnValues: Sendable, Equatable {
    case bool([Bool])
    case int8([Int8])
    case int16([Int16])
    case int32([Int32])
    case int64([Int64])
    case float64([Double])
    /// Days since 1970-01-01.
    case date([Int32])
    case string(StringColumn)
    case dictionaryString(DictionaryStrings)

    public var type: ColumnType {
        switch self {
        case .bool: .bool
        case .int8: .int8
        case .int16: .int16
        case .int32: .int32
        case .int64: .int64
        case .float64: .float64
        case .date: .date
        case .string, .dictionaryString: .string
        }
    }

    public var count: Int {
        switch self {
        case .bool(let v): v.count
        case .int8(let v): v.count
        case .int16(let v): v.count
        case .int32(let v): v.count
        case .int64(let v): v.count
        case .float64(let v): v.count
        case .date(let v): v.count
        case .string(let v): v.count
        case .dictionaryString(let v): v.count
        }
    }

    /// The value at `index` as a `StatisticValue` (used by statistics, tests and the CLI, not by hot loops).
    public func value(at index: Int) -> StatisticValue {
        switch self {
        case .bool(let v): .integer(v[index] ? 1 : 0)
        case .int8(let v): .integer(Int64(v[index]))
        case .int16(let v): .integer(Int64(v[index]))
        case .int32(let v): .integer(Int64(v[index]))
        case .int64(let v): .integer(v[index])
        case .float64(let v): .real(v[index])
        case .date(let v): .integer(Int64(v[index]))
        case .string(let v): .text(v[index])
        case .dictionaryString(let v): .text(v[index])
        }
    }
}

/// One column's values plus which of them are null.
///
/// Invariant: `validity` is nil when no value is null, otherwise it has `values.count` bits.
public struct Column: Sendable, Equatable {
    public var values: ColumnValues
    public var validity: ValidityBitmap?

    public init(_ values: ColumnValues, validity: ValidityBitmap? = nil) {
        precondition(validity == nil || validity!.count == values.count, "validity length differs from values")
        self.values = values
        self.validity = (validity?.nullCount ?? 0) == 0 ? nil : validity
    }

    public var count: Int { values.count }
    public var type: ColumnType { values.type }
    public var nullCount: Int { validity?.nullCount ?? 0 }

    public func isNull(_ index: Int) -> Bool { !(validity?.isValid(index) ?? true) }

    /// The value at `index`, or nil when it is null.
    public func value(at index: Int) -> StatisticValue? {
        isNull(index) ? nil : values.value(at: index)
    }
}

/// Columns of equal length, in schema order: the unit of an append (one commit).
public struct ColumnBatch: Sendable {
    public let columns: [Column]

    public init(_ columns: [Column]) throws(StorageError) {
        guard let first = columns.first else { throw .invalidBatch("a batch needs at least one column") }
        for (index, column) in columns.enumerated() where column.count != first.count {
            throw .invalidBatch("column \(index + 1) has \(column.count) values but column 1 has \(first.count)")
        }
        self.columns = columns
    }

    public var rowCount: Int { columns.first?.count ?? 0 }
}
