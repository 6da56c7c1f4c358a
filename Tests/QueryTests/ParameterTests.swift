import Query
import Testing

/// `$name` parameters (DuckDB's prepared-statement syntax, which the indicator SQL uses for the
/// year): each is read as the literal it is given, so a parameterised query equals the same query
/// with the value written in; a missing value is an error at the parameter's place.
@Suite struct ParameterTests {
    let engine = Fixture.shared.single

    @Test func aParameterIsReadAsItsValue() throws {
        let withParameter = try engine.query("SELECT count(*) FROM p WHERE year(app_date) = $Year AND certifier <> $who",
                                             parameters: ["year": .integer(2019), "who": .string("SUP")])
        let written = try engine.query("SELECT count(*) FROM p WHERE year(app_date) = 2019 AND certifier <> 'SUP'")
        #expect(withParameter.value(row: 0, column: 0) == written.value(row: 0, column: 0))
        #expect(try engine.query("SELECT $x * 2, $x - 1", parameters: ["x": .integer(21)]).value(row: 0, column: 0) == .integer(42))
    }

    @Test func aMissingParameterIsAnErrorAtItsPlace() {
        do {
            _ = try engine.query("SELECT count(*)\nFROM p WHERE level = $level", parameters: ["year": .integer(1)])
            Issue.record("no error")
        } catch {
            #expect(error.description == "line 2, column 22: no value given for the parameter $level (the values given are for $year)")
        }
        do {
            _ = try engine.query("SELECT $ 1")
            Issue.record("no error")
        } catch {
            #expect(error.description.contains("unexpected character '$'"))
        }
    }
}
