import Support

/// The words that cannot be bare names (an alias, a column), and the clause keywords misspellings
/// are matched against for hints.
enum Keywords {
    static let reserved: Set<String> = [
        "SELECT", "DISTINCT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "OFFSET", "WITH", "AS",
        "JOIN", "INNER", "LEFT", "OUTER", "ON", "UNION", "ALL", "AND", "OR", "NOT", "IN", "BETWEEN", "LIKE", "IS",
        "NULL", "TRUE", "FALSE", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "ASC", "DESC", "NULLS", "FILTER",
    ]
    static let clauses = ["SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "OFFSET", "WITH", "JOIN",
                          "LEFT", "UNION", "DISTINCT", "BETWEEN", "LIKE", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "FILTER"]
}

/// A hand-written recursive-descent parser for the SQL subset of `Syntax.swift`. Operator
/// precedence, loosest first: OR, AND, NOT, comparisons (`= <> < <= > >= IS IN BETWEEN LIKE`),
/// `||`, `+ -`, `* / %`, unary minus. Unquoted names are folded to lower case (as DuckDB does);
/// errors give line, column, what was expected and, for a misspelled keyword, a suggestion.
public struct Parser {
    var tokens: [Token]
    var index = 0
    /// The last word taken as an alias without AS, when it looks like a misspelled keyword
    /// ("FORM" in `SELECT a FORM t`): an error right after it suggests the keyword.
    private var suspiciousAlias: (index: Int, keyword: String)?
    /// The values of the statement's `$name` parameters, by lower-case name: each parameter is
    /// read as its value's literal, so the rest of the engine never sees a parameter.
    let parameters: [String: Literal]
    /// How deep the parser has descended (parentheses, calls, NOT, signs, subqueries), checked
    /// against `maximumDepth` on the way down.
    var depth = 0

    /// The deepest nesting a statement may have, counting parentheses, calls, operators and
    /// subqueries, as DuckDB's `max_expression_depth` (also 1000). Every phase after parsing
    /// walks expressions recursively, so this bounds their stack too. A long flat list (an OR or
    /// AND chain, an IN list) does not nest: OR and AND chains become balanced trees.
    public static let maximumDepth = 1000

    /// Parses one statement (an optional final `;`), replacing each `$name` by `parameters[name]`.
    public static func parse(_ text: String, parameters: [String: Literal] = [:]) throws(SQLError) -> Statement {
        var parser = Parser(tokens: try Lexer.tokens(text), parameters: parameters)
        let statement = try parser.statement()
        _ = parser.accept(symbol: ";")
        guard parser.current.kind == .end else { throw parser.unexpected("the end of the statement") }
        return statement
    }

    private init(tokens: [Token], parameters: [String: Literal]) {
        self.tokens = tokens
        self.parameters = Dictionary(uniqueKeysWithValues: parameters.map { ($0.key.lowercased(), $0.value) })
    }

    // MARK: Tokens

    var current: Token { tokens[index] }
    func peek(_ offset: Int) -> Token { tokens[max(0, min(index + offset, tokens.count - 1))] }

    mutating func accept(word: String) -> Bool {
        guard current.isWord(word) else { return false }
        index += 1
        return true
    }

    mutating func accept(symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        index += 1
        return true
    }

    mutating func expect(word: String) throws(SQLError) {
        guard accept(word: word) else { throw unexpected(word) }
    }

    mutating func expect(symbol: String) throws(SQLError) {
        guard accept(symbol: symbol) else { throw unexpected("'\(symbol)'") }
    }

    /// "expected X, found Y", with a spelling hint when Y looks like a misspelled keyword.
    func unexpected(_ expected: String) -> SQLError {
        let found: String
        switch current.kind {
        case .end: found = "the end of the statement"
        case .string: found = "the string '\(current.text)'"
        case .quotedIdentifier: found = "\"\(current.text)\""
        default: found = "'\(current.text)'"
        }
        var hint: String?
        if let alias = suspiciousAlias, alias.index == index - 1 {
            hint = "did you mean \(alias.keyword)? '\(peek(-1).text)' was read as an alias"
        } else if current.kind == .word, !Keywords.reserved.contains(current.upper),
                  let keyword = Suggestion.closest(to: current.text, among: Keywords.clauses) {
            hint = "did you mean \(keyword)?"
        }
        return SQLError("expected \(expected), found \(found)", at: current.position, hint: hint)
    }

