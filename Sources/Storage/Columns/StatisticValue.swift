/// A scalar as statistics and predicates see it: integers (also bools and dates), reals, text.
public enum StatisticValue: Sendable, Hashable, CustomStringConvertible {
    case integer(Int64)
    case real(Double)
    case text(String)

    public var description: String {
        switch self {
        case .integer(let v): String(v)
        case .real(let v): String(v)
        case .text(let v): "'\(v)'"
        }
    }

    /// Orders two values of the same kind; integers and reals compare numerically; nil when the
    /// kinds cannot be compared (text against a number).
    public static func compare(_ a: StatisticValue, _ b: StatisticValue) -> Int? {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): x < y ? -1 : (x == y ? 0 : 1)
        case (.real(let x), .real(let y)): x < y ? -1 : (x == y ? 0 : 1)
        case (.integer(let x), .real(let y)): Double(x) < y ? -1 : (Double(x) == y ? 0 : 1)
        case (.real(let x), .integer(let y)): x < Double(y) ? -1 : (x == Double(y) ? 0 : 1)
        case (.text(let x), .text(let y)): compareUTF8(x, y)
        default: nil
        }
    }

    /// Byte-wise order of UTF-8, the order of string dictionaries (Swift's `<` on String differs).
    static func compareUTF8(_ x: String, _ y: String) -> Int {
        let a = Array(x.utf8), b = Array(y.utf8)
        for (p, q) in zip(a, b) where p != q { return p < q ? -1 : 1 }
        return a.count < b.count ? -1 : (a.count == b.count ? 0 : 1)
    }
}

/// What a column chunk's footer and the catalog know about its values, for pruning and `describe`.
///
/// Invariants: `min`/`max` are nil when every value is null, or when they cannot bound the values
/// safely (a float chunk holding NaN; a string longer than `maximumTextLength`).
public struct ColumnStatistics: Sendable, Hashable {
    public static let maximumTextLength = 64

    public var min: StatisticValue?
    public var max: StatisticValue?
    public var nullCount: Int
    /// Exact number of distinct non-null values when it was counted, else nil.
    public var distinctCount: Int?

    public init(min: StatisticValue?, max: StatisticValue?, nullCount: Int, distinctCount: Int?) {
        self.min = min
        self.max = max
        self.nullCount = nullCount
        self.distinctCount = distinctCount
    }
}
