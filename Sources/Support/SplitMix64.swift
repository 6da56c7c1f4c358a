import Foundation

/// SplitMix64: a small, fast, seedable generator. The generator draws everything from one stream,
/// so the same seed gives byte-identical files on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    @inline(__always)
    public mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Uniform in `range` (slightly biased for huge ranges; fine for synthetic data, and portable).
    @inline(__always)
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    @inline(__always)
    public mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// Log-normal with the given median and shape (sigma of the underlying normal): right-skewed
    /// delays, as stage durations are.
    public mutating func logNormal(median: Double, sigma: Double) -> Double {
        // Box-Muller; one of the pair is enough here.
        let u1 = max(unit(), 1e-12), u2 = unit()
        let normal = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        return median * exp(sigma * normal)
    }
}
