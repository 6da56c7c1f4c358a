import Storage

/// Runs SQL over one pinned snapshot of a store: parse, bind, optimise, execute.
///
/// The snapshot never changes under a query (a later commit is invisible to it), so a query and
/// its EXPLAIN see the same data. `threads` workers share the segments of each scan; with one
/// thread everything runs on the caller's thread. Queries only read: nothing they do, even
/// failing, touches the store.
public struct QueryEngine: Sendable {
    public let snapshot: Snapshot
    public let threads: Int
    /// How queries run (chunk size, fast paths); the answers never depend on it.
    public let settings: ExecutionSettings
    /// The memory its queries may hold (shared with every engine given the same budget).
    public let budget: MemoryBudget
    /// Set (from any thread, or a signal handler) to stop the running query; reset it before
    /// the next one.
    public let cancellation: QueryCancellation?
    /// Queries that stand in for tables of the snapshot in every statement (a population
    /// restricted to some rows: `["pathways": "SELECT * FROM pathways WHERE department IN (…)"]`).
    /// A view's own reference to its table reads the table; a statement's CTE of the same name
    /// hides the view, as it would hide the table.
    public let views: [String: String]

    public init(snapshot: Snapshot, threads: Int = QueryEngine.defaultThreads, settings: ExecutionSettings = .standard,
                budget: MemoryBudget = .process, cancellation: QueryCancellation? = nil, views: [String: String] = [:]) {
        self.snapshot = snapshot
        self.threads = max(1, threads)
        self.settings = settings
        self.budget = budget
        self.cancellation = cancellation
        self.views = views
    }

    /// The same engine with `views` standing in for tables.
    public func restricted(_ views: [String: String]) -> QueryEngine {
        QueryEngine(snapshot: snapshot, threads: threads, settings: settings, budget: budget, cancellation: cancellation, views: views)
    }

    /// The cores available to this process.
    public static var defaultThreads: Int {
        max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// What a statement asks for: rows, or the text of its plan.
    public enum Output: Sendable {
        case rows(QueryResult)
        case plan(String)
        /// What a `SET` statement did.
        case message(String)
    }

    /// Runs one statement; `EXPLAIN` and `EXPLAIN ANALYZE` before a query return its plan.
    /// `parameters` give the values of the statement's `$name` parameters (by name, without `$`).
    public func run(_ sql: String, parameters: [String: Literal] = [:]) throws(QueryError) -> Output {
        // On a thread whose stack holds the deepest statement the parser accepts.
        try QueryThread.run { Result { () throws(QueryError) in try runHere(sql, parameters: parameters) } }.get()
    }

    private func runHere(_ sql: String, parameters: [String: Literal]) throws(QueryError) -> Output {
        let tokens: [Token]
        do { tokens = try Lexer.tokens(sql) } catch { throw .sql(error) }
        var body = sql
        var analyze: Bool? // nil: not an EXPLAIN
        if let first = tokens.first, first.isWord("SET") { return .message(try SetStatement.run(tokens, budget: budget)) }
        if let first = tokens.first, first.isWord("COPY") {
            let copy = try CopyStatement.parse(tokens, sql: sql)
            let rows = try write(copy.query, parameters: parameters, to: copy.path, options: copy.options)
            return .message("\(rows) row\(rows == 1 ? "" : "s") written to \(copy.path)")
        }
        if let first = tokens.first, first.isWord("EXPLAIN") {
            analyze = tokens.count > 1 && tokens[1].isWord("ANALYZE")
            let start = (analyze! ? tokens[2] : tokens[1]).position.offset
            body = String(Array(sql).dropFirst(start)) // token offsets count characters
        }
        let plan = try self.plan(body, parameters: parameters)
        guard let analyze else { return .rows(try execute(plan)) }
        if analyze {
            let started = ContinuousClock.now
            let result = try execute(plan)
            let elapsed = ContinuousClock.now - started
            return .plan(Explain.render(plan, analyzed: true) + "\n\(result.rowCount) row\(result.rowCount == 1 ? "" : "s") in \(elapsed)")
        }
        return .plan(Explain.render(plan, analyzed: false))
    }

    /// Runs a query and returns its rows (EXPLAIN is refused here: use `run`).
    public func query(_ sql: String, parameters: [String: Literal] = [:]) throws(QueryError) -> QueryResult {
        guard case .rows(let result) = try run(sql, parameters: parameters) else { throw .execution("EXPLAIN returns a plan, not rows") }
        return result
    }

    /// Writes the rows of `query` to the file `path` (what COPY does); returns how many.
    func write(_ query: String, parameters: [String: Literal], to path: String, options: CopyOptions) throws(QueryError) -> Int {
        let plan = try plan(query, parameters: parameters)
        let context = QueryContext(settings: settings, memory: QueryMemory(budget: budget), cancellation: cancellation)
        let executor = Executor(threads: threads, context: context)
        return try context.installed { () throws(QueryError) in
            try ResultFile.write(plan, executor: executor, to: path, options: options)
        }
    }

    func plan(_ sql: String, parameters: [String: Literal] = [:]) throws(QueryError) -> PlanNode {
        do {
            let tokens = try Lexer.tokens(sql)
            let statement = try Parser.parse(sql, parameters: parameters)
            var seeded: [(name: String, statement: Statement)] = []
            for name in views.keys.sorted() {
                guard let view = views[name] else { continue }
                seeded.append((name, try Parser.parse(view, parameters: parameters)))
            }
            var binder = Binder(snapshot: snapshot, tokens: tokens, views: seeded)
            return Optimizer.optimize(try binder.plan(statement))
        } catch {
            throw .sql(error)
        }
    }

    private func execute(_ plan: PlanNode) throws(QueryError) -> QueryResult {
        let context = QueryContext(settings: settings, memory: QueryMemory(budget: budget), cancellation: cancellation)
        let executor = Executor(threads: threads, context: context)
        let relation = try context.installed { () throws(QueryError) in try executor.run(plan) }
        return QueryResult(columns: plan.columns.map { QueryResult.Column(name: $0.name, type: $0.type) }, relation: relation)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
