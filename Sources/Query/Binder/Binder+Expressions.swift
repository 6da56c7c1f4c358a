import Storage

/// Binding expressions: names to columns, literals to values, operators to typed nodes with the
/// implicit casts DuckDB would make (integer with double meets in double; a string literal
/// compared with a date or a number is read as one).
extension Binder {
    func bind(_ expression: Expression, in scope: Scope, allowAggregates: Bool, clause: String) throws(SQLError) -> BoundExpression {
        var context = BindContext(scope: scope, allowAggregates: allowAggregates, clause: clause)
        return try bind(expression, &context)
    }

    struct BindContext {
        var scope: Scope
        var allowAggregates: Bool
        var clause: String
    }

    func bind(_ expression: Expression, _ context: inout BindContext) throws(SQLError) -> BoundExpression {
        switch expression {
        case .column(let table, let name):
            switch context.scope.resolve(table: table, name: name) {
            case .found(let index, let type): return .column(index, type)
            case .ambiguous(let candidates):
                throw error("column name \(name) is ambiguous", near: name, hint: "write one of \(candidates.joined(separator: ", "))")
            case .missing(let hint):
                let full = table.map { "\($0).\(name)" } ?? name
                throw error(context.scope.entries.isEmpty ? "no column \(full): there is no FROM clause" : "no column named \(full)",
                            near: table ?? name, hint: hint)
            }
        case .literal(let literal):
            return try bindLiteral(literal)
        case .unary(.minus, let operand):
            let bound = try bind(operand, &context)
            guard bound.type.isNumeric || bound.type == .null else {
                throw error("cannot negate a \(bound.type)", hint: "unary minus applies to numbers")
            }
            if let negated = negatedConstant(bound) { return negated }
            return .negate(bound, bound.type == .null ? .integer : bound.type)
        case .unary(.not, let operand):
            return .not(try condition(operand, &context, what: "NOT"))
        case .binary(let op, let left, let right):
            return try bindBinary(op, left, right, &context)
        case .function(let name, let arguments, let distinct, let star, let filter):
            if let function = AggregateCall.Function(sqlName: name, star: star) {
                return try bindAggregate(function, name: name, arguments, distinct: distinct, filter: filter, &context)
            }
            if star || distinct || filter != nil {
                throw error("\(name) is not an aggregate function: *, DISTINCT and FILTER do not apply", near: name)
            }
            var bound: [BoundExpression] = []
            for argument in arguments { bound.append(try bind(argument, &context)) }
            return try bindScalar(name, bound)
        case .caseWhen(let operand, let branches, let otherwise):
            let subject = try operand.map { (e) throws(SQLError) in try bind(e, &context) }
            var conditions: [BoundExpression] = [], results: [BoundExpression] = []
            for branch in branches {
                if let subject {
                    let value = try bind(branch.when, &context)
                    let (a, b) = try coerce(subject, value, what: "CASE ... WHEN")
                    conditions.append(.comparison(.equal, a, b))
                } else {
                    conditions.append(try condition(branch.when, &context, what: "WHEN"))
                }
                results.append(try bind(branch.then, &context))
            }
            let fallback = try otherwise.map { (e) throws(SQLError) in try bind(e, &context) } ?? .constant(.null, .null)
            let type = try commonType(results + [fallback], what: "the branches of CASE")
            let branchesBound = zip(conditions, results).map { BoundCaseBranch(when: $0, then: cast($1, to: type)) }
            return .caseWhen(branchesBound, otherwise: cast(fallback, to: type), type)
        case .cast(let operand, let typeName):
            let named: SQLType?
            do { named = try SQLType(name: typeName) } catch { throw self.error(error.description, near: typeName) }
            guard let type = named else {
                throw error("unknown type \(typeName)", near: typeName,
                            hint: "types: BOOLEAN, INTEGER, BIGINT, HUGEINT, DECIMAL(p,s), DOUBLE, DATE, VARCHAR")
            }
            return cast(try bind(operand, &context), to: type)
        case .inList(let operand, let list, let negated):
            let subject = try bind(operand, &context)
            var members: [BoundExpression] = []
            for item in list { members.append(try bind(item, &context)) }
            let type = try commonType([subject] + members, what: "IN")
            if members.allSatisfy({ $0.constantValue != nil }) {
                var values: [Value] = []
                for member in members { values.append(try castConstant(member.constantValue!, to: type)) }
                return .inList(cast(subject, to: type), values, negated: negated)
            }
            let equalities = members.map { BoundExpression.comparison(.equal, cast(subject, to: type), cast($0, to: type)) }
            let any = equalities.count == 1 ? equalities[0] : .or(equalities)
            return negated ? .not(any) : any
        case .between(let operand, let low, let high, let negated):
            let subject = try bind(operand, &context)
            let (a, lowBound) = try coerce(subject, try bind(low, &context), what: "BETWEEN")
            let (b, highBound) = try coerce(subject, try bind(high, &context), what: "BETWEEN")
            let both = BoundExpression.and([.comparison(.greaterOrEqual, a, lowBound), .comparison(.lessOrEqual, b, highBound)])
            return negated ? .not(both) : both
        case .like(let operand, let pattern, let negated):
            let subject = try bind(operand, &context)
            guard subject.type == .varchar || subject.type == .null else {
                throw error("LIKE applies to strings, not \(subject.type)", hint: "CAST(... AS VARCHAR) first")
            }
            guard case .literal(.string(let text)) = pattern else {
                throw error("LIKE takes a constant pattern ('A%')", near: "like")
            }
            return .like(cast(subject, to: .varchar), pattern: text, negated: negated)
        case .isNull(let operand, let negated):
            return .isNull(try bind(operand, &context), negated: negated)
        }
    }

