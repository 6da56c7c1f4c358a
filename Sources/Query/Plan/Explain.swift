/// The text of `EXPLAIN` (the plan, with scanned columns, pushed filters and the segments kept by
/// zone maps) and `EXPLAIN ANALYZE` (plus rows produced and time spent per operator).
enum Explain {
    static func render(_ root: PlanNode, analyzed: Bool) -> String {
        var lines: [String] = []
        render(root, depth: 0, analyzed: analyzed, into: &lines)
        return lines.joined(separator: "\n")
    }

    private static func render(_ node: PlanNode, depth: Int, analyzed: Bool, into lines: inout [String]) {
        let indent = String(repeating: "  ", count: depth)
        let input = node.children.first?.columns.map(\.name) ?? []
        var text: String
        switch node.op {
        case .scan(let scan):
            let names = scan.table.schema.columns.map(\.name)
            let live = scan.table.segments.filter { $0.liveRowCount > 0 }.count
            let read = scan.readColumns.map { names[$0] } + scan.validityColumns.map { "\(names[$0]) (nulls only)" }
            text = "SCAN \(scan.table.name) [\(read.joined(separator: ", "))]"
            if let filter = scan.filter { text += " filter: \(describe(filter, names))" }
            text += " segments: \(scan.keptSegments.count) of \(live) (\(live - scan.keptSegments.count) pruned by zone maps)"
            text += ", est. rows: \(scan.keptSegments.reduce(0) { $0 + $1.liveRowCount })"
        case .values(let rows): text = "VALUES \(rows.count) row\(rows.count == 1 ? "" : "s")"
        case .filter(let condition): text = "FILTER \(describe(condition, input))"
        case .project(let expressions):
            text = "PROJECT " + zip(expressions, node.columns).map { expression, column in
                let shown = describe(expression, input)
                return shown == column.name ? shown : "\(shown) AS \(column.name)"
            }.joined(separator: ", ")
        case .aggregate(let keys, let aggregates, let sets):
            text = "AGGREGATE"
            if let sets {
                text += " by GROUPING SETS (" + sets.map { "(" + $0.map { describe(keys[$0], input) }.joined(separator: ", ") + ")" }
                    .joined(separator: ", ") + ")"
            } else if !keys.isEmpty {
                text += " by \(keys.map { describe($0, input) }.joined(separator: ", "))"
            }
            text += ": " + aggregates.map { describe(.aggregate($0), input) }.joined(separator: ", ")
        case .join(let kind, let leftKeys, let rightKeys):
            let left = node.children[0].columns.map(\.name), right = node.children[1].columns.map(\.name)
            text = "HASH \(kind.rawValue) on " + zip(leftKeys, rightKeys).map { "\(describe($0, left)) = \(describe($1, right))" }
                .joined(separator: " AND ")
        case .sort(let keys):
            text = "SORT " + keys.map { "\(describe($0.expression, input))\($0.descending ? " DESC" : "")\($0.nullsFirst ? " NULLS FIRST" : "")" }
                .joined(separator: ", ")
        case .limit(let limit, let offset):
            text = "LIMIT \(limit.map(String.init) ?? "ALL")" + (offset > 0 ? " OFFSET \(offset)" : "")
        case .distinct: text = "DISTINCT"
        case .unionAll: text = "UNION ALL"
        }
        if analyzed {
            let hundredths = (node.nanoseconds + 5_000) / 10_000
            let fraction = hundredths % 100
            text += "  (rows: \(node.rowsProduced), time: \(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) ms)"
        }
        lines.append(indent + text)
        for child in node.children { render(child, depth: depth + 1, analyzed: analyzed, into: &lines) }
    }

    /// An expression as SQL-like text, columns by name.
    static func describe(_ expression: BoundExpression, _ names: [String]) -> String {
        func d(_ e: BoundExpression) -> String { describe(e, names) }
        switch expression {
        case .column(let index, _): return index < names.count ? names[index] : "#\(index)"
        case .constant(let value, _):
            switch value {
            case .varchar(let s): return SQLText.string(s)
            case .date: return "DATE '\(value)'"
            default: return value.description
            }
        case .negate(let e, _): return "-\(d(e))"
        case .arithmetic(let op, let a, let b, _): return "(\(d(a)) \(op.rawValue) \(d(b)))"
        case .comparison(let op, let a, let b): return "(\(d(a)) \(op.rawValue) \(d(b)))"
        case .and(let terms): return "(" + terms.map(d).joined(separator: " AND ") + ")"
        case .or(let terms): return "(" + terms.map(d).joined(separator: " OR ") + ")"
        case .not(let e): return "(NOT \(d(e)))"
        case .isNull(let e, let negated): return "(\(d(e)) IS \(negated ? "NOT " : "")NULL)"
        case .inList(let e, let values, let negated):
            return "(\(d(e)) \(negated ? "NOT " : "")IN (\(values.map { d(.constant($0, $0.type)) }.joined(separator: ", "))))"
        case .like(let e, let pattern, let negated): return "(\(d(e)) \(negated ? "NOT " : "")LIKE '\(pattern)')"
        case .caseWhen(let branches, let otherwise, _):
            return "CASE " + branches.map { "WHEN \(d($0.when)) THEN \(d($0.then))" }.joined(separator: " ") + " ELSE \(d(otherwise)) END"
        case .cast(let e, let type): return "CAST(\(d(e)) AS \(type))"
        case .function(let function, let arguments, _):
            if function == .concatOperator { return "(" + arguments.map(d).joined(separator: " || ") + ")" }
            return "\(function.rawValue)(\(arguments.map(d).joined(separator: ", ")))"
        case .aggregate(let call):
            var text: String
            switch call.function {
            case .countStar: text = "count(*)"
            case .quantileCont, .quantileDisc:
                text = "\(call.function.rawValue)(\(call.arguments.map(d).joined(separator: ", ")), \(call.fraction ?? 0.5))"
            default: text = "\(call.function.rawValue)(\(call.distinct ? "DISTINCT " : "")\(call.arguments.map(d).joined(separator: ", ")))"
            }
            if let filter = call.filter { text += " FILTER (WHERE \(d(filter)))" }
            return text
        }
    }
}
