import Foundation

/// The process's peak resident set since the last `reset` (Linux's VmHWM, which writing "5" to
/// /proc/self/clear_refs resets), so each benchmark case reports its own peak rather than the
/// process's lifetime maximum. Falls back to getrusage's lifetime peak where /proc is missing.
public enum MemoryHighWater {
    public static func reset() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// Bytes.
    public static func current() -> Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") {
            return kilobytes * 1024
        }
        return BenchRunner.peakRSSBytes()
    }
}
