/// Cuts a script into statements at the `;` that end them (not those inside strings, quoted
/// names or comments), for `-f FILE.sql` and the interactive prompt.
public enum StatementSplitter {
    /// Every non-empty statement of `text` (the last one needs no `;`).
    public static func split(_ text: String) throws(SQLError) -> [String] {
        let (statements, rest) = try completeStatements(text)
        let last = rest.trimmingCharacters(in: " \n\r\t")
        return statements + (last.isEmpty ? [] : [rest])
    }

    /// The statements ended by `;`, and the text after the last one (still being typed).
    public static func completeStatements(_ text: String) throws(SQLError) -> (statements: [String], rest: String) {
        let tokens = try Lexer.tokens(text)
        let characters = Array(text) // token offsets count characters
        var statements: [String] = []
        var start = 0
        var sawToken = false
        for token in tokens {
            if token.kind == .symbol && token.text == ";" {
                if sawToken { statements.append(String(characters[start..<token.position.offset])) }
                start = token.position.offset + 1
                sawToken = false
            } else if token.kind != .end {
                sawToken = true
            }
        }
        return (statements, String(characters[min(start, characters.count)...]))
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
