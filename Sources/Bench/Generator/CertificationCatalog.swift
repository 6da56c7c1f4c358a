import Ingest

/// A certification of the synthetic register: its RNCP code, certifier and level.
public struct Certification: Sendable {
    public let code: String
    public let certifier: Certifier
    public let level: Int8?
}

/// The ~3,000 certification codes the generator draws from, built from the seed: each code belongs
/// to one certifier and one level; popularity within a certifier is Zipf-like.
///
/// Levels are assigned along the popularity ranking so that the popularity mass of each level
/// matches `Calibration.levelShares` (the popular codes decide the shares, as in reality).
public struct CertificationCatalog: Sendable {
    public let certifications: [Certifier: [Certification]]
    private let popularity: [Certifier: WeightedChoice]

    public init(rng: inout SplitMix64) {
        let total = Calibration.codesPerCertifier.values.reduce(0, +)
        // Unique RNCP numbers: a shuffled slice of 1000...39999.
        var numbers = Array(1000...39_999)
        for i in stride(from: numbers.count - 1, to: 0, by: -1) { numbers.swapAt(i, rng.int(0...i)) }
        var next = 0
        var certifications: [Certifier: [Certification]] = [:]
        var popularity: [Certifier: WeightedChoice] = [:]
        for certifier in Certifier.allCases {
            let count = Calibration.codesPerCertifier[certifier]!
            let weights = (0..<count).map { 1 / pow(Double($0 + 1), Calibration.zipfExponent) }
            let mass = weights.reduce(0, +)
            let levels = Calibration.levelShares(certifier)
            var cumulative = 0.0
            var codes: [Certification] = []
            for rank in 0..<count {
                // The level whose cumulative share covers the middle of this code's popularity mass.
                let middle = (cumulative + weights[rank] / 2) / mass
                cumulative += weights[rank]
                var acc = 0.0
                var level = levels.last!.0
                for (candidate, share) in levels {
                    acc += share
                    if middle <= acc { level = candidate; break }
                }
                codes.append(Certification(code: "RNCP\(numbers[next])", certifier: certifier, level: level))
                next += 1
            }
            certifications[certifier] = codes
            popularity[certifier] = WeightedChoice(weights)
        }
        precondition(next == total)
        self.certifications = certifications
        self.popularity = popularity
    }

    public func draw(_ certifier: Certifier, _ rng: inout SplitMix64) -> Certification {
        certifications[certifier]![popularity[certifier]!.draw(&rng)]
    }
}

#if canImport(Glibc)
import Glibc
import Support
#endif
