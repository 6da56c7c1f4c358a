import Foundation

/// One test record of a `Records/*.test` file (format: scripts/record-query-tests): a query with
/// the types and rows DuckDB gave, or a statement that must fail with a message fragment.
struct QueryRecord: Sendable, CustomStringConvertible {
    enum Expectation: Sendable {
        case rows(sorted: Bool, types: [String], rows: [[String]])
        case error(fragment: String)
    }

    let file: String
    let line: Int
    let sql: String
    let expectation: Expectation

    var description: String { "\(file):\(line)" }
}

enum RecordFile {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Records")

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".test") }.sorted()
    }

    static func records(_ name: String) throws -> [QueryRecord] {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        return try parse(text, file: name)
    }

    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ text: String, file: String) throws -> [QueryRecord] {
        let lines = text.components(separatedBy: "\n")
        var records: [QueryRecord] = []
        var index = 0
        while index < lines.count {
            let header = lines[index]
            let start = index + 1
            guard header.hasPrefix("query") || header.hasPrefix("statement") else {
                index += 1
                continue
            }
            index += 1
            var sql: [String] = []
            while index < lines.count, !lines[index].trimmingCharacters(in: .whitespaces).isEmpty, !lines[index].hasPrefix("----") {
                sql.append(lines[index])
                index += 1
            }
            guard !sql.isEmpty else { throw FormatError(description: "\(file):\(start): a record without SQL") }
            let words = header.split(separator: " ", omittingEmptySubsequences: true)
            if words[0] == "statement" {
                guard words.count >= 3, words[1] == "error" else {
                    throw FormatError(description: "\(file):\(start): expected `statement error FRAGMENT`")
                }
                let fragment = header.dropFirst("statement error ".count).trimmingCharacters(in: .whitespaces)
                records.append(QueryRecord(file: file, line: start, sql: sql.joined(separator: "\n"), expectation: .error(fragment: fragment)))
                continue
            }
            guard index < lines.count, lines[index].hasPrefix("----") else {
                throw FormatError(description: "\(file):\(start): a query record needs its `----` line (run scripts/record-query-tests)")
            }
            let types = lines[index].components(separatedBy: "\t").dropFirst().map { $0 }
            guard !types.isEmpty else {
                throw FormatError(description: "\(file):\(start): not recorded yet (run scripts/record-query-tests)")
            }
            index += 1
            var rows: [[String]] = []
            while index < lines.count, !lines[index].isEmpty {
                rows.append(lines[index].components(separatedBy: "\t"))
                index += 1
            }
            let sorted = words.count < 2 || words[1] == "rowsort"
            records.append(QueryRecord(file: file, line: start, sql: sql.joined(separator: "\n"),
                                       expectation: .rows(sorted: sorted, types: types, rows: rows)))
        }
        return records
    }
}