    /// A name: a bare word that is not reserved (folded to lower case) or a quoted identifier.
    private mutating func name(_ what: String) throws(SQLError) -> String {
        if current.kind == .quotedIdentifier {
            defer { index += 1 }
            return current.text
        }
        guard current.kind == .word, !Keywords.reserved.contains(current.upper) else { throw unexpected(what) }
        defer { index += 1 }
        return current.text.lowercased()
    }

    private var atName: Bool {
        current.kind == .quotedIdentifier || (current.kind == .word && !Keywords.reserved.contains(current.upper))
    }

    // MARK: Statements

    private mutating func statement() throws(SQLError) -> Statement {
        try descend()
        defer { depth -= 1 }
        var ctes: [CommonTableExpression] = []
        if accept(word: "WITH") {
            repeat {
                let cteName = try name("a name for the WITH query")
                try expect(word: "AS")
                try expect(symbol: "(")
                let query = try statement()
                try expect(symbol: ")")
                ctes.append(CommonTableExpression(name: cteName, query: query))
            } while accept(symbol: ",")
        }
        var body = QueryBody.select(try select())
        var unions = 0
        while accept(word: "UNION") {
            guard accept(word: "ALL") else {
                throw SQLError("only UNION ALL is supported", at: current.position, hint: "write UNION ALL, or SELECT DISTINCT over it")
            }
            unions += 1
            try checkChain(unions) // each UNION ALL nests the ones before it
            body = .unionAll(body, .select(try select()))
        }
        var orderBy: [OrderItem] = []
        if accept(word: "ORDER") {
            try expect(word: "BY")
            repeat { orderBy.append(try orderItem()) } while accept(symbol: ",")
        }
        var limit: Int?, offset: Int?
        if accept(word: "LIMIT") { limit = try count("a row count after LIMIT") }
        if accept(word: "OFFSET") { offset = try count("a row count after OFFSET") }
        return Statement(ctes: ctes, body: body, orderBy: orderBy, limit: limit, offset: offset)
    }

    private mutating func count(_ what: String) throws(SQLError) -> Int {
        guard current.kind == .integer, let value = Int(current.text) else { throw unexpected(what) }
        index += 1
        return value
    }

    private mutating func select() throws(SQLError) -> Select {
        if accept(symbol: "(") {
            // A parenthesised SELECT inside a UNION ALL chain.
            let inner = try statement()
            try expect(symbol: ")")
            guard inner.ctes.isEmpty, inner.orderBy.isEmpty, inner.limit == nil, inner.offset == nil, case .select(let select) = inner.body else {
                throw SQLError("a parenthesised part of a UNION ALL must be a plain SELECT", at: current.position)
            }
            return select
        }
        try expect(word: "SELECT")
        let distinct = accept(word: "DISTINCT")
        var items: [SelectItem] = []
        repeat { items.append(try selectItem()) } while accept(symbol: ",")
        var from: TableReference?
        if accept(word: "FROM") { from = try tableReference() }
        var whereClause: Expression?
        if accept(word: "WHERE") { whereClause = try expression() }
        var groupBy: [Expression] = []
        var groupingSets: [[Expression]]?
        if accept(word: "GROUP") {
            try expect(word: "BY")
            if current.isWord("GROUPING") && peek(1).isWord("SETS") {
                index += 2
                groupingSets = try groupingSetList()
            } else if (current.isWord("ROLLUP") || current.isWord("CUBE")) && peek(1).isSymbol("(") {
                let cube = current.isWord("CUBE")
                index += 1
                groupingSets = try cube ? cubeSets(try parenthesisedList()) : rollupSets(try parenthesisedList())
            } else {
                repeat { groupBy.append(try expression()) } while accept(symbol: ",")
            }
        }
        var having: Expression?
        if accept(word: "HAVING") { having = try expression() }
        return Select(distinct: distinct, items: items, from: from, whereClause: whereClause, groupBy: groupBy,
                      groupingSets: groupingSets, having: having)
    }

