import Foundation
import Query
import StorageTestSupport
import Testing

/// `parcours query` as a user runs it: SQL as an argument or in a file, the output modes, the
/// interactive prompt's dot commands, errors on stderr with a non-zero exit.
@Suite struct QueryCommandTests {
    static var parcoursPath: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("parcours").path
    }

    func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let child = try ChildProcess(Self.parcoursPath, arguments)
        let run = child.collect()
        return (run.status, run.output, run.errors)
    }

    var store: String { Fixture.shared.directory }

    /// The interactive prompt fed `input` on standard input (not a terminal: no prompt printed).
    func prompt(_ input: String) throws -> (status: Int32, output: String, errors: String) {
        let child = try ChildProcess("/bin/sh", ["-c", "printf '%s' \"$0\" | \"$1\" query \"$2\"", input, Self.parcoursPath, store])
        return child.collect()
    }

    @Test func outputModes() throws {
        let sql = "SELECT certifier, count(*) AS n FROM p WHERE certifier IN ('SUP', 'AGRI') GROUP BY certifier ORDER BY certifier"
        let expected = try Fixture.shared.single.query(sql).rows
        let csv = try run(["query", store, sql, "--mode", "csv"])
        #expect(csv.status == 0)
        #expect(csv.output == "certifier,n\nAGRI,\(expected[0][1])\nSUP,\(expected[1][1])\n")
        let json = try run(["query", store, sql, "--mode", "json"])
        #expect(json.output == "{\"certifier\":\"AGRI\",\"n\":\(expected[0][1])}\n{\"certifier\":\"SUP\",\"n\":\(expected[1][1])}\n")
        let table = try run(["query", store, sql, "--mode", "table"])
        #expect(table.output.hasPrefix("certifier") && table.output.contains("(2 rows)"))
    }

    /// CSV for the tools that read it back: a one-column NULL is not a blank line (readers skip
    /// those, and the row would be lost), an empty string is `""` (an empty field is NULL), a text
    /// that reads as a number is quoted (a department '05' stays text for a reader honouring quotes).
    @Test func csvThatReadersReadBack() throws {
        let null = try run(["query", store, "SELECT CAST(NULL AS VARCHAR) AS x", "--mode", "csv"])
        #expect(null.output == "x\n\"\"\n")
        let mixed = try run(["query", store, "SELECT '05' AS d, '' AS e, CAST(NULL AS VARCHAR) AS f, 5 AS n, '1e3' AS s, 'a,b' AS t",
                             "--mode", "csv"])
        #expect(mixed.output == "d,e,f,n,s,t\n\"05\",\"\",,5,\"1e3\",\"a,b\"\n")
        // Python's csv module reads the NULL row as a row; with quotes honoured as types
        // (QUOTE_NONNUMERIC), '05' stays text and 5 is a number.
        #expect(try CopyTests.python("import csv, sys; print(list(csv.reader(open(sys.argv[1]))))", [try Self.write(null.output)])
                == "[['x'], ['']]\n")
        let numbers = try run(["query", store, "SELECT '05' AS d, 5 AS n, '-1.50' AS s", "--mode", "csv"])
        let quoting = "import csv, sys; print(list(csv.reader(open(sys.argv[1]).readlines()[1:], quoting=csv.QUOTE_NONNUMERIC)))"
        #expect(try CopyTests.python(quoting, [try Self.write(numbers.output)]) == "[['05', 5.0, '-1.50']]\n")
    }

    static func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "parcours-csv-output-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func scriptFileAndErrors() throws {
        let file = NSTemporaryDirectory() + "parcours-query-\(getpid()).sql"
        try "-- two statements\nSELECT 1 AS one;\nSELECT 'a;b' AS text;\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let script = try run(["query", store, "-f", file, "--mode", "csv"])
        #expect(script.status == 0)
        #expect(script.output == "one\n1\n\ntext\na;b\n", "in CSV, result sets are separated by a blank line")
        let bad = try run(["query", store, "SELECT levle FROM p", "--mode", "csv"])
        #expect(bad.status != 0)
        #expect(bad.output.isEmpty)
        #expect(bad.errors.contains("line 1, column 8: no column named levle (did you mean level?)"))
    }

    @Test func interactivePrompt() throws {
        let input = ".tables\n.mode csv\nSELECT count(*)\n  AS n FROM r;\n.mode json\nSELECT 2 AS two;\n.quit\n"
        let run = try prompt(input)
        #expect(run.status == 0)
        #expect(run.output == "p\nr\nn\n7\n{\"two\":2}\n")
    }

    /// A statement with a lexical error ends at its `;` like any other: the prompt reports it and
    /// runs the next statements (it used to wait for more input forever); a string may still run
    /// over several lines, `;` included.
    @Test func thePromptGoesOnAfterALexicalError() throws {
        let input = ".mode csv\nSELECT 1KB;\nSELECT 'a;\nb' AS s;\nSELECT 2 AS two; -- done\n/* ; */ SELECT 3 AS three;\n"
        let run = try prompt(input)
        #expect(run.status == 0)
        #expect(run.output == "s\n\"a;\nb\"\n\ntwo\n2\n\nthree\n3\n")
        #expect(run.errors.contains("a number runs into letters"))
    }

    /// Ctrl-C during a statement cancels it and the prompt runs the next one. The statement is
    /// held at its first chunk (`PARCOURS_FAILPOINT=query.chunk`) until the interrupt arrives:
    /// the test sends SIGINT once the process says it is there, never after a guessed delay.
    @Test func controlCCancelsTheRunningStatementAndThePromptGoesOn() throws {
        let input = NSTemporaryDirectory() + "parcours-interrupt-\(getpid()).sql"
        try "SELECT count(*) FROM p;\nSELECT 42 AS answer;\n".write(toFile: input, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: input) }
        let child = try ChildProcess("/bin/sh", ["-c", "PARCOURS_FAILPOINT=query.chunk exec \"$0\" query \"$1\" --threads 1 < \"$2\"",
                                                 Self.parcoursPath, store, input])
        let before = child.readErrors(until: "failpoint query.chunk reached")
        #expect(before.contains("failpoint query.chunk reached"))
        kill(child.pid, SIGINT)
        let run = child.collect()
        #expect(run.status == 0)
        #expect(run.errors.contains("the query was cancelled"))
        #expect(run.output == "answer\n42\n")
    }

    /// An error quoting a string that runs over two lines is still one line on stderr: the
    /// crash fuzzer reads stderr line by line, and so does anyone scripting the prompt.
    @Test func anErrorIsOneLineWhateverItQuotes() throws {
        let input = ".mode csv\nSELECT 1 FROM 'a\nb\u{1B}[31m';\nSELECT 2 AS two;\n"
        let run = try prompt(input)
        #expect(run.status == 0)
        #expect(run.output == "two\n2\n")
        #expect(run.errors.split(separator: "\n").count == 1)
        #expect(run.errors.contains("'a\\nb\\u{1B}[31m'"), "\(run.errors)")
    }
}
