/// `SET [GLOBAL | SESSION] setting { = | TO } value`, DuckDB's statement for the engine's
/// settings. The one setting is `memory_limit` (alias `max_memory`): the memory budget's limit,
/// as DuckDB writes sizes (`'4GB'`, `'512MiB'`).
enum SetStatement {
    static let settings = ["memory_limit", "max_memory"]

    /// Applies the statement and says what it did.
    static func run(_ tokens: [Token], budget: MemoryBudget) throws(QueryError) -> String {
        var index = 1
        func at(_ offset: Int) -> Token { tokens[min(index + offset, tokens.count - 1)] }
        if at(0).isWord("GLOBAL") || at(0).isWord("SESSION") { index += 1 }
        let name = at(0)
        guard name.kind == .word || name.kind == .quotedIdentifier else {
            throw .sql(SQLError("expected a setting name after SET", at: name.position))
        }
        guard settings.contains(name.text.lowercased()) else {
            throw .sql(SQLError("unknown setting \(name.text)", at: name.position, hint: "the settings are \(settings.joined(separator: ", "))"))
        }
        index += 1
        guard at(0).isSymbol("=") || at(0).isWord("TO") else {
            throw .sql(SQLError("expected = or TO after \(name.text)", at: at(0).position))
        }
        index += 1
        var value = ""
        while at(0).kind != .end, !at(0).isSymbol(";") {
            value += at(0).text
            index += 1
        }
        guard !value.isEmpty else { throw .sql(SQLError("expected a size after \(name.text) =", at: at(0).position)) }
        let bytes = try MemoryBudget.parse(value)
        budget.setLimit(bytes)
        return "memory_limit = \(MemoryBudget.describe(bytes))"
    }
}
