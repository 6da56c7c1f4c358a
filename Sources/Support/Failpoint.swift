import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Named points where a test can stop the process, deterministically: `PARCOURS_FAILPOINT=NAME`
/// acts the first time the process reaches `NAME`, `PARCOURS_FAILPOINT=NAME@N` the N-th time.
/// The points of a write kill the process (SIGKILL, as a power cut would stop it); `query.chunk`
/// pauses a query between two chunks until it is cancelled, so that a test can interrupt a
/// running statement without guessing how long it runs. Unset, a point costs one comparison of a
/// nil (the variable is read once); points sit on paths run per segment file, commit or chunk.
public enum Failpoint {
    /// The points of a commit, in the order it reaches them.
    public static let names = ["store.segment-written", "store.segments-renamed", "store.before-catalog-commit", "store.committed"]
    /// The points where a query pauses.
    public static let pauseNames = ["query.chunk"]

    private static let armed: (name: String, hit: Int)? = {
        guard let raw = getenv("PARCOURS_FAILPOINT") else { return nil }
        let text = String(cString: raw)
        let parts = text.split(separator: "@", maxSplits: 1)
        guard let name = parts.first.map(String.init), names.contains(name) || pauseNames.contains(name) else { return nil }
        let hit = parts.count == 2 ? Int(parts[1]) ?? 1 : 1
        return (name, max(1, hit))
    }()

    private static let reached = Atomic<Int>(0)

    /// Kills the process here if this point is armed and reached for the armed time.
    public static func reach(_ name: String) {
        guard let armed, armed.name == name else { return }
        if reached.add(1, ordering: .relaxed).newValue == armed.hit { kill(getpid(), SIGKILL) }
    }

    /// Pauses here if this point is armed and reached for the armed time: writes `failpoint NAME
    /// reached` on standard error, then waits until `resume()` holds (checked every millisecond:
    /// the test's signal decides when, not a delay). After a minute without it, goes on (a
    /// broken interrupt then fails its test instead of hanging it).
    public static func pause(_ name: String, until resume: () -> Bool) {
        guard let armed, armed.name == name, reached.add(1, ordering: .relaxed).newValue == armed.hit else { return }
        let marker = "failpoint \(name) reached\n"
        _ = marker.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, marker.utf8.count) }
        var waited = 0
        while !resume(), waited < 60_000 {
            usleep(1_000)
            waited += 1
        }
    }
}
