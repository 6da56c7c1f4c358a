import ArgumentParser
import Foundation
import Query
import Storage
import Support

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run SQL over a store (DuckDB's dialect); with no SQL, an interactive prompt.",
        discussion: """
            Tables: pathways (see docs/QUERY.md). EXPLAIN and EXPLAIN ANALYZE before a query show its plan.
            At the prompt, statements end with ';'; .tables, .schema [TABLE], .mode table|csv|json, .timer on|off, .quit.
            """)

    @Argument(help: "The store folder.")
    var store: String

    @Argument(help: "The SQL to run (several statements separated by ';').")
    var sql: String?

    @Option(name: [.customShort("f"), .customLong("file")], help: "Read the SQL from this file.")
    var file: String?

    @Option(help: "Output: table (default on a terminal), csv (default otherwise) or json (JSON lines).")
    var mode: String?

    @Option(name: .customLong("as-of"), help: "Read this older snapshot (see `parcours log`).")
    var asOf: Int64?

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    @Flag(help: "Print each statement's time to stderr.")
    var timer = false

    @Option(name: .customLong("memory-limit"), help: ArgumentHelp("The memory queries may hold, e.g. 4GB or 512MiB (default: half of the machine's, the cgroup's or the address-space limit, whichever is smallest; also PARCOURS_MEMORY_LIMIT, SET memory_limit).", valueName: "size"))
    var memoryLimit: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("A value for a $name parameter in the SQL: NAME=VALUE (an integer, a decimal or a string); repeatable.", valueName: "name=value"))
    var parameters: [String] = []

    /// `name=value` pairs: integers and decimals as numbers (as DuckDB binds Python's), the rest as strings.
    static func parse(_ pairs: [String]) throws -> [String: Literal] {
        var values: [String: Literal] = [:]
        for pair in pairs {
            guard let equal = pair.firstIndex(of: "="), equal != pair.startIndex else {
                throw ValidationError("--param takes NAME=VALUE (e.g. --param year=2023), not '\(pair)'")
            }
            let name = pair[..<equal].lowercased(), text = String(pair[pair.index(after: equal)...])
            if Int64(text) != nil {
                values[name] = .integer(Int64(text)!)
            } else if Double(text) != nil, text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) {
                values[name] = .decimal(text)
            } else {
                values[name] = .string(text)
            }
        }
        return values
    }

    func run() throws {
        guard sql == nil || file == nil else { throw ValidationError("give the SQL as an argument or with -f, not both") }
        AllocatorTuning.keepFreedBlocks()
        try MemoryLimitOption.apply(memoryLimit)
        var session = try QuerySession(
            engine: QueryEngine(snapshot: Store.open(at: store).snapshot(asOf: asOf), threads: threads ?? QueryEngine.defaultThreads,
                                cancellation: Interrupt.cancellation),
            mode: try mode.map { name in
                guard let mode = OutputMode(rawValue: name) else { throw ValidationError("--mode takes table, csv or json") }
                return mode
            } ?? OutputMode.terminalDefault,
            timer: timer, parameters: try QueryCommand.parse(parameters))
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ValidationError("cannot read \(file)")
            }
            if !session.runScript(text) { throw ExitCode(1) }
        } else if let sql {
            if !session.runScript(sql) { throw ExitCode(1) }
        } else {
            session.interactive()
        }
    }
}

/// A query session: runs statements, prints results in the chosen mode, handles dot commands.
struct QuerySession {
    let engine: QueryEngine
    var mode: OutputMode
    var timer: Bool
    /// The values of `$name` parameters, the same for every statement.
    var parameters: [String: Literal] = [:]
    /// Whether a result set was printed (in CSV, the next comes after a blank line).
    var printedResult = false

    /// Runs every statement of `text`; stops at the first error (printed to stderr). Returns success.
    mutating func runScript(_ text: String) -> Bool {
        let statements = StatementSplitter.split(text)
        for statement in statements where !runStatement(statement) { return false }
        return true
    }

    private mutating func runStatement(_ statement: String) -> Bool {
        let start = ContinuousClock.now
        // Ctrl-C while the statement runs stops the statement, not the session.
        Interrupt.whileRunning(engine.cancellation)
        defer { Interrupt.restore() }
        do {
            switch try engine.run(statement, parameters: parameters) {
            case .rows(let result):
                // In CSV, result sets after the first come after a blank line: a reader splitting
                // on blank lines finds each with its header.
                if mode == .csv && printedResult { print("") }
                print(mode.render(result))
                printedResult = true
            case .plan(let text), .message(let text): print(text)
            }
        } catch {
            report(error)
            return false
        }
        if timer { FileHandle.standardError.write(Data("time: \(ContinuousClock.now - start)\n".utf8)) }
        return true
    }

    /// One line per error: the user's text it quotes (a string literal over several lines, a
    /// control character) is escaped, so a reader of stderr sees where each error ends.
    private func report(_ error: Error) {
        FileHandle.standardError.write(Data("error: \(Printable.escaped(String(describing: error)))\n".utf8))
    }

    /// Reads statements from stdin until end of input or `.quit`.
    mutating func interactive() {
        let prompt = isatty(STDIN_FILENO) != 0
        var pending = ""
        while true {
            if prompt {
                print(pending.isEmpty ? "parcours> " : "      ...> ", terminator: "")
                fflush(nil) // every stream: the prompt has no newline
            }
            guard let line = readLine() else { break }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if pending.isEmpty, trimmed.hasPrefix(".") {
                if !dotCommand(trimmed) { break }
                continue
            }
            pending += (pending.isEmpty ? "" : "\n") + line
            let complete = StatementSplitter.completeStatements(pending)
            for statement in complete.statements { _ = runStatement(statement) }
            pending = complete.rest
        }
        if !pending.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { _ = runScript(pending) }
    }

    /// Handles `.tables`, `.schema`, `.mode`, `.timer`, `.quit`; returns false to leave.
    private mutating func dotCommand(_ line: String) -> Bool {
        let words = line.split(separator: " ").map(String.init)
        switch words[0] {
        case ".quit", ".exit": return false
        case ".tables": print(engine.snapshot.tables.map(\.name).sorted().joined(separator: "\n"))
        case ".schema":
            for table in engine.snapshot.tables where words.count < 2 || table.name == words[1] {
                let columns = table.schema.columns.map { "  \($0.name) \(SQLType($0.type))\($0.nullable ? "" : " NOT NULL")" }
                print("CREATE TABLE \(table.name) (\n\(columns.joined(separator: ",\n"))\n);")
            }
        case ".mode":
            if words.count == 2, let mode = OutputMode(rawValue: words[1]) { self.mode = mode } else { print("usage: .mode table|csv|json") }
        case ".timer":
            if words.count == 2, ["on", "off"].contains(words[1]) { timer = words[1] == "on" } else { print("usage: .timer on|off") }
        case ".help":
            print(".tables  .schema [TABLE]  .mode table|csv|json  .timer on|off  .quit")
        default:
            FileHandle.standardError.write(Data("error: unknown command \(words[0]) (try .help)\n".utf8))
        }
        return true
    }
}
