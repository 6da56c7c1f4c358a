import Foundation
import Query
import QueryRecordTables
import Storage

/// The ways the records are run: how the store is laid out (row group size, forced encoding)
/// and how the engine runs (chunk size, fast paths, threads). Every way must give DuckDB's answer.
///
/// `PARCOURS_RECORD_MATRIX` chooses the configurations: `defaults` (one), `axes` (the defaults and
/// each axis's other values against them), `pairwise` (CI: `axes` plus a cover of every pair of
/// values of two axes) or `full` (the whole product: long).
struct RecordConfiguration: Hashable, Sendable, CustomStringConvertible {
    var rowGroupSize: Int
    var encoding: String
    var vectorSize: Int
    var fastPaths: Bool
    var threads: Int

    static let rowGroupSizes = [1_000, 7]
    /// `measured`, a forced encoding's name (others fall back where it cannot hold a chunk), or `lz4`.
    static let encodings = ["measured", "plain", "dictionary", "rle", "for", "delta", "valid-only", "constant", "lz4"]
    static let vectorSizes = [ExecutionSettings.defaultVectorSize, 64, 5]
    static let fastPathChoices = [true, false]
    static let threadCounts = [1, 3]

    static let defaults = RecordConfiguration(rowGroupSize: 1_000, encoding: "measured", vectorSize: ExecutionSettings.defaultVectorSize,
                                              fastPaths: true, threads: 1)

    var description: String {
        "row groups \(rowGroupSize), \(encoding), vector \(vectorSize), fast paths \(fastPaths ? "on" : "off"), \(threads) thread\(threads == 1 ? "" : "s")"
    }

    var storeKey: String { "\(rowGroupSize)-\(encoding)" }

    var encodingPolicy: EncodingPolicy {
        switch encoding {
        case "measured": .measured
        case "lz4": EncodingPolicy(forcedLZ4: true)
        default: EncodingPolicy(forcedEncoding: EncodingKind(name: encoding))
        }
    }

    /// The values of each axis, as (axis index, value index) pairs are counted below.
    private static var axisSizes: [Int] {
        [rowGroupSizes.count, encodings.count, vectorSizes.count, fastPathChoices.count, threadCounts.count]
    }

    private init(rowGroupSize: Int, encoding: String, vectorSize: Int, fastPaths: Bool, threads: Int) {
        self.rowGroupSize = rowGroupSize
        self.encoding = encoding
        self.vectorSize = vectorSize
        self.fastPaths = fastPaths
        self.threads = threads
    }

    private init(_ choice: [Int]) {
        self.init(rowGroupSize: RecordConfiguration.rowGroupSizes[choice[0]], encoding: RecordConfiguration.encodings[choice[1]],
                  vectorSize: RecordConfiguration.vectorSizes[choice[2]], fastPaths: RecordConfiguration.fastPathChoices[choice[3]],
                  threads: RecordConfiguration.threadCounts[choice[4]])
    }

    static var selected: [RecordConfiguration] {
        switch ProcessInfo.processInfo.environment["PARCOURS_RECORD_MATRIX"] ?? "pairwise" {
        case "defaults": [defaults]
        case "axes": axes
        case "full": full
        default: axes + pairwise.filter { !axes.contains($0) }
        }
    }

    /// The defaults, then each other value of each axis with the other axes at their defaults.
    static var axes: [RecordConfiguration] {
        var result = [RecordConfiguration([0, 0, 0, 0, 0])]
        for (axis, size) in axisSizes.enumerated() {
            for value in 1..<size {
                var choice = [0, 0, 0, 0, 0]
                choice[axis] = value
                result.append(RecordConfiguration(choice))
            }
        }
        return result
    }

    /// Every combination of values (the long run).
    static var full: [RecordConfiguration] {
        var result: [[Int]] = [[]]
        for size in axisSizes { result = result.flatMap { prefix in (0..<size).map { prefix + [$0] } } }
        return result.map(RecordConfiguration.init)
    }

    /// A pairwise cover: every value of every axis meets every value of every other axis in some
    /// configuration. Greedy and deterministic: each new configuration is the one of the full
    /// product that covers the most pairs not yet covered (ties: the first in product order).
    static var pairwise: [RecordConfiguration] {
        let sizes = axisSizes
        let candidates: [[Int]] = full.map { configuration in
            [rowGroupSizes.firstIndex(of: configuration.rowGroupSize)!, encodings.firstIndex(of: configuration.encoding)!,
             vectorSizes.firstIndex(of: configuration.vectorSize)!, fastPathChoices.firstIndex(of: configuration.fastPaths)!,
             threadCounts.firstIndex(of: configuration.threads)!]
        }
        struct Pair: Hashable { let a: Int, x: Int, b: Int, y: Int }
        func pairs(_ choice: [Int]) -> [Pair] {
            var result: [Pair] = []
            for a in 0..<sizes.count { for b in (a + 1)..<sizes.count { result.append(Pair(a: a, x: choice[a], b: b, y: choice[b])) } }
            return result
        }
        var uncovered = Set(candidates.flatMap(pairs))
        var chosen: [[Int]] = []
        while !uncovered.isEmpty {
            let best = candidates.max { pairs($0).filter(uncovered.contains).count < pairs($1).filter(uncovered.contains).count }!
            chosen.append(best)
            uncovered.subtract(pairs(best))
        }
        return chosen.map(RecordConfiguration.init)
    }
}

/// The record tables' stores, one per layout (row group size and encoding), written on first use
/// and kept for the test process. A test process has no end hook to remove them: each new one
/// removes those of test processes that no longer run.
final class RecordStores: @unchecked Sendable {
    static let shared = RecordStores()
    private let lock = NSLock()
    private var snapshots: [String: Snapshot] = [:]
    private static let prefix = "parcours-record-stores-"
    private let root = NSTemporaryDirectory() + RecordStores.prefix + "\(getpid())"

    private init() {
        let temporary = NSTemporaryDirectory()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix(RecordStores.prefix) {
            guard let pid = pid_t(name.dropFirst(RecordStores.prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: temporary + name)
        }
    }

    func engine(_ configuration: RecordConfiguration) throws -> QueryEngine {
        let snapshot = try self.snapshot(configuration)
        return QueryEngine(snapshot: snapshot, threads: configuration.threads,
                           settings: ExecutionSettings(vectorSize: configuration.vectorSize, fastPaths: configuration.fastPaths))
    }

    /// The folder of the store of `configuration`'s layout (written if it was not yet).
    func path(_ configuration: RecordConfiguration) throws -> String {
        _ = try snapshot(configuration)
        return root + "/" + configuration.storeKey
    }

    private func snapshot(_ configuration: RecordConfiguration) throws -> Snapshot {
        lock.lock()
        defer { lock.unlock() }
        if let snapshot = snapshots[configuration.storeKey] { return snapshot }
        let path = root + "/" + configuration.storeKey
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let store = try RecordTables.writeStore(at: path, options: StoreOptions(rowGroupSize: configuration.rowGroupSize,
                                                                               encoding: configuration.encodingPolicy))
        let snapshot = try store.snapshot()
        snapshots[configuration.storeKey] = snapshot
        return snapshot
    }
}
