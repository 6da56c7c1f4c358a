import Query
import Testing

/// Known answers where DuckDB's semantics (which the engine follows, so that the same SQL runs
/// in both) differ from SQLite's, so the differential tests cannot check them. Each expected value
/// was obtained from DuckDB 2.0.1.
@Suite struct EngineSemanticsTests {
    func value(_ sql: String) throws -> Value {
        let result = try Fixture.shared.single.query(sql)
        return result.value(row: 0, column: 0)
    }

    func failure(_ sql: String) -> String? {
        do {
            _ = try Fixture.shared.single.query(sql)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func divisionIsAlwaysDouble() throws {
        #expect(try value("SELECT 7 / 2") == .double(3.5))
        #expect(try value("SELECT 1 / 0") == .double(.infinity))
        #expect(try value("SELECT -1 / 0") == .double(-.infinity))
        #expect(try value("SELECT 0 / 0").description == "nan")
    }

    @Test func integerErrors() {
        #expect(failure("SELECT 5 % 0")?.contains("Division by zero") == true)
        #expect(failure("SELECT 9223372036854775807 + 1")?.contains("Overflow") == true)
        #expect(failure("SELECT sum(id * 1000000000000000) FROM p")?.contains("Overflow") == true)
        #expect(failure("SELECT CAST('x' AS INTEGER)")?.contains("could not convert string 'x'") == true)
        // A CASE branch that is not taken is not evaluated.
        #expect(failure("SELECT CASE WHEN 0 <> 0 THEN 5 % 0 ELSE 1 END") == nil)
    }

    @Test func rounding() throws {
        // Literals with a point are DECIMALs: rounded exactly, half away from zero.
        #expect(try value("SELECT round(1234.5, -2)").description == "1200")
        #expect(try value("SELECT round(15, -1)") == .integer(20))
        #expect(try value("SELECT round(-2.5)").description == "-3")
        #expect(try value("SELECT round(-2.5::DOUBLE)") == .double(-3))
        #expect(try value("SELECT CAST(2.5 AS INTEGER)") == .integer(3))
        #expect(try value("SELECT CAST(-2.5 AS INTEGER)") == .integer(-3))
    }

    /// Ids 3001... are live and consecutive (the deleted rows all lie below 3000).
    @Test func datesAndQuantiles() throws {
        #expect(try value("SELECT date_trunc('month', DATE '2021-03-05')") == .date(CivilDateDays.of(2021, 3, 1)))
        #expect(try value("SELECT DATE '2021-03-05' - DATE '2021-01-01'") == .integer(63))
        #expect(try value("SELECT date_diff('week', DATE '2021-01-03', DATE '2021-01-04')") == .integer(0))
        #expect(try value("SELECT date_diff('week', DATE '2021-01-01', DATE '2021-01-08')") == .integer(1))
        #expect(try value("SELECT date_diff('quarter', DATE '2021-03-31', DATE '2021-04-01')") == .integer(1))
        #expect(try value("SELECT date_trunc('week', DATE '2021-01-07')") == .date(CivilDateDays.of(2021, 1, 4)))
        #expect(try value("SELECT quantile_disc(x, 0.95) FROM (SELECT id - 3001 AS x FROM p WHERE id BETWEEN 3001 AND 3010) AS t") == .integer(9))
        #expect(try value("SELECT quantile_disc(x, 0.5) FROM (SELECT id - 3001 AS x FROM p WHERE id BETWEEN 3001 AND 3004) AS t") == .integer(1))
        #expect(try value("SELECT median(x) FROM (SELECT id - 3001 AS x FROM p WHERE id BETWEEN 3001 AND 3004) AS t") == .double(1.5))
        #expect(try value("SELECT quantile_cont(x, 0.95) FROM (SELECT id - 3001 AS x FROM p WHERE id BETWEEN 3001 AND 3010) AS t") == .double(8.549999999999999))
    }

    @Test func nullsSortLastByDefault() throws {
        let ascending = try Fixture.shared.single.query("SELECT level FROM p ORDER BY level").rows
        let descending = try Fixture.shared.single.query("SELECT level FROM p ORDER BY level DESC").rows
        #expect(ascending.last == [.null] && ascending.first != [.null])
        #expect(descending.last == [.null] && descending.first == [.integer(8)])
    }

    @Test func emptyInputs() throws {
        let result = try Fixture.shared.single.query("SELECT count(*), sum(level), min(note) FROM p WHERE id < 0")
        #expect(result.rows == [[.integer(0), .null, .null]])
        #expect(try Fixture.shared.single.query("SELECT certifier, count(*) FROM p WHERE id < 0 GROUP BY certifier").rowCount == 0)
    }

    @Test func asOfReadsTheSnapshotItWasGiven() throws {
        // The first commit of `p` holds the first half of the rows; the second added the rest and
        // deleted some of the first half's rows.
        let store = Fixture.shared.store
        let first = try store.log().first { $0.tableName == "p" && $0.rowsAdded > 0 }!.id
        let old = QueryEngine(snapshot: try store.snapshot(asOf: first), threads: 2)
        let half = Fixture.shared.tables.p.rows.count / 2
        #expect(try old.query("SELECT count(*) FROM p").rows == [[.integer(Int64(half))]])
        let live = Fixture.shared.tables.liveP.count
        #expect(try Fixture.shared.parallel.query("SELECT count(*) FROM p").rows == [[.integer(Int64(live))]])
    }
}

enum CivilDateDays {
    static func of(_ year: Int, _ month: Int, _ day: Int) -> Int32 {
        Storage.CivilDate(year: year, month: month, day: day).daysSinceEpoch
    }
}

import Storage

/// Without ORDER BY, rows come in scan order and groups in the order the scan first meets them,
/// however many workers share the segments (a report must not change between two runs).
@Suite struct DeterministicOrderTests {
    @Test func groupsAndRowsKeepScanOrderOnEveryRun() throws {
        let queries = ["SELECT dept, count(*), sum(level) FROM p GROUP BY dept", "SELECT code, count(*) FROM p GROUP BY code",
                       "SELECT DISTINCT certifier, sex FROM p", "SELECT id, note FROM p WHERE note LIKE 'n1%'"]
        for sql in queries {
            let expected = try Fixture.shared.single.query(sql).rows
            for _ in 0..<15 {
                #expect(try Fixture.shared.parallel.query(sql).rows == expected, "\(sql)")
            }
            #expect(try Fixture.shared.wide.query(sql).rows == expected, "\(sql)")
        }
    }
}
