/// The expression grammar: operators by precedence, loosest first (OR, AND, NOT, comparisons and
/// IS tests, `||`, `+ -`, `* / %`, signs and `::`), with the nesting limit checked on the way down.
extension Parser {
    // MARK: Expressions, loosest binding first

    mutating func expression() throws(SQLError) -> Expression {
        try descend()
        defer { depth -= 1 }
        return try or()
    }

    /// One level deeper; an error past `maximumDepth`.
    mutating func descend() throws(SQLError) {
        depth += 1
        guard depth <= Parser.maximumDepth else { throw tooDeep() }
    }

    private func tooDeep() -> SQLError {
        SQLError("the statement nests deeper than \(Parser.maximumDepth) levels (parentheses, calls, operators, subqueries)",
                 at: current.position, hint: "write a long list flat: a OR b OR c, x IN (1, 2, 3)")
    }

    /// A chain of operators builds a tree one level deeper per operator: `left`'s depth plus what
    /// the parser has descended must stay within the limit.
    func checkChain(_ chainDepth: Int) throws(SQLError) {
        guard depth + chainDepth <= Parser.maximumDepth else { throw tooDeep() }
    }

    private mutating func or() throws(SQLError) -> Expression {
        var terms = [try and()]
        while accept(word: "OR") { terms.append(try and()) }
        return Parser.associative(.or, terms)
    }

    private mutating func and() throws(SQLError) -> Expression {
        var terms = [try not()]
        while accept(word: "AND") { terms.append(try not()) }
        return Parser.associative(.and, terms)
    }

    /// The terms of an OR or AND chain as one tree: left-deep as written for short chains (names of
    /// result columns are DuckDB's), balanced for long ones, whose depth must not grow with their
    /// length. Both operators are associative in SQL's three-valued logic: the meaning is the same.
    static func associative(_ op: BinaryOperator, _ terms: [Expression]) -> Expression {
        if terms.count <= 32 {
            return terms.dropFirst().reduce(terms[0]) { .binary(op, $0, $1) }
        }
        let middle = terms.count / 2
        return .binary(op, associative(op, Array(terms[..<middle])), associative(op, Array(terms[middle...])))
    }

    private mutating func not() throws(SQLError) -> Expression {
        if accept(word: "NOT") {
            try descend()
            defer { depth -= 1 }
            return .unary(.not, try not())
        }
        return try comparison()
    }

    /// A comparison, then any number of `IS [NOT] NULL` tests of it (`a = b IS NULL` tests the
    /// comparison, as in DuckDB).
    private mutating func comparison() throws(SQLError) -> Expression {
        var result = try comparisonOperand()
        var tests = 0
        while current.isWord("IS") {
            index += 1
            let negated = accept(word: "NOT")
            try expect(word: "NULL")
            tests += 1
            try checkChain(tests)
            result = .isNull(result, negated: negated)
        }
        return result
    }

    private mutating func comparisonOperand() throws(SQLError) -> Expression {
        let left = try concatenation()
        let operators: [String: BinaryOperator] = ["=": .equal, "<>": .notEqual, "!=": .notEqual, "<": .less,
                                                   "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual]
        if current.kind == .symbol, let op = operators[current.text] {
            index += 1
            return .binary(op, left, try concatenation())
        }
        // NOT after an operand can only be NOT IN / NOT BETWEEN / NOT LIKE.
        let negated = accept(word: "NOT")
        if accept(word: "IN") {
            try expect(symbol: "(")
            var list: [Expression] = []
            repeat { list.append(try expression()) } while accept(symbol: ",")
            try expect(symbol: ")")
            return .inList(left, list, negated: negated)
        }
        if accept(word: "BETWEEN") {
            let low = try concatenation()
            try expect(word: "AND")
            return .between(left, low: low, high: try concatenation(), negated: negated)
        }
        if accept(word: "LIKE") { return .like(left, pattern: try concatenation(), negated: negated) }
        if negated { throw unexpected("IN, BETWEEN or LIKE after NOT") }
        return left
    }

    private mutating func concatenation() throws(SQLError) -> Expression {
        var left = try additive()
        var chain = left.depth
        while accept(symbol: "||") {
            let right = try additive()
            chain = max(chain, right.depth) + 1
            try checkChain(chain)
            left = .binary(.concatenate, left, right)
        }
        return left
    }

    private mutating func additive() throws(SQLError) -> Expression {
        var left = try multiplicative()
        var chain = left.depth
        while true {
            let op: BinaryOperator
            if accept(symbol: "+") { op = .add } else if accept(symbol: "-") { op = .subtract } else { return left }
            let right = try multiplicative()
            chain = max(chain, right.depth) + 1
            try checkChain(chain)
            left = .binary(op, left, right)
        }
    }

    private mutating func multiplicative() throws(SQLError) -> Expression {
        var left = try unary()
        var chain = left.depth
        while true {
            let op: BinaryOperator
            if accept(symbol: "*") { op = .multiply } else if accept(symbol: "/") { op = .divide } else if accept(symbol: "%") { op = .modulo } else { return left }
            let right = try unary()
            chain = max(chain, right.depth) + 1
            try checkChain(chain)
            left = .binary(op, left, right)
        }
    }

    private mutating func unary() throws(SQLError) -> Expression {
        if current.isSymbol("-") || current.isSymbol("+") {
            try descend()
            defer { depth -= 1 }
            let minus = accept(symbol: "-")
            if !minus { index += 1 }
            let operand = try unary()
            return minus ? .unary(.minus, operand) : operand
        }
        var value = try primary()
        // DuckDB's `x::TYPE` cast.
        while accept(symbol: "::") { value = .cast(value, type: try typeName()) }
        return value
    }
}