    func condition(_ expression: Expression, _ context: inout BindContext, what: String) throws(SQLError) -> BoundExpression {
        let bound = try bind(expression, &context)
        guard bound.type == .boolean || bound.type == .null else {
            throw error("\(what) needs a condition (BOOLEAN), not a \(bound.type)")
        }
        return cast(bound, to: .boolean)
    }

    private func bindLiteral(_ literal: Literal) throws(SQLError) -> BoundExpression {
        switch literal {
        case .null: return .constant(.null, .null)
        case .boolean(let value): return .constant(.boolean(value), .boolean)
        case .integer(let value): return .constant(.integer(value), .integer)
        case .decimal(let text):
            guard let (value, type) = Binder.number(text) else { throw error("\(text) is not a number", near: text) }
            return .constant(value, type)
        case .string(let text): return .constant(.varchar(text), .varchar)
        case .date(let text):
            guard let days = CivilDate.parseISO(text) else {
                throw error("DATE '\(text)' is not a valid date", near: text, hint: "write DATE 'YYYY-MM-DD'")
            }
            return .constant(.date(days), .date)
        }
    }

    private func bindBinary(_ op: BinaryOperator, _ left: Expression, _ right: Expression, _ context: inout BindContext) throws(SQLError) -> BoundExpression {
        switch op {
        case .and:
            return .and([try condition(left, &context, what: "AND"), try condition(right, &context, what: "AND")].flatMap(\.conjuncts))
        case .or:
            let terms = [try condition(left, &context, what: "OR"), try condition(right, &context, what: "OR")]
            return .or(terms.flatMap { if case .or(let inner) = $0 { inner } else { [$0] } })
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            let (a, b) = try coerce(try bind(left, &context), try bind(right, &context), what: "'\(op.rawValue)'")
            return .comparison(ComparisonOperator(rawValue: op.rawValue)!, a, b)
        case .concatenate:
            let a = try bind(left, &context), b = try bind(right, &context)
            return .function(.concatOperator, [cast(a, to: .varchar), cast(b, to: .varchar)], .varchar)
        case .add, .subtract, .multiply, .divide, .modulo:
            return try arithmetic(ArithmeticOperator(rawValue: op.rawValue)!, try bind(left, &context), try bind(right, &context))
        }
    }

    /// Brings two operands to one type for a comparison (a constant string is read as the other side's type).
    func coerce(_ a: BoundExpression, _ b: BoundExpression, what: String) throws(SQLError) -> (BoundExpression, BoundExpression) {
        if a.type == b.type { return (a, b) }
        if let value = b.constantValue, b.type == .varchar || b.type == .null, a.type != .null {
            return (a, .constant(try castConstant(value, to: a.type), a.type))
        }
        if let value = a.constantValue, a.type == .varchar || a.type == .null, b.type != .null {
            return (.constant(try castConstant(value, to: b.type), b.type), b)
        }
        guard let common = meetingType(a.type, b) ?? meetingType(b.type, a) else {
            throw error("cannot compare \(a.type) with \(b.type) in \(what)", hint: "add a CAST")
        }
        return (cast(a, to: common), cast(b, to: common))
    }

    /// The type a list of expressions meets in; string constants take the others' type.
    func commonType(_ expressions: [BoundExpression], what: String) throws(SQLError) -> SQLType {
        let isStringConstant = { (e: BoundExpression) in e.type == .varchar && e.constantValue != nil }
        let typed = expressions.filter { !isStringConstant($0) }
        guard var type = Binder.meetingType(of: typed.map { ($0.type, decimalType(of: $0)) }) else {
            let types = Set(typed.map(\.type.description)).sorted()
            throw error("\(what) mixes \(types.joined(separator: " and "))", hint: "add a CAST")
        }
        if type == .null, expressions.contains(where: isStringConstant) { type = .varchar }
        return type == .null ? .integer : type
    }

    /// The expression as `type` (constants are converted now; a failed conversion is an error).
    func cast(_ expression: BoundExpression, to type: SQLType) -> BoundExpression {
        if expression.type == type { return expression }
        if let value = expression.constantValue, let converted = try? castConstant(value, to: type) {
            return .constant(converted, type)
        }
        return .cast(expression, type)
    }

    func castConstant(_ value: Value, to type: SQLType) throws(SQLError) -> Value {
        do {
            return try ValueCast.cast(value, to: type)
        } catch {
            throw self.error(error.description, near: value.description)
        }
    }
}
