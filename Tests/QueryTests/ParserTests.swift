import Testing
@testable import Query

@Suite("SQL parser")
struct ParserTests {
    /// Statements covering the grammar of the query issue; each must parse, print, and parse back
    /// to the same tree.
    static let corpus = [
        "SELECT * FROM pathways",
        "select count(*) from pathways where certifier = 'EDUC_NAT'",
        "SELECT DISTINCT certifier, level FROM pathways ORDER BY certifier ASC, level DESC NULLS FIRST LIMIT 10 OFFSET 5",
        "SELECT certifier, count(*) AS n, count(DISTINCT candidate_id) candidates FROM pathways GROUP BY certifier HAVING count(*) > 10",
        "SELECT count(*) FILTER (WHERE outcome = 'TOTAL') / count(*) FILTER (WHERE jury_date IS NOT NULL) FROM pathways",
        "SELECT median(jury_date - admissibility_date), quantile_cont(jury_date - application_date, 0.25) FROM pathways",
        "SELECT quantile_disc(level, 0.5), avg(birth_year), min(info_date), max(outcome_date), sum(level) FROM pathways",
        "WITH y AS (SELECT * FROM pathways WHERE year(application_date) = 2021), z AS (SELECT certifier FROM y) SELECT * FROM z",
        "SELECT p.certifier, r.name FROM pathways p JOIN regions AS r ON p.region = r.code",
        "SELECT * FROM pathways AS p LEFT JOIN (SELECT certifier, count(*) AS n FROM pathways GROUP BY certifier) c ON p.certifier = c.certifier",
        "SELECT * FROM pathways p INNER JOIN a ON p.x = a.x LEFT OUTER JOIN b ON a.y = b.y",
        "SELECT certifier FROM pathways UNION ALL SELECT certifier FROM others UNION ALL (SELECT 'X')",
        "SELECT * FROM (SELECT level FROM pathways) AS t WHERE level BETWEEN 3 AND 5 AND NOT level IN (4)",
        "SELECT * FROM pathways WHERE level NOT BETWEEN 3 AND 5 OR department NOT IN ('75', '2A') OR code NOT LIKE 'RNCP3%'",
        "SELECT CASE WHEN outcome = 'TOTAL' THEN 1 WHEN outcome IS NULL THEN NULL ELSE 0 END FROM pathways",
        "SELECT CASE level WHEN 3 THEN 'low' ELSE 'high' END, CAST(level AS DOUBLE), level::VARCHAR FROM pathways",
        "SELECT coalesce(jury_date, DATE '2099-12-31'), date_trunc('month', application_date), date_diff('day', a, b) FROM pathways",
        "SELECT application_date + 30, round(1.5e3 * -level / 7 % 2, 2), 'a' || 'b''c', .5, TRUE, FALSE FROM pathways",
        "SELECT \"Mixed Case\", \"select\" FROM \"Weird \"\"table\"\"\" WHERE x <> 1 AND y != 2 AND z >= -3 AND w <= +4",
        "SELECT a FROM t -- a comment\n WHERE /* another */ b < 2;",
        "SELECT CAST(x AS DECIMAL(10,2)), x::NUMERIC(5), CAST(y AS DECIMAL), 99999999999999999999, -170141183460469231731687303715884105728 FROM t",
    ]

    @Test("every statement of the corpus parses, prints and parses back to the same tree")
    func roundTrip() throws {
        for text in Self.corpus {
            let statement = try Parser.parse(text)
            let printed = statement.description
            let again = try Parser.parse(printed)
            #expect(again == statement, "\(text)\n→ \(printed)")
            #expect(again.description == printed)
        }
    }

