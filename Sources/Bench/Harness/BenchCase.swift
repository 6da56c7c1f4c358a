/// One measured piece of work, run by Parcours and (when it has a baseline) by SQLite on the same
/// data in the same process. Adding a case to a suite is one of these.
public struct BenchCase {
    public let name: String
    /// Rows the work covers (for rows/s), and bytes it reads or writes (for MB/s), when meaningful.
    public let rows: Int?
    public let bytes: Int?
    public let parcours: () throws -> Void
    public let sqlite: (() throws -> Void)?

    public init(_ name: String, rows: Int? = nil, bytes: Int? = nil,
                parcours: @escaping () throws -> Void, sqlite: (() throws -> Void)? = nil) {
        self.name = name
        self.rows = rows
        self.bytes = bytes
        self.parcours = parcours
        self.sqlite = sqlite
    }
}

/// Timings of one engine on one case: every run after the warm-up, in seconds.
public struct BenchTimings: Sendable, Codable {
    public let seconds: [Double]

    public var median: Double {
        let sorted = seconds.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
    public var min: Double { seconds.min() ?? 0 }
    public var max: Double { seconds.max() ?? 0 }
}

/// A case's outcome: both engines' timings, the work's size, and Parcours's peak RSS during it.
public struct BenchResult: Sendable, Codable {
    public let suite: String
    public let name: String
    public let rows: Int?
    public let bytes: Int?
    public let parcours: BenchTimings
    public let sqlite: BenchTimings?
    /// Peak resident set of the process while Parcours ran this case (`MemoryHighWater`: reset
    /// before the case; data the suite prepared beforehand and still holds counts too).
    public let peakRSSBytes: Int
    /// Extra figures a suite reports (bytes/row on disk...).
    public var notes: [String: Double] = [:]

    /// Parcours time / SQLite time (below 1: Parcours is faster).
    public var ratio: Double? { sqlite.map { parcours.median / $0.median } }
}
