/// `+ - * / %` and unary minus over vectors, with DuckDB's semantics: integer overflow is an error
/// (only rows that are not null count), `/` is always a division of doubles (x/0 is ±inf or nan),
/// integer `%` by zero is an error, `date ± n` moves by days and `date - date` counts them.
enum Arithmetic {
    static func negate(_ vector: Vector) throws(QueryError) -> Vector {
        switch vector.payload {
        case .integer(let values):
            var overflow = false
            let result = values.enumerated().map { index, value -> Int64 in
                if value == .min, !vector.isNull(index) { overflow = true }
                return 0 &- value
            }
            if overflow { throw .execution("Overflow in negation of BIGINT") }
            return Vector(.integer(result), validity: vector.validity)
        case .double(let values):
            return Vector(.double(values.map { -$0 }), validity: vector.validity)
        case .wide(let values, let type):
            if values.indices.contains(where: { values[$0] == .min && !vector.isNull($0) }) {
                throw .execution("Overflow in negation of \(type)")
            }
            return Vector(.wide(values.map { $0 == .min ? 0 : -$0 }, type), validity: vector.validity)
        default:
            preconditionFailure("negation of \(vector.type)")
        }
    }

    static func apply(_ op: ArithmeticOperator, _ a: Vector, _ b: Vector, type: SQLType) throws(QueryError) -> Vector {
        let validity = Validity.both(a.validity, b.validity)
        switch (a.payload, b.payload) {
        case (.integer(let x), .integer(let y)):
            return Vector(.integer(try integers(op, x, y, validity)), validity: validity)
        case (.double(let x), .double(let y)):
            return Vector(.double(doubles(op, x, y)), validity: validity)
        case (.wide(let x, _), .wide(let y, _)):
            return Vector(.wide(try wides(op, x, y, validity, type: type), type), validity: validity)
        case (.date(let x), .date(let y)):
            precondition(op == .subtract)
            let days = [Int64](unsafeUninitializedCapacity: x.count) { out, initialized in
                x.withUnsafeBufferPointer { x in
                    y.withUnsafeBufferPointer { y in
                        for i in 0..<x.count { out[i] = Int64(x[i]) &- Int64(y[i]) }
                    }
                }
                initialized = x.count
            }
            return Vector(.integer(days), validity: validity)
        case (.date(let x), .integer(let y)):
            var overflow = false
            let days = zip(x, y).enumerated().map { index, pair -> Int32 in
                let moved = op == .add ? Int64(pair.0) &+ pair.1 : Int64(pair.0) &- pair.1
                if moved < -2_000_000 || moved > 2_000_000, validity.map({ $0[index] != 0 }) ?? true { overflow = true }
                return Int32(truncatingIfNeeded: moved)
            }
            if overflow { throw .execution("date out of range in date \(op.rawValue) integer") }
            return Vector(.date(days), validity: validity)
        default:
            preconditionFailure("arithmetic \(a.type) \(op.rawValue) \(b.type)")
        }
    }

    private static func integers(_ op: ArithmeticOperator, _ x: [Int64], _ y: [Int64], _ validity: [UInt8]?) throws(QueryError) -> [Int64] {
        let count = x.count
        var overflow: UInt8 = 0
        var divisionByZero: UInt8 = 0
        let result = [Int64](unsafeUninitializedCapacity: count) { output, initialized in
            x.withUnsafeBufferPointer { a in
                y.withUnsafeBufferPointer { b in
                    let ones = [UInt8](repeating: 1, count: validity == nil ? count : 0)
                    (validity ?? ones).withUnsafeBufferPointer { valid in
                        switch op {
                        case .add:
                            for i in 0..<count {
                                let (value, o) = a[i].addingReportingOverflow(b[i])
                                output[i] = value
                                overflow |= (o ? 1 : 0) & valid[i]
                            }
                        case .subtract:
                            for i in 0..<count {
                                let (value, o) = a[i].subtractingReportingOverflow(b[i])
                                output[i] = value
                                overflow |= (o ? 1 : 0) & valid[i]
                            }
                        case .multiply:
                            for i in 0..<count {
                                let (value, o) = a[i].multipliedReportingOverflow(by: b[i])
                                output[i] = value
                                overflow |= (o ? 1 : 0) & valid[i]
                            }
                        case .modulo:
                            for i in 0..<count {
                                let divisor = b[i]
                                divisionByZero |= (divisor == 0 ? 1 : 0) & valid[i]
                                output[i] = divisor == 0 || divisor == -1 ? 0 : a[i] % divisor
                            }
                        case .divide:
                            preconditionFailure("integer division is bound as a division of doubles")
                        }
                    }
                }
            }
            initialized = count
        }
        if divisionByZero != 0 { throw .execution("Division by zero in '%'") }
        if overflow != 0 { throw .execution("Overflow in BIGINT '\(op.rawValue)': the result does not fit in 64 bits") }
        return result
    }

    /// HUGEINT and DECIMAL arithmetic on 128-bit values. The binder brought `+ - %` operands to
    /// the result's scale; `*` multiplies unscaled values (scales add). A valid row whose result
    /// leaves 128 bits, or a DECIMAL's width, is an error.
    private static func wides(_ op: ArithmeticOperator, _ x: [Int128], _ y: [Int128], _ validity: [UInt8]?, type: SQLType) throws(QueryError) -> [Int128] {
        var result = [Int128](repeating: 0, count: x.count)
        let width: Int? = if case .decimal(let decimal) = type { decimal.width } else { nil } // HUGEINT: 128 bits are the limit
        for i in x.indices where validity.map({ $0[i] != 0 }) ?? true {
            let (a, b) = (x[i], y[i])
            let (value, overflow): (Int128, Bool)
            switch op {
            case .add: (value, overflow) = a.addingReportingOverflow(b)
            case .subtract: (value, overflow) = a.subtractingReportingOverflow(b)
            case .multiply: (value, overflow) = a.multipliedReportingOverflow(by: b)
            case .modulo:
                guard b != 0 else { throw .execution("Division by zero in '%'") }
                (value, overflow) = (b == -1 ? 0 : a % b, false)
            case .divide: throw .execution("\(type) '/' is computed as a DOUBLE division") // the binder binds it so
            }
            guard !overflow, width.map({ Decimal128.fits(value, width: $0) }) ?? true else {
                throw .execution("Overflow in \(type) '\(op.rawValue)': the result does not fit in \(type)")
            }
            result[i] = value
        }
        return result
    }

    private static func doubles(_ op: ArithmeticOperator, _ x: [Double], _ y: [Double]) -> [Double] {
        switch op {
        case .add: zip(x, y).map { $0 + $1 }
        case .subtract: zip(x, y).map { $0 - $1 }
        case .multiply: zip(x, y).map { $0 * $1 }
        case .divide: zip(x, y).map { $0 / $1 }
        case .modulo: zip(x, y).map { $0.truncatingRemainder(dividingBy: $1) }
        }
    }
}
