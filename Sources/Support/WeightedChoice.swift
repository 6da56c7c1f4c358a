/// Draws indexes with fixed weights (cumulative table + binary search: O(log n) per draw).
public struct WeightedChoice: Sendable {
    private let cumulative: [Double]

    public init(_ weights: [Double]) {
        precondition(!weights.isEmpty && weights.allSatisfy { $0 >= 0 }, "weights must be non-negative")
        var total = 0.0
        cumulative = weights.map { total += $0; return total }
        precondition(total > 0, "weights must not all be zero")
    }

    public func draw(_ rng: inout SplitMix64) -> Int {
        let target = rng.unit() * cumulative[cumulative.count - 1]
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
