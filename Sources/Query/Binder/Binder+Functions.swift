import Support

/// Resolving function calls: aggregates (with DISTINCT and FILTER) and the scalar functions of
/// `ScalarFunction`, with DuckDB's argument and result types.
extension AggregateCall.Function {
    init?(sqlName name: String, star: Bool) {
        switch name {
        case "count": self = star ? .countStar : .count
        case "sum": self = .sum
        case "avg", "mean": self = .avg
        case "min": self = .min
        case "max": self = .max
        case "median": self = .median
        case "quantile_cont": self = .quantileCont
        case "quantile_disc", "quantile": self = .quantileDisc
        case "grouping", "grouping_id": self = .grouping
        default: return nil
        }
    }
}

extension Binder {
    func bindAggregate(
        _ function: AggregateCall.Function, name: String, _ arguments: [Expression], distinct: Bool, filter: Expression?,
        _ context: inout BindContext
    ) throws(SQLError) -> BoundExpression {
        guard context.allowAggregates else {
            throw error("aggregate \(name)() is not allowed in \(context.clause)", near: name,
                        hint: context.clause == "WHERE" ? "filter groups with HAVING" : nil)
        }
        var inner = BindContext(scope: context.scope, allowAggregates: false, clause: "the arguments of \(name)()")
        var bound: [BoundExpression] = []
        for argument in arguments { bound.append(try bind(argument, &inner)) }
        if function == .grouping {
            guard !bound.isEmpty, !distinct, filter == nil else { throw error("\(name)() takes grouping columns, without DISTINCT or FILTER", near: name) }
            return .aggregate(AggregateCall(function: .grouping, arguments: bound, distinct: false, filter: nil, fraction: nil, type: .integer))
        }
        let boundFilter = try filter.map { (e) throws(SQLError) in try condition(e, &inner, what: "FILTER (WHERE ...)") }
        let expected = function == .countStar ? 0 : (function == .quantileCont || function == .quantileDisc ? 2 : 1)
        guard bound.count == expected else {
            throw error("\(name)() takes \(expected == 0 ? "*" : "\(expected) argument\(expected == 1 ? "" : "s")"), not \(bound.count)",
                        near: name)
        }
        if distinct, function != .count, function != .min, function != .max {
            throw error("DISTINCT is supported in count(), min() and max() only", near: name)
        }
        var fraction: Double?
        if function == .median { fraction = 0.5 }
        if function == .quantileCont || function == .quantileDisc {
            guard let value = bound[1].constantValue?.numeric ?? (bound[1].constantValue.flatMap { try? ValueCast.cast($0, to: .double) }?.numeric),
                  (0...1).contains(value) else {
                throw error("the second argument of \(name)() must be a constant fraction between 0 and 1", near: name)
            }
            fraction = value
            bound.removeLast()
        }
        let argumentType = bound.first?.type ?? .integer
        let type: SQLType
        switch function {
        case .countStar, .count, .grouping: type = .integer
        case .sum:
            // DuckDB: integers sum to a HUGEINT, a DECIMAL(p,s) to DECIMAL(38,s).
            guard argumentType.isNumeric || argumentType == .null else { throw error("sum() of \(argumentType) is not defined", near: name) }
            switch argumentType {
            case .double: type = .double
            case .decimal(let decimal): type = .decimal(DecimalType(width: DecimalType.maximumWidth, scale: decimal.scale))
            default: type = .hugeint
            }
        case .avg, .median, .quantileCont:
            guard argumentType.isNumeric || argumentType == .null else {
                throw error("\(name)() of \(argumentType) is not defined", near: name,
                            hint: argumentType == .date ? "use a number of days (date - date) or quantile_disc" : nil)
            }
            // The median of decimals is a decimal (DuckDB); averages are DOUBLE.
            type = function != .avg && argumentType.isDecimal ? argumentType : .double
        case .min, .max, .quantileDisc:
            type = argumentType == .null ? .integer : argumentType
        }
        if function == .sum || function == .avg || function == .median || function == .quantileCont, argumentType == .null {
            bound = [cast(bound[0], to: .integer)]
        }
        // count(*) FILTER (WHERE x IS NOT NULL) is count(x): counted from x's validity alone.
        if function == .countStar, case .isNull(let operand, negated: true)? = boundFilter {
            return .aggregate(AggregateCall(function: .count, arguments: [operand], distinct: false, filter: nil, fraction: nil, type: .integer))
        }
        return .aggregate(AggregateCall(function: function, arguments: bound, distinct: distinct && function == .count,
                                        filter: boundFilter, fraction: fraction, type: type))
    }

