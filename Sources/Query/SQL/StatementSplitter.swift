/// Cuts a script into statements at the `;` that end them (not those inside strings, quoted
/// names or comments), for `-f FILE.sql` and the interactive prompt.
///
/// It reads only what decides where a statement ends (quotes, comments, `;`), not tokens: a
/// statement with a lexical error (`SELECT 1KB;`) still ends at its `;` and gets its error when
/// it runs, instead of keeping the prompt waiting for more input forever.
public enum StatementSplitter {
    /// Every non-empty statement of `text` (the last one needs no `;`).
    public static func split(_ text: String) -> [String] {
        let (statements, rest) = completeStatements(text)
        let last = rest.trimmingCharacters(in: " \n\r\t")
        return statements + (last.isEmpty ? [] : [rest])
    }

    /// The statements ended by `;`, and the text after the last one (still being typed: possibly
    /// inside a string or a comment).
    public static func completeStatements(_ text: String) -> (statements: [String], rest: String) {
        let characters = Array(text)
        var statements: [String] = []
        var start = 0, index = 0
        var hasCode = false // something other than blanks and comments since `start`
        while index < characters.count {
            let character = characters[index]
            let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            case "'", "\"":
                hasCode = true
                index += 1
                // A doubled quote inside is the quote itself; an unclosed one runs to the end.
                while index < characters.count {
                    if characters[index] == character {
                        if index + 1 < characters.count, characters[index + 1] == character { index += 2; continue }
                        break
                    }
                    index += 1
                }
            case "-" where next == "-":
                while index < characters.count, characters[index] != "\n" { index += 1 }
            case "/" where next == "*":
                index += 2
                while index < characters.count, !(characters[index] == "*" && index + 1 < characters.count && characters[index + 1] == "/") {
                    index += 1
                }
                index += 1
            case ";":
                if hasCode { statements.append(String(characters[start..<index])) }
                start = index + 1
                hasCode = false
            default:
                if !character.isWhitespace { hasCode = true }
            }
            index += 1
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
