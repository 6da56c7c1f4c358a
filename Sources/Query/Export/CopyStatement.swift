/// `COPY (query) TO 'file' (options)` and `COPY table TO 'file' (options)`, DuckDB's statement
/// for writing a result to a file. Read from the statement's tokens: the query between the
/// parentheses is planned as any query; the options are `CopyOptions`.
struct CopyStatement {
    /// The query whose rows are written (`SELECT * FROM table` for a table).
    let query: String
    let path: String
    let options: CopyOptions

    /// `sql`'s text and tokens (token offsets count characters).
    static func parse(_ tokens: [Token], sql: String) throws(QueryError) -> CopyStatement {
        let characters = Array(sql)
        var index = 1
        func at(_ offset: Int) -> Token { tokens[min(index + offset, tokens.count - 1)] }
        func fail(_ message: String, _ token: Token, hint: String? = nil) -> QueryError {
            .sql(SQLError(message, at: token.position, hint: hint))
        }
        let query: String
        if at(0).isSymbol("(") {
            // The query runs to the parenthesis that closes this one.
            var depth = 0, close = index
            while close < tokens.count, tokens[close].kind != .end {
                if tokens[close].isSymbol("(") { depth += 1 }
                if tokens[close].isSymbol(")") { depth -= 1; if depth == 0 { break } }
                close += 1
            }
            guard close < tokens.count, tokens[close].isSymbol(")"), close > index + 1 else {
                throw fail("expected a query in parentheses after COPY", at(0), hint: "COPY (SELECT …) TO 'file.csv'")
            }
            let start = tokens[index + 1].position.offset, end = tokens[close].position.offset
            guard start >= 0, start <= end, end <= characters.count else { throw fail("expected a query after COPY (", at(0)) }
            query = String(characters[start..<end])
            index = close + 1
        } else if at(0).kind == .word || at(0).kind == .quotedIdentifier {
            query = "SELECT * FROM \"\(at(0).text.replacingOccurrences(of: "\"", with: "\"\""))\""
            index += 1
        } else {
            throw fail("expected a table or a query in parentheses after COPY", at(0), hint: "COPY (SELECT …) TO 'file.csv'")
        }
        guard at(0).isWord("TO") else {
            throw fail(at(0).isWord("FROM") ? "COPY … FROM is not supported: Parcours loads files with `parcours ingest`" : "expected TO after the query of COPY", at(0))
        }
        index += 1
        guard at(0).kind == .string, !at(0).text.isEmpty else { throw fail("expected the file's name as a string after TO", at(0)) }
        let path = at(0).text
        index += 1
        let options = try CopyOptions.parse(tokens, from: &index, path: path)
        if at(0).isSymbol(";") { index += 1 }
        guard at(0).kind == .end else { throw fail("unexpected \(at(0).text) after COPY's options", at(0)) }
        return CopyStatement(query: query, path: path, options: options)
    }
}
