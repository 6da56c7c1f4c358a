/// A simple condition `column op constant` that statistics can decide for a whole segment.
///
/// Used for pruning only: `mayMatch` answers "could any row of a chunk with these statistics
/// satisfy it?" and must never say no when the answer is yes. When in doubt (no bounds, values of
/// kinds that do not compare) it says yes.
public struct ColumnPredicate: Sendable, Hashable, CustomStringConvertible {
    public enum Operator: String, Sendable, Hashable {
        case equal = "="
        case notEqual = "<>"
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case isNull = "IS NULL"
        case isNotNull = "IS NOT NULL"
    }

    public let column: String
    public let op: Operator
    /// The constant; nil for IS [NOT] NULL.
    public let value: StatisticValue?

    public init(_ column: String, _ op: Operator, _ value: StatisticValue? = nil) {
        precondition((value == nil) == (op == .isNull || op == .isNotNull), "IS [NOT] NULL takes no value, comparisons need one")
        self.column = column
        self.op = op
        self.value = value
    }

    public var description: String {
        value.map { "\(column) \(op.rawValue) \($0)" } ?? "\(column) \(op.rawValue)"
    }

    public func mayMatch(_ statistics: ColumnStatistics, rowCount: Int) -> Bool {
        switch op {
        case .isNull: return statistics.nullCount > 0
        case .isNotNull: return statistics.nullCount < rowCount
        default: break
        }
        // A comparison with NULL values is never true.
        guard statistics.nullCount < rowCount else { return false }
        guard let value, let low = statistics.min, let high = statistics.max,
              let againstLow = StatisticValue.compare(value, low),
              let againstHigh = StatisticValue.compare(value, high)
        else { return true }
        switch op {
        case .equal: return againstLow >= 0 && againstHigh <= 0
        case .notEqual: return !(againstLow == 0 && againstHigh == 0)
        case .less: return againstLow > 0
        case .lessOrEqual: return againstLow >= 0
        case .greater: return againstHigh < 0
        case .greaterOrEqual: return againstHigh <= 0
        case .isNull, .isNotNull: return true
        }
    }
}