    @Test("precedence: OR < AND < NOT < comparison < || < + - < * / % < unary minus")
    func precedence() throws {
        func condition(_ text: String) throws -> String {
            guard case .select(let select) = try Parser.parse("SELECT 1 FROM t WHERE " + text).body else { return "" }
            return select.whereClause?.description ?? ""
        }
        #expect(try condition("a OR b AND c") == "(a OR (b AND c))")
        #expect(try condition("NOT a = 1 AND b") == "((NOT (a = 1)) AND b)")
        #expect(try condition("a + b * c - d = -e") == "(((a + (b * c)) - d) = (-e))")
        #expect(try condition("x BETWEEN 1 + 1 AND 5 OR y") == "((x BETWEEN (1 + 1) AND 5) OR y)")
        #expect(try condition("s || t LIKE 'a%'") == "((s || t) LIKE 'a%')")
        #expect(try condition("a IS NOT NULL AND b NOT IN (1, 2)") == "((a IS NOT NULL) AND (b NOT IN (1, 2)))")
    }

    @Test("names fold to lower case unless quoted; keywords in any case")
    func names() throws {
        let statement = try Parser.parse("SeLeCt Certifier, \"Level\" FrOm PathWays")
        guard case .select(let select) = statement.body else { Issue.record("not a select"); return }
        #expect(select.items == [.expression(.column(table: nil, name: "certifier"), alias: nil),
                                 .expression(.column(table: nil, name: "Level"), alias: nil)])
        #expect(select.from == .table(name: "pathways", alias: nil))
    }

    @Test("errors say where, what was expected, and suggest the keyword a typo meant")
    func errors() {
        func error(_ text: String) -> SQLError? {
            do { _ = try Parser.parse(text); return nil } catch { return error }
        }
        let typo = error("SELECT certifier FROM pathways GRUOP BY certifier")
        #expect(typo?.position.line == 1 && typo?.position.column == 38)
        #expect(typo?.hint == "did you mean GROUP? 'GRUOP' was read as an alias")
        let multiline = error("SELECT a\nFROM t\nWHERE a = ")
        #expect(multiline?.position.line == 3 && multiline?.position.column == 11)
        #expect(multiline?.message.hasPrefix("expected an expression") == true)
        #expect(error("SELECT 'open")?.message == "a string is never closed")
        #expect(error("SELECT a FROM t UNION SELECT b FROM u")?.message == "only UNION ALL is supported")
        #expect(error("SELECT count(* FROM t")?.message == "expected ')', found 'FROM'")
        #expect(error("SELECT a FROM t LIMIT ten")?.message == "expected a row count after LIMIT, found 'ten'")
        #expect(error("SELEC a FROM t")?.hint == "did you mean SELECT?")
        #expect(error("SELECT a FROM t WHERE a NOT 3")?.message == "expected IN, BETWEEN or LIKE after NOT, found '3'")
        #expect(error("SELECT a # b")?.message == "unexpected character '#'")
    }

    static let noise = Array("(),'\"*;-x1 ")

    /// Fuzz: seeded random token soups and mutations of the corpus never crash the parser.
    @Test("random token streams and mutated statements never crash")
    func fuzz() {
        var state: UInt64 = 0x5EED
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let vocabulary = ["SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "(", ")", ",", "*", "a", "t", "1", "'x'", "AND",
                          "OR", "NOT", "IN", "BETWEEN", "CASE", "WHEN", "THEN", "END", "=", "+", "-", "JOIN", "ON", "AS",
                          "UNION", "ALL", "WITH", "count", "DISTINCT", "FILTER", "IS", "NULL", "::", "DATE", "LIMIT", ";", "\"q\""]
        var parsed = 0
        for trial in 0..<4_000 {
            var text: String
            if trial % 2 == 0 {
                text = (0..<(next() % 25)).map { _ in vocabulary[next() % vocabulary.count] }.joined(separator: " ")
            } else {
                var characters = Array(Self.corpus[next() % Self.corpus.count])
                for _ in 0..<(1 + next() % 4) where !characters.isEmpty {
                    let position = next() % characters.count
                    switch next() % 3 {
                    case 0: characters.remove(at: position)
                    case 1: characters.insert(Self.noise[next() % Self.noise.count], at: position)
                    default: characters.swapAt(position, next() % characters.count)
                    }
                }
                text = String(characters)
            }
            if (try? Parser.parse(text)) != nil { parsed += 1 }
        }
        #expect(parsed > 100, "some mutated statements still parse")
    }
}