    /// `( set, set… )` where a set is `( expression, … )`, `()` or one expression.
    private mutating func groupingSetList() throws(SQLError) -> [[Expression]] {
        try expect(symbol: "(")
        var sets: [[Expression]] = []
        repeat {
            if current.isSymbol("(") { // a parenthesised set; `(a + b)` is the set of one expression
                index += 1
                var set: [Expression] = []
                if !current.isSymbol(")") {
                    repeat { set.append(try expression()) } while accept(symbol: ",")
                }
                try expect(symbol: ")")
                sets.append(set)
            } else {
                sets.append([try expression()])
            }
        } while accept(symbol: ",")
        try expect(symbol: ")")
        return sets
    }

    /// `( expression, … )`.
    private mutating func parenthesisedList() throws(SQLError) -> [Expression] {
        try expect(symbol: "(")
        var list: [Expression] = []
        repeat { list.append(try expression()) } while accept(symbol: ",")
        try expect(symbol: ")")
        return list
    }

    /// ROLLUP (a, b, c): the sets (a, b, c), (a, b), (a), ().
    private func rollupSets(_ keys: [Expression]) -> [[Expression]] {
        (0...keys.count).reversed().map { Array(keys.prefix($0)) }
    }

    /// The most keys a CUBE takes: it makes 2^n grouping sets.
    static let cubeKeyLimit = 12

    /// CUBE (a, b): every subset of the keys, (a, b), (a), (b), ().
    private func cubeSets(_ keys: [Expression]) throws(SQLError) -> [[Expression]] {
        guard keys.count <= Parser.cubeKeyLimit else {
            throw SQLError("CUBE takes at most \(Parser.cubeKeyLimit) expressions (it makes 2^n grouping sets)", at: current.position)
        }
        let full = (1 << keys.count) - 1
        return (0...full).reversed().map { mask in keys.indices.filter { mask & (1 << (keys.count - 1 - $0)) != 0 }.map { keys[$0] } }
    }

    private mutating func selectItem() throws(SQLError) -> SelectItem {
        if accept(symbol: "*") { return .all(table: nil) }
        if atName && peek(1).isSymbol(".") && peek(2).isSymbol("*") {
            let table = try name("a table name")
            index += 2
            return .all(table: table)
        }
        let value = try expression()
        return .expression(value, alias: try alias())
    }

    private mutating func alias() throws(SQLError) -> String? {
        if accept(word: "AS") { return try name("a name after AS") }
        guard atName else { return nil }
        if current.kind == .word, let keyword = Suggestion.closest(to: current.text, among: Keywords.clauses) {
            suspiciousAlias = (index, keyword)
        }
        return try name("an alias")
    }

    private mutating func tableReference() throws(SQLError) -> TableReference {
        var left = try tablePrimary()
        while true {
            let kind: JoinKind
            if accept(word: "JOIN") {
                kind = .inner
            } else if current.isWord("INNER") {
                index += 1
                try expect(word: "JOIN")
                kind = .inner
            } else if accept(word: "LEFT") {
                _ = accept(word: "OUTER")
                try expect(word: "JOIN")
                kind = .left
            } else {
                return left
            }
            let right = try tablePrimary()
            try expect(word: "ON")
            left = .join(kind, left, right, on: try expression())
        }
    }

    private mutating func tablePrimary() throws(SQLError) -> TableReference {
        if accept(symbol: "(") {
            let query = try statement()
            try expect(symbol: ")")
            return .subquery(query, alias: try alias())
        }
        let table = try name("a table name, or a subquery in parentheses")
        return .table(name: table, alias: try alias())
    }

    private mutating func orderItem() throws(SQLError) -> OrderItem {
        let value = try expression()
        var descending = false
        if accept(word: "DESC") { descending = true } else { _ = accept(word: "ASC") }
        var nullsFirst: Bool?
        if accept(word: "NULLS") {
            if accept(word: "FIRST") { nullsFirst = true } else if accept(word: "LAST") { nullsFirst = false } else {
                throw unexpected("FIRST or LAST after NULLS")
            }
        }
        return OrderItem(expression: value, descending: descending, nullsFirst: nullsFirst)
    }
}
