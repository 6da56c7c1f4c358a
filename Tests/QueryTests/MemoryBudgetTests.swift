import Foundation
import Query
import Testing

/// The memory budget stops a query that would hold more than its limit, with a message naming
/// the operator, gives back what the query reserved, and leaves the engine able to run the next
/// query; cancellation stops a query and the next one runs.
@Suite struct MemoryBudgetTests {
    static let explodingJoin = "SELECT count(*) FROM p a JOIN p b ON a.certifier = b.certifier"

    func engine(_ budget: MemoryBudget, threads: Int = 3, cancellation: QueryCancellation? = nil) throws -> QueryEngine {
        QueryEngine(snapshot: Fixture.shared.parallel.snapshot, threads: threads, budget: budget, cancellation: cancellation)
    }

    @Test func anExplodingJoinStopsAtTheLimitAndTheEngineGoesOn() throws {
        let budget = MemoryBudget(limit: 256_000_000)
        let engine = try engine(budget)
        // 20,000 rows over 8 certifiers: about 70 million matches.
        #expect(throws: QueryError.self) { _ = try engine.query(Self.explodingJoin) }
        do {
            _ = try engine.query(Self.explodingJoin)
        } catch {
            #expect("\(error)" == "memory limit of 256.0 MB reached in hash join (SET memory_limit = '…' or --memory-limit to change it)")
        }
        #expect(budget.used == 0, "a failed query gives back what it reserved")
        let rows = try engine.query("SELECT count(*) FROM p a JOIN r b ON a.certifier = b.certifier").rows
        #expect(rows == (try Fixture.shared.referenceRows("SELECT count(*) FROM p a JOIN r b ON a.certifier = b.certifier")))
        #expect(budget.used == 0)
    }

    @Test(arguments: [
        ("SELECT cand, id, count(*) FROM p GROUP BY cand, id", "GROUP BY", 50_000),
        ("SELECT count(DISTINCT id) FROM p", "count(DISTINCT)", 50_000),
        ("SELECT median(id) FROM p", "median", 50_000),
        // 20,000 ids: 180 KB materialised, then 440 KB to sort them.
        ("SELECT id FROM p ORDER BY id DESC", "sort", 500_000),
        ("SELECT * FROM p", "a materialised intermediate result", 50_000),
    ])
    func everyGrowingOperatorReserves(sql: String, operatorName: String, limit: Int) throws {
        let budget = MemoryBudget(limit: limit)
        do {
            _ = try engine(budget, threads: 1).query(sql)
            Issue.record("\(sql) ran within \(limit) bytes")
        } catch {
            #expect("\(error)".contains("reached in \(operatorName)"), "\(error)")
        }
        #expect(budget.used == 0)
    }

    @Test func concurrentQueriesShareOneBudget() throws {
        let budget = MemoryBudget(limit: 64_000_000)
        let engine = try engine(budget, threads: 1)
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do { _ = try engine.query(Self.explodingJoin) } catch { failures.withLock { $0 += 1 } }
        }
        #expect(failures.withLock { $0 } == 4)
        #expect(budget.used == 0)
    }

    @Test func setMemoryLimitChangesTheBudget() throws {
        let budget = MemoryBudget(limit: 1_000_000_000)
        let engine = try engine(budget)
        guard case .message(let text) = try engine.run("SET memory_limit = '512MiB'") else {
            Issue.record("SET gave no message")
            return
        }
        #expect(text == "memory_limit = 536.9 MB")
        #expect(budget.limit == 536_870_912)
        _ = try engine.run("SET GLOBAL max_memory TO '2GB'")
        #expect(budget.limit == 2_000_000_000)
        #expect(throws: QueryError.self) { _ = try engine.run("SET memory_limit = 'lots'") }
        #expect(throws: QueryError.self) { _ = try engine.run("SET threads = 4") }
        #expect(budget.limit == 2_000_000_000)
    }

    @Test func sizesAreReadAsDuckDBWritesThem() throws {
        #expect(try MemoryBudget.parse("4GB") == 4_000_000_000)
        #expect(try MemoryBudget.parse("1.5 GiB") == 1_610_612_736)
        #expect(try MemoryBudget.parse("100000") == 100_000)
        #expect(try MemoryBudget.parse("10kb") == 10_000)
        for bad in ["", "GB", "-1GB", "1e999", "12 parsecs", "0"] {
            #expect(throws: QueryError.self, "\(bad)") { _ = try MemoryBudget.parse(bad) }
        }
        #expect(MemoryBudget.defaultLimit > 0)
    }

    @Test func aCancelledQueryStopsAndTheNextOneRuns() throws {
        let cancellation = QueryCancellation()
        let engine = try engine(MemoryBudget(limit: 1 << 40), cancellation: cancellation)
        cancellation.cancel()
        do {
            _ = try engine.query("SELECT count(*) FROM p")
            Issue.record("a cancelled query ran")
        } catch {
            #expect("\(error)" == "the query was cancelled")
        }
        cancellation.reset()
        #expect(try engine.query("SELECT count(*) FROM p").rows == (try Fixture.shared.referenceRows("SELECT count(*) FROM p")))
    }
}

import Synchronization

/// Found by CrashFuzzTests under a 4 GB address-space limit: a CUBE of 12 keys made 4,096
/// aggregations per worker (16 KB per key and 256 KB per key pair each) before any reservation,
/// and the process aborted in malloc. Their fixed cost is now reserved first.
@Suite struct GroupingSetsMemoryTests {
    @Test func aCubeOfTwelveKeysReservesBeforeMakingItsAggregations() throws {
        let budget = MemoryBudget(limit: 1_000_000_000)
        let engine = QueryEngine(snapshot: Fixture.shared.parallel.snapshot, threads: 2, budget: budget)
        do {
            _ = try engine.query("SELECT count(*) FROM p GROUP BY CUBE (id, cand, certifier, code, level, dept, sex, birth_year, amount, app_date, adm_date, jury_date)")
            Issue.record("4,096 grouping sets ran within 1 GB")
        } catch {
            #expect("\(error)".contains("reached in GROUP BY (4096 grouping sets)"), "\(error)")
        }
        #expect(budget.used == 0)
    }
}
