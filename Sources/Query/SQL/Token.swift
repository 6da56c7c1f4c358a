/// One lexical unit of a SQL statement, with where it starts (for error messages).
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A bare word: a keyword or an identifier, decided by the parser (case-insensitive).
        case word
        /// A double-quoted identifier (case kept, `""` unescaped).
        case quotedIdentifier
        /// A single-quoted string (`''` unescaped).
        case string
        case integer
        case decimal
        /// `$name`: a named parameter (DuckDB's prepared-statement syntax); `text` is the name.
        case parameter
        /// Punctuation and operators: `( ) , . ; * + - / % = <> != < <= > >= ||`.
        case symbol
        case end
    }

    public let kind: Kind
    /// The token's text: unescaped for strings and quoted identifiers, as written otherwise.
    public let text: String
    public let position: SourcePosition

    /// The word in upper case (keywords are matched this way).
    public var upper: String { text.uppercased() }

    public func isWord(_ word: String) -> Bool { kind == .word && upper == word }
    public func isSymbol(_ symbol: String) -> Bool { kind == .symbol && text == symbol }
}

/// A place in the statement's text: 1-based line and column (in characters), and the offset.
public struct SourcePosition: Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let offset: Int

    public var description: String { "line \(line), column \(column)" }
}
