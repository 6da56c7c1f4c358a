import Foundation
@testable import Query
import QueryRecordTables
import Testing

/// Views standing in for tables (`QueryEngine.views`): every statement reads the restricted
/// rows, the view's own reference reads the table, and a statement's CTE of the same name hides
/// the view — under every configuration of the record matrix.
@Suite struct ViewTests {
    @Test(arguments: RecordConfiguration.selected)
    func aViewRestrictsEveryStatement(configuration: RecordConfiguration) throws {
        let plain = try RecordStores.shared.engine(configuration)
        let restricted = plain.restricted(["p": "SELECT * FROM p WHERE level = 3 OR dept IS NULL"])
        let queries = [
            ("SELECT count(*), sum(cand) FROM p", "SELECT count(*), sum(cand) FROM p WHERE level = 3 OR dept IS NULL"),
            ("SELECT dept, count(*) FROM p GROUP BY dept ORDER BY dept NULLS FIRST",
             "SELECT dept, count(*) FROM p WHERE level = 3 OR dept IS NULL GROUP BY dept ORDER BY dept NULLS FIRST"),
            ("SELECT r.label, count(*) FROM p JOIN r ON p.certifier = r.certifier GROUP BY 1 ORDER BY 1",
             "SELECT r.label, count(*) FROM p JOIN r ON p.certifier = r.certifier WHERE level = 3 OR dept IS NULL GROUP BY 1 ORDER BY 1"),
            ("WITH p AS (SELECT 1 AS x) SELECT * FROM p", "SELECT 1 AS x"),
            ("SELECT count(*) FROM r", "SELECT count(*) FROM r"),
        ]
        for (mine, reference) in queries {
            #expect(try restricted.query(mine).rows == plain.query(reference).rows, "\(mine) under \(configuration)")
        }
        #expect(try restricted.query("SELECT count(*) FROM p").rows != plain.query("SELECT count(*) FROM p").rows)
    }
}
