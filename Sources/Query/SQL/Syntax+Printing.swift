/// SQL text of a syntax tree: what `EXPLAIN` and error messages show, and the round-trip check
/// of the parser's tests (every compound expression is parenthesised).
extension Statement: CustomStringConvertible {
    public var description: String {
        var parts: [String] = []
        if !ctes.isEmpty { parts.append("WITH " + ctes.map { "\(SQLText.identifier($0.name)) AS (\($0.query))" }.joined(separator: ", ")) }
        parts.append(body.description)
        if !orderBy.isEmpty { parts.append("ORDER BY " + orderBy.map(\.description).joined(separator: ", ")) }
        if let limit { parts.append("LIMIT \(limit)") }
        if let offset { parts.append("OFFSET \(offset)") }
        return parts.joined(separator: " ")
    }
}

extension QueryBody: CustomStringConvertible {
    public var description: String {
        switch self {
        case .select(let select): select.description
        case .unionAll(let left, let right): "\(left) UNION ALL \(right)"
        }
    }
}

extension Select: CustomStringConvertible {
    public var description: String {
        var text = "SELECT " + (distinct ? "DISTINCT " : "") + items.map(\.description).joined(separator: ", ")
        if let from { text += " FROM \(from)" }
        if let whereClause { text += " WHERE \(whereClause)" }
        if !groupBy.isEmpty { text += " GROUP BY " + groupBy.map(\.description).joined(separator: ", ") }
        if let groupingSets {
            text += " GROUP BY GROUPING SETS (" + groupingSets.map { "(" + $0.map(\.description).joined(separator: ", ") + ")" }
                .joined(separator: ", ") + ")"
        }
        if let having { text += " HAVING \(having)" }
        return text
    }
}

extension SelectItem: CustomStringConvertible {
    public var description: String {
        switch self {
        case .all(let table): table.map { "\(SQLText.identifier($0)).*" } ?? "*"
        case .expression(let expression, let alias): expression.description + (alias.map { " AS \(SQLText.identifier($0))" } ?? "")
        }
    }
}

extension TableReference: CustomStringConvertible {
    public var description: String {
        switch self {
        case .table(let name, let alias): SQLText.identifier(name) + (alias.map { " AS \(SQLText.identifier($0))" } ?? "")
        case .subquery(let statement, let alias): "(\(statement))" + (alias.map { " AS \(SQLText.identifier($0))" } ?? "")
        case .join(let kind, let left, let right, let condition): "\(left) \(kind.rawValue) \(right) ON \(condition)"
        }
    }
}

extension OrderItem: CustomStringConvertible {
    public var description: String {
        expression.description + (descending ? " DESC" : " ASC") + (nullsFirst.map { $0 ? " NULLS FIRST" : " NULLS LAST" } ?? "")
    }
}

extension Expression: CustomStringConvertible {
    public var description: String {
        switch self {
        case .column(let table, let name): (table.map { SQLText.identifier($0) + "." } ?? "") + SQLText.identifier(name)
        case .literal(let literal):
            switch literal {
            case .null: "NULL"
            case .boolean(let value): value ? "TRUE" : "FALSE"
            case .integer(let value): String(value)
            case .decimal(let text): text
            case .string(let text): SQLText.string(text)
            case .date(let text): "DATE " + SQLText.string(text)
            }
        case .unary(let op, let operand): "(\(op.rawValue)\(op == .not ? " " : "")\(operand))"
        case .binary(let op, let left, let right): "(\(left) \(op.rawValue) \(right))"
        case .function(let name, let arguments, let distinct, let star, let filter):
            name + "(" + (distinct ? "DISTINCT " : "") + (star ? "*" : arguments.map(\.description).joined(separator: ", ")) + ")"
                + (filter.map { " FILTER (WHERE \($0))" } ?? "")
        case .caseWhen(let operand, let branches, let otherwise):
            "CASE" + (operand.map { " \($0)" } ?? "") + branches.map { " WHEN \($0.when) THEN \($0.then)" }.joined()
                + (otherwise.map { " ELSE \($0)" } ?? "") + " END"
        case .cast(let value, let type): "CAST(\(value) AS \(type))"
        case .inList(let value, let list, let negated):
            "(\(value)\(negated ? " NOT" : "") IN (\(list.map(\.description).joined(separator: ", "))))"
        case .between(let value, let low, let high, let negated): "(\(value)\(negated ? " NOT" : "") BETWEEN \(low) AND \(high))"
        case .like(let value, let pattern, let negated): "(\(value)\(negated ? " NOT" : "") LIKE \(pattern))"
        case .isNull(let value, let negated): "(\(value) IS \(negated ? "NOT " : "")NULL)"
        }
    }
}

/// Quoting of names and strings in printed SQL.
enum SQLText {
    /// A name as written when it is a plain lower-case word and no keyword; quoted otherwise.
    static func identifier(_ name: String) -> String {
        let plain = name.first.map { $0.isLetter || $0 == "_" } == true
            && name.allSatisfy { ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "_" }
        return plain && !Keywords.reserved.contains(name.uppercased()) ? name : quoted(name, by: "\"")
    }

    static func string(_ text: String) -> String { quoted(text, by: "'") }

    /// `text` between `quote`s, each `quote` inside doubled.
    private static func quoted(_ text: String, by quote: Character) -> String {
        var result = String(quote)
        for character in text {
            result.append(character)
            if character == quote { result.append(quote) }
        }
        result.append(quote)
        return result
    }
}
