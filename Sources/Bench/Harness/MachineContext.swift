import CSQLite
import Foundation

/// What a benchmark ran on, recorded beside its figures (results are meaningless without it).
public enum MachineContext {
    public static func describe() -> [String: String] {
        var context: [String: String] = [:]
        context["cores"] = String(ProcessInfo.processInfo.activeProcessorCount)
        context["memory"] = String(format: "%.0f GiB", Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824)
        if let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
            .split(separator: "\n").first(where: { $0.hasPrefix("model name") })?.split(separator: ":").last {
            context["cpu"] = cpu.trimmingCharacters(in: .whitespaces)
        }
        context["sqlite"] = String(cString: sqlite3_libversion())
        context["date"] = ISO8601DateFormatter().string(from: Date())
        #if DEBUG
        context["build"] = "debug (do not compare timings)"
        #else
        context["build"] = "release"
        #endif
        return context
    }
}
