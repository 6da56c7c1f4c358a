/// Splits SQL text into tokens: words, quoted identifiers, strings, numbers and symbols; skips
/// white space and `--` / `/* */` comments. Cold code (a statement is a few hundred characters),
/// written for clear positions in errors rather than speed.
public enum Lexer {
    static let symbols = ["<>", "!=", "<=", ">=", "||", "::", "(", ")", ",", ".", ";", "*", "+", "-", "/", "%", "=", "<", ">"]

    public static func tokens(_ text: String) throws(SQLError) -> [Token] {
        let characters = Array(text)
        var tokens: [Token] = []
        var index = 0, line = 1, column = 1
        func position() -> SourcePosition { SourcePosition(line: line, column: column, offset: index) }
        func advance(_ count: Int = 1) {
            for _ in 0..<count where index < characters.count {
                if characters[index] == "\n" { line += 1; column = 1 } else { column += 1 }
                index += 1
            }
        }
        func peek(_ offset: Int = 0) -> Character? { index + offset < characters.count ? characters[index + offset] : nil }

        while let character = peek() {
            let start = position()
            if character.isWhitespace { advance(); continue }
            if character == "-" && peek(1) == "-" {
                while let next = peek(), next != "\n" { advance() }
                continue
            }
            if character == "/" && peek(1) == "*" {
                advance(2)
                while peek() != nil && !(peek() == "*" && peek(1) == "/") { advance() }
                guard peek() != nil else { throw SQLError("a /* comment is never closed", at: start) }
                advance(2)
                continue
            }
            if character.isLetter || character == "_" {
                var word = ""
                while let next = peek(), next.isLetter || next.isNumber || next == "_" { word.append(next); advance() }
                tokens.append(Token(kind: .word, text: word, position: start))
                continue
            }
            if character.isASCII && character.isNumber || (character == "." && peek(1)?.isNumber == true) {
                var number = "", decimal = false
                while let next = peek(), next.isASCII && next.isNumber { number.append(next); advance() }
                if peek() == ".", !(peek(1) == "." ) {
                    decimal = true
                    number.append("."); advance()
                    while let next = peek(), next.isASCII && next.isNumber { number.append(next); advance() }
                }
                if let e = peek(), e == "e" || e == "E", let after = peek(1),
                   after.isNumber || ((after == "+" || after == "-") && peek(2)?.isNumber == true) {
                    decimal = true
                    number.append(e); advance()
                    if let sign = peek(), sign == "+" || sign == "-" { number.append(sign); advance() }
                    while let next = peek(), next.isASCII && next.isNumber { number.append(next); advance() }
                }
                if let next = peek(), next.isLetter || next == "_" {
                    throw SQLError("a number runs into letters ('\(number)\(next)…')", at: start, hint: "put a space or an operator between them")
                }
                tokens.append(Token(kind: decimal ? .decimal : .integer, text: number, position: start))
                continue
            }
            if character == "$", let next = peek(1), next.isLetter || next == "_" {
                advance()
                var name = ""
                while let next = peek(), next.isLetter || next.isNumber || next == "_" { name.append(next); advance() }
                tokens.append(Token(kind: .parameter, text: name.lowercased(), position: start))
                continue
            }
            if character == "'" || character == "\"" {
                let quote = character
                var value = ""
                advance()
                while true {
                    guard let next = peek() else {
                        throw SQLError(quote == "'" ? "a string is never closed" : "a quoted identifier is never closed", at: start,
                                       hint: "close it with \(quote); write \(quote)\(quote) for a \(quote) inside")
                    }
                    advance()
                    if next == quote {
                        if peek() == quote { value.append(quote); advance(); continue }
                        break
                    }
                    value.append(next)
                }
                tokens.append(Token(kind: quote == "'" ? .string : .quotedIdentifier, text: value, position: start))
                continue
            }
            if let symbol = symbols.first(where: { symbol in symbol.enumerated().allSatisfy { peek($0.offset) == $0.element } }) {
                advance(symbol.count)
                tokens.append(Token(kind: .symbol, text: symbol, position: start))
                continue
            }
            throw SQLError("unexpected character '\(character)'", at: start)
        }
        tokens.append(Token(kind: .end, text: "", position: position()))
        return tokens
    }
}
