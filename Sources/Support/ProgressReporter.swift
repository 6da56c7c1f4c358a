import Foundation

/// Shows how a long run is going: on a terminal, one line rewritten in place (rows done, rate,
/// ETA); when output is piped or in CI, a plain line every few seconds, never control characters.
public final class ProgressReporter: @unchecked Sendable {
    private let label: String
    private let total: Int?
    private let interactive: Bool
    private let start = Date()
    private var lastReport = Date.distantPast
    private let interval: TimeInterval
    private let lock = NSLock()

    /// Reports to standard error. `total` (when known) gives a percentage and an ETA.
    public init(label: String, total: Int?) {
        self.label = label
        self.total = total
        interactive = isatty(2) != 0
        interval = interactive ? 0.2 : 5
    }

    public func update(_ done: Int, unit: String = "rows") {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastReport) >= interval else { return }
        lastReport = now
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var line = "\(label): \(done) \(unit), \(Self.rate(rate)) \(unit)/s"
        if let total, total > 0, rate > 0 {
            let remaining = Double(total - done) / rate
            line += String(format: ", %.0f%%, ETA %.0fs", 100 * Double(done) / Double(total), remaining)
        }
        FileHandle.standardError.write(Data(((interactive ? "\r\u{1B}[K" : "") + line + (interactive ? "" : "\n")).utf8))
    }

    /// Clears the in-place line (terminal only).
    public func finish() {
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func rate(_ value: Double) -> String {
        value >= 1e6 ? String(format: "%.2fM", value / 1e6) : value >= 1e3 ? String(format: "%.1fk", value / 1e3) : String(format: "%.0f", value)
    }
}
