import Foundation
import StorageTestSupport

/// The outside programs some indicator tests need, and whether they are here. A test that needs one
/// is skipped when it is absent, unless the environment requires it (CI installs both and sets
/// PARCOURS_REQUIRE_DUCKDB=1 and PARCOURS_REQUIRE_CHROMIUM=1, so that a missing one fails).
enum Peers {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var duckdb: Bool {
        if ProcessInfo.processInfo.environment["PARCOURS_REQUIRE_DUCKDB"] == "1" { return true }
        guard let child = try? ChildProcess("/usr/bin/env", ["python3", "-c", "import duckdb"]) else { return false }
        return child.waitForExit() == 0
    }

    /// Debian's `chromium` (or `chromium-browser`), found on PATH.
    static var chromium: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    static var chromiumEnabled: Bool {
        ProcessInfo.processInfo.environment["PARCOURS_REQUIRE_CHROMIUM"] == "1" || chromium != nil
    }

    /// Debian's `chromedriver` (package chromium-driver), found on PATH.
    static var chromedriver: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/chromedriver" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Whether the browser layout tests run: Selenium (Python) and chromedriver both here, or
    /// required (`make test`: PARCOURS_REQUIRE_CHROMIUM=1, installed by scripts/install-test-peers).
    static var seleniumEnabled: Bool {
        if ProcessInfo.processInfo.environment["PARCOURS_REQUIRE_CHROMIUM"] == "1" { return true }
        guard chromium != nil, chromedriver != nil, let child = try? ChildProcess("/usr/bin/env", ["python3", "-c", "import selenium"]) else { return false }
        return child.waitForExit() == 0
    }
}
