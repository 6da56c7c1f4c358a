import Foundation
import Query
import StorageTestSupport
import Support
import Testing

/// No input stops the process: random token soups, and mutations (tokens dropped, duplicated,
/// swapped, replaced) of every record's query and of generated queries, all executed by
/// `parcours query` under an address-space limit (`ulimit -v`: 4 GB, so the default memory budget
/// is 2 GB). Each statement gives an answer or a typed error ("error: …" on stderr); the process
/// must read to the end of its input and exit normally. `PARCOURS_CRASH_FUZZ` sets the count.
@Suite struct CrashFuzzTests {
    static let count = Int(ProcessInfo.processInfo.environment["PARCOURS_CRASH_FUZZ"] ?? "") ?? 3_000
    static let vocabulary = ParserFuzzTests.vocabulary + ["nulls_50", "pathways", "g", "t", "d", "k", "x", "i", "b", "f", "GROUPING", "SETS",
                                                            "ROLLUP", "CUBE", "round", "coalesce", "quantile_disc", "-9223372036854775808",
                                                            "9223372036854775807", "DATE '0001-01-01'", "1e308", "SET", "memory_limit", "'1KB'",
                                                            "DECIMAL(38,37)", "DECIMAL(38,0)", "DECIMAL(3,1)", "HUGEINT", "::",
                                                            "170141183460469231731687303715884105727", "0.5", "1.005", "'1e-32768'",
                                                            "'99.96'", "floor", "ceil", "abs", "sum", "median", "quantile_cont"]

    static func statements() -> [String] {
        var random = SplitMix64(seed: 2026)
        var statements: [String] = []
        func mutate(_ sql: String) -> String {
            StatementMutation.mutate(sql, edits: 1...3, vocabulary: vocabulary, random: &random)
        }
        let records = RecordTests.records.map(\.sql)
        var generator = QueryGenerator(seed: 2027)
        for index in 0..<count {
            switch index % 3 {
            case 0: statements.append((0..<Int.random(in: 1...30, using: &random)).map { _ in vocabulary.randomElement(using: &random)! }.joined(separator: " "))
            case 1: statements.append(mutate(records[Int.random(in: 0..<records.count, using: &random)]))
            default: statements.append(mutate(generator.query()))
            }
        }
        // Comments, quotes and `;` inside a statement would change how the prompt splits them; a
        // line starting with `.` is a dot command (`.quit` ends the session).
        return statements.map { $0.replacingOccurrences(of: ";", with: " ").replacingOccurrences(of: "--", with: "- -") }
            .filter { $0.filter { $0 == "'" }.count % 2 == 0 && !$0.contains("/*") && !$0.contains("\"") && !$0.hasPrefix(".") }
    }

    @Test func randomAndMutatedStatementsNeverStopTheProcess() throws {
        let store = try RecordStores.shared.path(.defaults)
        let statements = Self.statements()
        #expect(statements.count > Self.count * 8 / 10)
        let input = NSTemporaryDirectory() + "parcours-crash-fuzz-\(getpid()).sql"
        defer { if ProcessInfo.processInfo.environment["PARCOURS_KEEP_FUZZ_INPUT"] == nil { try? FileManager.default.removeItem(atPath: input) } }
        // The memory limit first: statements that SET it differently still end under the address-space limit.
        try (statements.map { $0 + ";\n" }.joined() + "SELECT 'end of input' AS marker;\n").write(toFile: input, atomically: true, encoding: .utf8)
        let command = "ulimit -v 4000000; exec \"$0\" query \"$1\" --threads 2 --mode csv < \"$2\""
        let child = try ChildProcess("/bin/sh", ["-c", command, QueryCommandTests.parcoursPath, store, input])
        let run = child.collect()
        #expect(run.status == 0, "the process stopped (status \(run.status)): \(run.errors.suffix(3_000))")
        #expect(run.output.contains("end of input"), "the process did not read to the end")
        let errors = run.errors.split(separator: "\n")
        let untyped = errors.filter { !$0.hasPrefix("error: ") && !$0.hasPrefix("  ") }
        #expect(untyped.isEmpty, "lines on stderr that are not typed errors: \(untyped.prefix(5))")
        #expect(errors.count > statements.count / 3, "most mutated statements should fail: \(errors.count) errors")
    }
}
