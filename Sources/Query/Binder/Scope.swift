import Support

/// The columns visible to an expression: a plan node's output, each with the table name or alias
/// that qualifies it. Resolves `name` and `table.name`, with a hint for misspelled names.
struct Scope {
    struct Entry {
        var table: String?
        var name: String
        var type: SQLType
    }

    var entries: [Entry]

    static let empty = Scope(entries: [])

    init(entries: [Entry]) {
        self.entries = entries
    }

    init(columns: [PlanColumn], table: String?) {
        entries = columns.map { Entry(table: table, name: $0.name, type: $0.type) }
    }

    var columns: [PlanColumn] { entries.map { PlanColumn(name: $0.name, type: $0.type) } }

    static func + (left: Scope, right: Scope) -> Scope { Scope(entries: left.entries + right.entries) }

    func hasColumn(named name: String) -> Bool {
        entries.contains { $0.name == name }
    }

    enum Resolution {
        case found(Int, SQLType)
        case ambiguous([String])
        case missing(hint: String?)
    }

    func resolve(table: String?, name: String) -> Resolution {
        let matches = entries.indices.filter { index in
            entries[index].name == name && (table == nil || entries[index].table == table)
        }
        if matches.count == 1 { return .found(matches[0], entries[matches[0]].type) }
        if matches.count > 1 {
            return .ambiguous(matches.map { entries[$0].table.map { "\($0).\(name)" } ?? name })
        }
        if let table, !entries.contains(where: { $0.table == table }) {
            let tables = Array(Set(entries.compactMap(\.table))).sorted()
            let hint = Suggestion.closest(to: table, among: tables).map { "did you mean \($0)?" }
                ?? (tables.isEmpty ? nil : "tables here: \(tables.joined(separator: ", "))")
            return .missing(hint: hint)
        }
        let candidates = entries.filter { table == nil || $0.table == table }.map(\.name)
        let hint = Suggestion.closest(to: name, among: candidates).map { "did you mean \($0)?" }
        return .missing(hint: hint)
    }
}