    func bindScalar(_ name: String, _ arguments: [BoundExpression]) throws(SQLError) -> BoundExpression {
        let aliases = ["datediff": "date_diff", "datetrunc": "date_trunc", "ifnull": "coalesce", "ceiling": "ceil", "lcase": "lower",
                       "ucase": "upper", "char_length": "length", "strlen": "length"]
        guard let function = ScalarFunction(rawValue: aliases[name] ?? name), function != .concatOperator else {
            let names = ScalarFunction.allCases.map(\.rawValue) + AggregateCall.Function.allCases.map(\.rawValue)
            throw error("no function named \(name)", near: name,
                        hint: Suggestion.closest(to: name, among: names).map { "did you mean \($0)?" })
        }
        func arity(_ counts: ClosedRange<Int>) throws(SQLError) {
            guard counts.contains(arguments.count) else {
                throw error("\(name)() takes \(counts.lowerBound == counts.upperBound ? "\(counts.lowerBound)" : "\(counts.lowerBound) to \(counts.upperBound)") argument(s), not \(arguments.count)",
                            near: name)
            }
        }
        func require(_ argument: BoundExpression, _ types: [SQLType], _ what: String) throws(SQLError) -> BoundExpression {
            if argument.type == .null { return cast(argument, to: types[0]) }
            if types.contains(argument.type) { return argument }
            if argument.type == .varchar, let value = argument.constantValue {
                return .constant(try castConstant(value, to: types[0]), types[0])
            }
            throw error("\(name)() takes \(what), not \(argument.type)", near: name)
        }
        func requireNumber(_ argument: BoundExpression, _ name: String) throws(SQLError) -> BoundExpression {
            if argument.type.isNumeric { return argument }
            return try require(argument, [.double], "a number")
        }
        switch function {
        case .year, .month, .day:
            try arity(1...1)
            return .function(function, [try require(arguments[0], [.date], "a DATE")], .integer)
        case .dateTrunc, .dateDiff:
            try arity(function == .dateTrunc ? 2...2 : 3...3)
            guard case .varchar(let part)? = arguments[0].constantValue, let unit = DatePart(part) else {
                throw error("the first argument of \(name)() must be a constant date part: 'year', 'quarter', 'month', 'week' or 'day'", near: name)
            }
            let dates = try arguments.dropFirst().map { (a) throws(SQLError) in try require(a, [.date], "DATEs") }
            return .function(function, [.constant(.varchar(unit.rawValue), .varchar)] + dates, function == .dateTrunc ? .date : .integer)
        case .round:
            try arity(1...2)
            let value = try requireNumber(arguments[0], name)
            var rest: [BoundExpression] = []
            var places: Int64 = 0
            if arguments.count == 2 {
                guard case .integer(let given)? = arguments[1].constantValue else {
                    throw error("the second argument of round() must be a constant integer (decimal places)", near: name)
                }
                rest = [arguments[1]]
                places = given
            }
            // A DECIMAL keeps its width and drops the digits rounded away; rounded to tens or
            // more, a DECIMAL of scale 0 gains a digit for the carry (DuckDB's types).
            var type = value.type
            if case .decimal(let decimal) = type {
                if places < 0, decimal.scale == 0 {
                    type = .decimal(DecimalType(width: decimal.width + 1, scale: 0))
                } else if places < decimal.scale {
                    type = .decimal(DecimalType(width: decimal.width, scale: Int(max(places, 0))))
                }
            }
            return .function(.round, [value] + rest, type)
        case .abs:
            try arity(1...1)
            let value = try requireNumber(arguments[0], name)
            return .function(function, [value], value.type)
        case .floor, .ceil:
            // DuckDB: floor and ceil of a DECIMAL(p,s) are DECIMAL(p,0); of an integer, DOUBLE (floor(3) is 3.0).
            try arity(1...1)
            let value = try requireNumber(arguments[0], name)
            if case .decimal(let decimal) = value.type {
                return .function(function, [value], .decimal(DecimalType(width: decimal.width, scale: 0)))
            }
            return .function(function, [cast(value, to: .double)], .double)
        case .coalesce, .greatest, .least:
            try arity(1...64)
            // Of NULLs only: a NULL of no type yet, as a bare NULL (DuckDB types it "NULL").
            if arguments.allSatisfy({ $0.type == .null }) { return .constant(.null, .null) }
            let type = try commonType(arguments, what: "\(name)()")
            return .function(function, arguments.map { cast($0, to: type) }, type)
        case .nullif:
            try arity(2...2)
            // Compared in the common type; the result is the first argument, in its own type
            // (DuckDB): when a cast was needed, the original comes first, then the compared pair.
            let (a, b) = try coerce(arguments[0], arguments[1], what: "nullif()")
            let original = arguments[0]
            if original.type == a.type || original.type == .null || original.type == .varchar {
                return .function(.nullif, [a, b], a.type == .null ? .integer : a.type)
            }
            return .function(.nullif, [original, a, b], original.type)
        case .lower, .upper:
            try arity(1...1)
            return .function(function, [try require(arguments[0], [.varchar], "a string")], .varchar)
        case .length:
            try arity(1...1)
            return .function(function, [try require(arguments[0], [.varchar], "a string")], .integer)
        case .concat:
            try arity(1...64)
            return .function(.concat, arguments.map { cast($0, to: .varchar) }, .varchar)
        case .concatOperator:
            preconditionFailure("|| is bound as an operator")
        }
    }
}

/// The units of `date_trunc` and `date_diff`.
enum DatePart: String, Sendable {
    case year, quarter, month, week, day

    init?(_ text: String) {
        let lowered = text.lowercased()
        let singular = lowered.hasSuffix("s") ? String(lowered.dropLast()) : lowered
        self.init(rawValue: singular == "yy" || singular == "yyyy" ? "year" : singular)
    }
}
