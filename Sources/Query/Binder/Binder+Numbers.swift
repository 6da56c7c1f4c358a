/// Numeric typing as DuckDB does it: literals with a point are DECIMAL (DOUBLE with an exponent
/// or beyond 38 digits), integers too large for BIGINT are HUGEINT; arithmetic keeps exact types
/// exact (`+ - %` on the larger scale, `*` adding scales) except `/`, always DOUBLE.
extension Binder {
    /// The value and type of a numeric literal's text, nil when it is not a number.
    static func number(_ text: String) -> (Value, SQLType)? {
        if text.contains(where: { $0 == "e" || $0 == "E" }) {
            return Double(text).map { (.double($0), .double) }
        }
        guard let point = text.firstIndex(of: ".") else {
            // Digits only: too large for BIGINT (the parser read those), HUGEINT or DOUBLE.
            if let value = Int128(text) { return (.hugeint(value), .hugeint) }
            return Double(text).map { (.double($0), .double) }
        }
        let digits = text.filter(\.isASCIIDigit).count
        let scale = text[text.index(after: point)...].count
        guard digits <= DecimalType.maximumWidth else { return Double(text).map { (.double($0), .double) } }
        let type = DecimalType(width: max(digits, 1), scale: scale)
        return Decimal128.parse(text, type).map { (.decimal($0, type), .decimal(type)) }
    }

    /// `-constant`, folded: a literal keeps its type, except that the negation of 2^63 (a
    /// HUGEINT literal) is BIGINT's minimum, as DuckDB reads `-9223372036854775808`.
    func negatedConstant(_ bound: BoundExpression) -> BoundExpression? {
        switch bound.constantValue {
        case .integer(let value)? where value != .min: return .constant(.integer(-value), .integer)
        case .double(let value)?: return .constant(.double(-value), .double)
        case .decimal(let value, let type)?: return .constant(.decimal(-value, type), .decimal(type))
        case .hugeint(let value)? where value != .min:
            if -value == Int128(Int64.min) { return .constant(.integer(.min), .integer) }
            return .constant(.hugeint(-value), .hugeint)
        default: return nil
        }
    }

    /// The decimal an exact operand takes in DECIMAL arithmetic: an integer literal that fits 32
    /// bits is DuckDB's INTEGER (10 digits), other integers BIGINT (19), HUGEINT 38 digits.
    func decimalType(of expression: BoundExpression) -> DecimalType? {
        if case .integer(let value)? = expression.constantValue, Int32(exactly: value) != nil { return DecimalType.integerLiteral }
        return expression.type.asDecimal
    }

    /// The type `type` and `expression` meet in (`SQLType.common`, with an integer literal
    /// counted at its DuckDB width when it meets a DECIMAL).
    func meetingType(_ type: SQLType, _ expression: BoundExpression) -> SQLType? {
        if case .decimal(let decimal) = type, expression.type == .integer, let literal = decimalType(of: expression) {
            return .decimal(DecimalType.holding(decimal, literal))
        }
        return SQLType.common(type, expression.type)
    }

    /// The type a list meets in (`SQLType.common` folded over it). When that is a DECIMAL, its
    /// width is recomputed from each member's own decimal type, so that an integer literal met
    /// before the first DECIMAL counts at its DuckDB width too (`greatest(1, 2.5)`).
    static func meetingType(of expressions: [(type: SQLType, decimal: DecimalType?)]) -> SQLType? {
        var type = SQLType.null
        for expression in expressions {
            guard let common = SQLType.common(type, expression.type) else { return nil }
            type = common
        }
        guard type.isDecimal else { return type }
        let decimals = expressions.compactMap(\.decimal)
        guard let first = decimals.first else { return type }
        return .decimal(decimals.dropFirst().reduce(first, DecimalType.holding))
    }

    /// Arithmetic typing, as DuckDB: integers stay integers except under `/` (always DOUBLE);
    /// exact numbers stay exact (HUGEINT, DECIMAL) except under `/`; with a DOUBLE it is DOUBLE;
    /// `date - date` is a number of days, `date ± integer` a date.
    func arithmetic(_ op: ArithmeticOperator, _ a: BoundExpression, _ b: BoundExpression) throws(SQLError) -> BoundExpression {
        let ta = a.type == .null ? (b.type == .date ? .integer : b.type) : a.type
        let tb = b.type == .null ? (a.type == .date ? .integer : a.type) : b.type
        switch (ta, tb, op) {
        case (.date, .date, .subtract):
            return .arithmetic(.subtract, cast(a, to: .date), cast(b, to: .date), .integer)
        case (.date, .integer, .add), (.date, .integer, .subtract):
            return .arithmetic(op, cast(a, to: .date), cast(b, to: .integer), .date)
        case (.integer, .date, .add):
            return .arithmetic(.add, cast(b, to: .date), cast(a, to: .integer), .date)
        case (.integer, .integer, .divide), (.null, .null, .divide):
            return .arithmetic(op, cast(a, to: .double), cast(b, to: .double), .double)
        case (.integer, .integer, _), (.null, .null, _):
            return .arithmetic(op, cast(a, to: .integer), cast(b, to: .integer), .integer)
        default:
            guard ta.isNumeric, tb.isNumeric else {
                throw error("cannot apply '\(op.rawValue)' to \(ta) and \(tb)",
                            hint: ta == .varchar || tb == .varchar ? "CAST the string to a number or a date first" : nil)
            }
            if op == .divide || ta == .double || tb == .double {
                return .arithmetic(op, cast(a, to: .double), cast(b, to: .double), .double)
            }
            return try exactArithmetic(op, a, b)
        }
    }

    /// `+ - * %` of exact numbers of which one at least is a HUGEINT or a DECIMAL.
    private func exactArithmetic(_ op: ArithmeticOperator, _ a: BoundExpression, _ b: BoundExpression) throws(SQLError) -> BoundExpression {
        guard a.type.isDecimal || b.type.isDecimal else { // integers with a HUGEINT: HUGEINT arithmetic
            return .arithmetic(op, cast(a, to: .hugeint), cast(b, to: .hugeint), .hugeint)
        }
        return try exactArithmetic(op, a, b, decimalType(of: a) ?? DecimalType.bigint, decimalType(of: b) ?? DecimalType.bigint)
    }

    private func exactArithmetic(_ op: ArithmeticOperator, _ a: BoundExpression, _ b: BoundExpression,
                                 _ x: DecimalType, _ y: DecimalType) throws(SQLError) -> BoundExpression {
        switch op {
        case .multiply:
            guard let result = DecimalType.product(x, y) else {
                throw error("DECIMAL multiplication needs scale \(x.scale + y.scale) for an exact result, beyond the 38 digits of a DECIMAL",
                            hint: "CAST an operand to a smaller scale or to DOUBLE")
            }
            return .arithmetic(op, cast(a, to: .decimal(x)), cast(b, to: .decimal(y)), .decimal(result))
        default:
            let result = op == .modulo ? DecimalType.remainder(x, y) : DecimalType.sum(x, y)
            // Both operands at the result's scale, each in a width that holds it there.
            let left = DecimalType(width: x.integerDigits + result.scale, scale: result.scale)
            let right = DecimalType(width: y.integerDigits + result.scale, scale: result.scale)
            return .arithmetic(op, cast(a, to: .decimal(left)), cast(b, to: .decimal(right)), .decimal(result))
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
