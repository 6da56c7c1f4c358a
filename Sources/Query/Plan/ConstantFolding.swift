/// Computes the parts of an expression that read no column once, at planning time, and simplifies
/// AND/OR around constants (`x AND true` is `x`, `x OR true` is true). A constant part that fails
/// (`1 % 0`) is left in place, so the error surfaces only if a row actually evaluates it.
enum ConstantFolding {
    static func fold(_ expression: BoundExpression) -> BoundExpression {
        expression.rewritten { node in
            switch node {
            case .column, .constant, .aggregate: return node
            case .and(let terms):
                let folded = terms.map(fold)
                if folded.contains(where: { $0.constantValue == .boolean(false) }) { return .constant(.boolean(false), .boolean) }
                let rest = folded.filter { $0.constantValue != .boolean(true) }
                return rest.isEmpty ? .constant(.boolean(true), .boolean) : (rest.count == 1 ? rest[0] : .and(rest))
            case .or(let terms):
                let folded = terms.map(fold)
                if folded.contains(where: { $0.constantValue == .boolean(true) }) { return .constant(.boolean(true), .boolean) }
                let rest = folded.filter { $0.constantValue != .boolean(false) }
                return rest.isEmpty ? .constant(.boolean(false), .boolean) : (rest.count == 1 ? rest[0] : .or(rest))
            default:
                guard node.referencedColumns.isEmpty, !node.containsAggregate else { return nil }
                let single = Chunk(columns: [], selection: .range(0..<1))
                guard let vector = try? ExpressionEvaluator.evaluate(node, single) else { return nil }
                return .constant(vector.value(at: 0), node.type)
            }
        }
    }
}
