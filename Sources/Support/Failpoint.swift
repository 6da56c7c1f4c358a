import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Named points of a write where a crash test can have the process killed, deterministically:
/// `PARCOURS_FAILPOINT=NAME` kills it (SIGKILL, as a power cut would stop it) the first time it
/// reaches `NAME`, `PARCOURS_FAILPOINT=NAME@N` the N-th time. Unset, a point costs one comparison
/// of a nil (the variable is read once); points sit on cold paths (per segment file, per commit).
public enum Failpoint {
    /// The points, in the order a commit reaches them.
    public static let names = ["store.segment-written", "store.segments-renamed", "store.before-catalog-commit", "store.committed"]

    private static let armed: (name: String, hit: Int)? = {
        guard let raw = getenv("PARCOURS_FAILPOINT") else { return nil }
        let text = String(cString: raw)
        let parts = text.split(separator: "@", maxSplits: 1)
        guard let name = parts.first.map(String.init), names.contains(name) else { return nil }
        let hit = parts.count == 2 ? Int(parts[1]) ?? 1 : 1
        return (name, max(1, hit))
    }()

    private static let reached = Atomic<Int>(0)

    /// Kills the process here if this point is armed and reached for the armed time.
    public static func reach(_ name: String) {
        guard let armed, armed.name == name else { return }
        if reached.add(1, ordering: .relaxed).newValue == armed.hit { kill(getpid(), SIGKILL) }
    }
}
