import Foundation
import Query

/// Compares the engine's rows with the reference's: booleans and dates as the integers SQLite
/// holds, numbers by value (integers and doubles mix; doubles to 1e-9 relative), rows in order
/// when the query orders them, as multisets otherwise.
enum ResultComparison {
    static func normalised(_ value: Value) -> Value {
        switch value {
        case .boolean(let b): .integer(b ? 1 : 0)
        case .date(let d): .integer(Int64(d))
        default: value
        }
    }

    static func same(_ a: Value, _ b: Value) -> Bool {
        let x = normalised(a), y = normalised(b)
        switch (x, y) {
        case (.integer(let i), .integer(let j)): return i == j
        case (.varchar(let s), .varchar(let t)): return s == t
        case (.null, .null): return true
        default:
            guard let p = number(x), let q = number(y) else { return false }
            if p == q || (p.isNaN && q.isNaN) { return true }
            return abs(p - q) <= 1e-9 * max(abs(p), abs(q))
        }
    }

    private static func number(_ value: Value) -> Double? {
        value.numeric // integers, HUGEINTs, DECIMALs and doubles
    }

    /// nil when the results agree, else a description of the first difference.
    static func difference(ours: [[Value]], reference: [[Value]], ordered: Bool) -> String? {
        guard ours.count == reference.count else {
            return "\(ours.count) rows, the reference has \(reference.count)\n ours: \(ours.prefix(5))\n  ref: \(reference.prefix(5))"
        }
        let left = ordered ? ours : ours.sorted { key($0) < key($1) }
        let right = ordered ? reference : reference.sorted { key($0) < key($1) }
        for (index, (a, b)) in zip(left, right).enumerated() {
            guard a.count == b.count, zip(a, b).allSatisfy({ same($0, $1) }) else {
                return "row \(index + 1): \(a) vs reference \(b)"
            }
        }
        return nil
    }

    /// A sort key that puts equal rows next to each other whatever the engine's number types.
    private static func key(_ row: [Value]) -> String {
        row.map { value -> String in
            switch normalised(value) {
            case .null: return "\u{0}"
            case .integer(let i): return String(format: "n%.9e", Double(i))
            case .double(let d): return String(format: "n%.9e", d)
            case .hugeint, .decimal: return String(format: "n%.9e", value.numeric ?? 0)
            case .varchar(let s): return "s" + s
            default: return value.description
            }
        }.joined(separator: "\u{1}")
    }
}
