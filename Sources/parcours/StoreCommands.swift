import ArgumentParser
import Ingest
import Storage

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create an empty store (a folder with a catalog and segment files).")

    @Argument(help: "Folder of the new store (must not exist, or be empty).")
    var store: String

    @Option(help: ArgumentHelp("What its pathways cover: national (France can be computed from it) or regional (one region and strays).", valueName: "scope"))
    var scope: String?

    func validate() throws {
        if let scope, StoreScope(rawValue: scope) == nil { throw ValidationError("--scope is national or regional, not \(scope)") }
    }

    func run() throws {
        let created = try Store.create(at: store)
        if let scope = scope.flatMap(StoreScope.init(rawValue:)) {
            try IngestLedger(created).declare(scope)
        }
        print("created store \(store)" + (scope.map { " (\($0))" } ?? ""))
    }
}

struct ScopeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scope",
        abstract: "Show or declare what a store's pathways cover: national (France can be computed from it) or regional.")

    @Argument(help: "The store folder.")
    var store: String

    @Argument(help: "national or regional (absent: show the declared scope).")
    var scope: String?

    func validate() throws {
        if let scope, StoreScope(rawValue: scope) == nil { throw ValidationError("the scope is national or regional, not \(scope)") }
    }

    func run() throws {
        let ledger = try IngestLedger(Store.open(at: store, forWriting: scope != nil))
        if let scope = scope.flatMap(StoreScope.init(rawValue:)) {
            try ledger.declare(scope)
            print("store \(store) declared \(scope.rawValue)")
        } else {
            print(try ledger.scope()?.rawValue ?? "not declared (treated as regional)")
        }
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a whole store: catalog consistency, every segment and chunk (checksums, footers, statistics), the ingest ledger; exit 1 on any fault.")

    @Argument(help: "The store folder.")
    var store: String

    func run() throws {
        let opened = try Store.open(at: store)
        var report = try opened.verify()
        report.problems += try IngestLedger(opened).consistencyProblems()
        for problem in report.problems { print("FAULT  \(Format.printable(problem))") }
        for file in report.unreferencedFiles {
            print("note   \(file) is named by no snapshot (left by an interrupted commit; removed at the next write)")
        }
        print("\(report.segmentsChecked) segments, \(report.chunksChecked) chunks, \(Format.count(report.rowsChecked)) rows checked: "
              + (report.isHealthy ? "ok" : "\(report.problems.count) fault(s)"))
        if !report.isHealthy { throw ExitCode(1) }
    }
}

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "List the snapshots (committed changes) of a store.")

    @Argument(help: "The store folder.")
    var store: String

    func run() throws {
        let rows = try Store.open(at: store).log().map { info in
            [String(info.id), info.createdAt, info.operation, info.tableName ?? "",
             info.rowsAdded > 0 ? Format.count(info.rowsAdded) : "",
             info.rowsDeleted > 0 ? Format.count(info.rowsDeleted) : "", info.note ?? ""]
        }
        print(TextTable(header: ["snapshot", "created (UTC)", "operation", "table", "rows added", "superseded", "note"],
                        rows: rows, rightAligned: [0, 4, 5]).rendered)
    }
}
