import Foundation
import Synchronization

/// The memory the queries of a process may hold at once, shared by concurrent queries.
///
/// Every operator that grows with its input (hash join tables and matches, sorts, group tables,
/// distinct sets, quantile samples, materialised intermediate results) reserves before it
/// allocates, through its query's `QueryMemory`; a reservation that would pass `limit` stops that
/// query with "memory limit of N reached in <operator>" and gives back what it held, leaving the
/// process and every other query as they were.
///
/// The default is half of the smallest of physical memory, the cgroup's `memory.max` and
/// `RLIMIT_AS`; `PARCOURS_MEMORY_LIMIT`, `--memory-limit` and `SET memory_limit` override it.
public final class MemoryBudget: Sendable {
    private let limitBytes: Atomic<Int>
    private let usedBytes = Atomic<Int>(0)

    public init(limit: Int) {
        limitBytes = Atomic(max(0, limit))
    }

    /// The process's budget, shared by every query engine that is not given its own.
    public static let process = MemoryBudget(limit: MemoryBudget.environmentLimit ?? MemoryBudget.defaultLimit)

    public var limit: Int { limitBytes.load(ordering: .relaxed) }
    public var used: Int { usedBytes.load(ordering: .relaxed) }

    /// Changes the limit (queries already over it fail at their next reservation).
    public func setLimit(_ bytes: Int) { limitBytes.store(max(0, bytes), ordering: .relaxed) }

    /// Takes `bytes` from the budget, or returns false (taking nothing) when that would pass the limit.
    func take(_ bytes: Int) -> Bool {
        var current = usedBytes.load(ordering: .relaxed)
        while true {
            let (total, overflow) = current.addingReportingOverflow(bytes)
            guard !overflow, total <= limit else { return false }
            let (exchanged, original) = usedBytes.compareExchange(expected: current, desired: total, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
    }

    func giveBack(_ bytes: Int) {
        usedBytes.subtract(bytes, ordering: .relaxed)
    }

    // MARK: The default and its overrides

    /// Half of the smallest of physical memory, the cgroup's limit and the address-space limit.
    public static var defaultLimit: Int {
        var smallest = physicalMemory
        if let cgroup = cgroupLimit { smallest = min(smallest, cgroup) }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur < UInt64(Int.max) {
            smallest = min(smallest, Int(limit.rlim_cur))
        }
        return smallest / 2
    }

    static var physicalMemory: Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return Int.max }
        return pages.multipliedReportingOverflow(by: size).overflow ? Int.max : pages * size
    }

    /// The cgroup v2 `memory.max` (or v1 `memory.limit_in_bytes`) of this process, nil when unlimited.
    static var cgroupLimit: Int? {
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if value == "max" { return nil }
            if let bytes = Int(value), bytes > 0, bytes < Int.max / 2 { return bytes }
        }
        return nil
    }

    /// `PARCOURS_MEMORY_LIMIT` when set and valid (an invalid value is ignored here; the CLI
    /// reports it).
    static var environmentLimit: Int? {
        ProcessInfo.processInfo.environment["PARCOURS_MEMORY_LIMIT"].flatMap { try? parse($0) }
    }

    /// Bytes from a size as DuckDB writes it: `4GB`, `512 MiB`, `1.5GB`, `100000` (bytes); KB, MB,
    /// GB and TB are powers of 1000, KiB, MiB, GiB and TiB of 1024.
    public static func parse(_ text: String) throws(QueryError) -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isNumber || $0 == "." }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).uppercased()
        let units: [String: Double] = ["": 1, "B": 1, "BYTES": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
                                       "KIB": 1024, "MIB": 1_048_576, "GIB": 1_073_741_824, "TIB": 1_099_511_627_776]
        guard let number = Double(digits), number.isFinite, let scale = units[unit] else {
            throw .execution("'\(text)' is not a memory size (write e.g. 4GB, 512MiB or a number of bytes)")
        }
        let bytes = number * scale
        guard bytes >= 1, bytes < Double(Int.max / 2) else { throw .execution("'\(text)' is not a usable memory size") }
        return Int(bytes)
    }

    /// A size for messages: `4.0 GB`, `512.0 MB`.
    public static func describe(_ bytes: Int) -> String {
        let units = [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)]
        for (name, scale) in units where Double(bytes) >= scale {
            return String(format: "%.1f %@", Double(bytes) / scale, name)
        }
        return "\(bytes) bytes"
    }
}

/// One query's reservations against a `MemoryBudget`, given back when the query ends (this
/// object is released) whether it succeeded or failed.
final class QueryMemory: @unchecked Sendable {
    let budget: MemoryBudget
    private let reserved = Atomic<Int>(0)

    init(budget: MemoryBudget) {
        self.budget = budget
    }

    var reservedBytes: Int { reserved.load(ordering: .relaxed) }

    func reserve(_ bytes: Int, for operatorName: String) throws(QueryError) {
        guard bytes > 0 else { return }
        guard budget.take(bytes) else {
            throw .memoryLimit("memory limit of \(MemoryBudget.describe(budget.limit)) reached in \(operatorName)"
                               + " (SET memory_limit = '…' or --memory-limit to change it)")
        }
        reserved.add(bytes, ordering: .relaxed)
    }

    /// Gives back part of what was reserved (an operator that reserved for the worst case).
    func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        reserved.subtract(bytes, ordering: .relaxed)
        budget.giveBack(bytes)
    }

    deinit {
        budget.giveBack(reserved.load(ordering: .relaxed))
    }
}
