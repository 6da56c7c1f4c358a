import Foundation

/// The readers the Parquet and export tests check files with: Python's duckdb and pyarrow.
enum ParquetReaders {
    /// Whether the tests run: when both modules import, or when `PARCOURS_REQUIRE_PYARROW=1`
    /// (`make test`) makes their absence a failure.
    static let available: Bool = {
        if ProcessInfo.processInfo.environment["PARCOURS_REQUIRE_PYARROW"] == "1" { return true }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import duckdb, pyarrow"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()
}
