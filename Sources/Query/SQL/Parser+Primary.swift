extension Parser {
    /// Literals, names, calls, `CASE`, `CAST`, `DATE '…'`, parenthesised expressions.
    mutating func primary() throws(SQLError) -> Expression {
        let token = current
        switch token.kind {
        case .integer:
            index += 1
            // Beyond 64 bits, the binder reads it as DuckDB does (HUGEINT, then DOUBLE).
            guard let value = Int64(token.text) else { return .literal(.decimal(token.text)) }
            return .literal(.integer(value))
        case .decimal:
            index += 1
            return .literal(.decimal(token.text))
        case .string:
            index += 1
            return .literal(.string(token.text))
        case .quotedIdentifier:
            return try columnReference()
        case .parameter:
            guard let value = parameters[token.text] else {
                let given = parameters.keys.sorted().map { "$" + $0 }
                throw SQLError("no value given for the parameter $\(token.text)", at: token.position,
                               hint: given.isEmpty ? "pass one, e.g. --param \(token.text)=2023" : "the values given are for \(given.joined(separator: ", "))")
            }
            index += 1
            return .literal(value)
        case .symbol where token.text == "(":
            index += 1
            let inner = try expression()
            try expect(symbol: ")")
            return inner
        case .word:
            switch token.upper {
            case "NULL": index += 1; return .literal(.null)
            case "TRUE": index += 1; return .literal(.boolean(true))
            case "FALSE": index += 1; return .literal(.boolean(false))
            case "CASE": return try caseExpression()
            case "CAST":
                index += 1
                try expect(symbol: "(")
                let value = try expression()
                try expect(word: "AS")
                let type = try typeName()
                try expect(symbol: ")")
                return .cast(value, type: type)
            case "DATE" where peek(1).kind == .string:
                index += 2
                return .literal(.date(peek(-1).text))
            default:
                if peek(1).isSymbol("(") && !Keywords.reserved.contains(token.upper) { return try call() }
                return try columnReference()
            }
        default:
            throw unexpectedExpression()
        }
    }

    /// A column, optionally qualified by its table: `department`, `p.department`, `"Date"`.
    private mutating func columnReference() throws(SQLError) -> Expression {
        guard current.kind == .quotedIdentifier || (current.kind == .word && !Keywords.reserved.contains(current.upper)) else {
            throw unexpectedExpression()
        }
        let first = try nameToken()
        if accept(symbol: ".") { return .column(table: first, name: try nameToken()) }
        return .column(table: nil, name: first)
    }

    private mutating func nameToken() throws(SQLError) -> String {
        let token = current
        switch token.kind {
        case .quotedIdentifier:
            index += 1
            return token.text
        case .word where !Keywords.reserved.contains(token.upper):
            index += 1
            return token.text.lowercased()
        default:
            throw unexpectedExpression()
        }
    }

    /// `f(args)`, `count(*)`, `count(DISTINCT x)`, then an optional `FILTER (WHERE …)`.
    private mutating func call() throws(SQLError) -> Expression {
        let function = current.text.lowercased()
        index += 2  // name and "("
        var distinct = false, star = false
        var arguments: [Expression] = []
        if accept(symbol: "*") {
            star = true
        } else if !current.isSymbol(")") {
            distinct = accept(word: "DISTINCT")
            repeat { arguments.append(try expression()) } while accept(symbol: ",")
        }
        try expect(symbol: ")")
        var filter: Expression?
        if accept(word: "FILTER") {
            try expect(symbol: "(")
            try expect(word: "WHERE")
            filter = try expression()
            try expect(symbol: ")")
        }
        return .function(name: function, arguments: arguments, distinct: distinct, star: star, filter: filter)
    }

    private mutating func caseExpression() throws(SQLError) -> Expression {
        index += 1  // CASE
        let operand = current.isWord("WHEN") ? nil : try expression()
        var branches: [CaseBranch] = []
        while accept(word: "WHEN") {
            let condition = try expression()
            try expect(word: "THEN")
            branches.append(CaseBranch(when: condition, then: try expression()))
        }
        guard !branches.isEmpty else { throw unexpected("WHEN") }
        let otherwise = accept(word: "ELSE") ? try expression() : nil
        try expect(word: "END")
        return .caseWhen(operand: operand, branches: branches, otherwise: otherwise)
    }

    /// A type name, upper-cased: one word (`INTEGER`, `DATE`, `VARCHAR`, `DOUBLE`...), with its
    /// parameters when it has some (`DECIMAL(10,2)`), written back without spaces.
    mutating func typeName() throws(SQLError) -> String {
        guard current.kind == .word else { throw unexpected("a type name (INTEGER, BIGINT, DOUBLE, DECIMAL(p,s), VARCHAR, DATE...)") }
        var name = current.upper
        index += 1
        guard accept(symbol: "(") else { return name }
        var parameters: [String] = []
        repeat {
            guard current.kind == .integer else { throw unexpected("a type parameter (an integer, as in DECIMAL(10,2))") }
            parameters.append(current.text)
            index += 1
        } while accept(symbol: ",")
        try expect(symbol: ")")
        name += "(" + parameters.joined(separator: ",") + ")"
        return name
    }

    private func unexpectedExpression() -> SQLError {
        unexpected("an expression (a column, a literal, a function call, CASE, CAST or '(')")
    }
}
