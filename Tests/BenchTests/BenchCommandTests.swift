import Foundation
import StorageTestSupport
import Testing

/// `parcours bench --work` never removes what it did not write.
@Suite("Bench command")
struct BenchCommandTests {
    static var parcoursPath: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("parcours").path
    }

    static func bench(work: String) throws -> (status: Int32, output: String) {
        let child = try ChildProcess(parcoursPath, ["bench", "storage", "--rows", "2000", "--runs", "1", "--work", work])
        let run = child.collect()
        return (run.status, run.output + run.errors)
    }

    @Test("a non-empty --work is refused and left as it was; an empty one is emptied again, a new one removed")
    func workFolder() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.parcoursPath), "build the parcours executable first")
        let root = NSTemporaryDirectory() + "parcours-bench-work-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let precious = root + "/precious"
        try FileManager.default.createDirectory(atPath: precious, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: precious + "/thesis.txt"))
        let refused = try Self.bench(work: precious)
        #expect(refused.status != 0 && refused.output.contains("is not empty"), "\(refused.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: precious) == ["thesis.txt"])

        let empty = root + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let ran = try Self.bench(work: empty)
        #expect(ran.status == 0, "\(ran.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty).isEmpty, "what the run wrote is gone; the folder stays")

        let fresh = root + "/fresh"
        #expect(try Self.bench(work: fresh).status == 0)
        #expect(!FileManager.default.fileExists(atPath: fresh), "a folder the run made is removed")
    }
}
