import QueryRecordTables

/// A statement with a few of its words dropped, duplicated, swapped or replaced by a word of
/// `vocabulary`: what the parser and crash fuzzers feed the engine.
enum StatementMutation {
    static func mutate(_ sql: String, edits: ClosedRange<Int>, vocabulary: [String], random: inout SeededGenerator) -> String {
        var words = sql.split(whereSeparator: \.isWhitespace).map(String.init)
        for _ in 0..<Int.random(in: edits, using: &random) where !words.isEmpty {
            let index = Int.random(in: 0..<words.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: words.remove(at: index)
            case 1: words.insert(words[index], at: index)
            case 2: words.swapAt(index, Int.random(in: 0..<words.count, using: &random))
            default: words[index] = vocabulary.randomElement(using: &random)!
            }
        }
        return words.joined(separator: " ")
    }
}
