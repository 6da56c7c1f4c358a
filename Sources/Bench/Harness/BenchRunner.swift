#if canImport(Glibc)
import Glibc
#endif

/// Runs cases: one warm-up, then `runs` timed runs per engine, and collects the results.
public struct BenchRunner {
    public let runs: Int
    public let warmUp: Bool
    public var onResult: (BenchResult) -> Void = { _ in }

    public init(runs: Int, warmUp: Bool = true) {
        precondition(runs >= 1, "at least one run")
        self.runs = runs
        self.warmUp = warmUp
    }

    public func run(suite: String, _ cases: [BenchCase], notes: [String: [String: Double]] = [:]) throws -> [BenchResult] {
        var results: [BenchResult] = []
        for benchCase in cases {
            MemoryHighWater.reset()
            let parcours = try time(benchCase.parcours)
            let peak = MemoryHighWater.current()
            let sqlite = try benchCase.sqlite.map { try time($0) }
            var result = BenchResult(suite: suite, name: benchCase.name, rows: benchCase.rows, bytes: benchCase.bytes,
                                     parcours: parcours, sqlite: sqlite, peakRSSBytes: peak)
            result.notes = notes[benchCase.name] ?? [:]
            onResult(result)
            results.append(result)
        }
        return results
    }

    private func time(_ work: () throws -> Void) throws -> BenchTimings {
        if warmUp { try work() }
        var seconds: [Double] = []
        for _ in 0..<runs {
            let clock = ContinuousClock()
            let elapsed = try clock.measure { try work() }
            seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        return BenchTimings(seconds: seconds)
    }

    /// The process's lifetime peak resident set size in bytes (Linux reports kilobytes).
    public static func peakRSSBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
    }
}
