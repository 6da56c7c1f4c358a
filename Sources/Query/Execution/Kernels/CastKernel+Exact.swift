/// Casts to, from and between the exact numbers held in 128 bits (HUGEINT, DECIMAL): integers
/// scale up, decimals round half away from zero when digits are dropped, doubles round as DuckDB
/// does (value × 10^scale, half away from zero). A valid row that does not fit is an error.
extension CastKernel {
    /// The cast when it involves a HUGEINT or a DECIMAL on either side, nil otherwise.
    static func exact(_ vector: Vector, to type: SQLType) throws(QueryError) -> Vector? {
        let validity = vector.validity
        switch (vector.payload, type) {
        case (.wide(let x, let from), .double):
            let scale = from.asDecimal?.scale ?? 0
            return Vector(.double(x.map { Decimal128.double($0, scale: scale) }), validity: validity)
        case (.wide(let x, _), .boolean):
            return Vector(.boolean(x.map { $0 != 0 ? 1 : 0 }), validity: validity)
        case (.wide(let x, let from), .integer), (.wide(let x, let from), .hugeint), (.wide(let x, let from), .decimal):
            return try rescaled(x, scale: from.asDecimal?.scale ?? 0, vector, to: type)
        case (.integer(let x), .hugeint), (.integer(let x), .decimal):
            return try rescaled(x.map { Int128($0) }, scale: 0, vector, to: type)
        case (.boolean(let x), .hugeint), (.boolean(let x), .decimal):
            return try rescaled(x.map { Int128($0) }, scale: 0, vector, to: type)
        case (.double(let x), .hugeint), (.double(let x), .decimal):
            let target = type.asDecimal ?? DecimalType.hugeint
            var out = [Int128](repeating: 0, count: x.count)
            for index in x.indices where !vector.isNull(index) {
                guard let value = Decimal128.from(x[index], target) else {
                    throw .execution("Conversion error: could not cast value \(Value.format(x[index])) to \(type)")
                }
                out[index] = value
            }
            return Vector(.wide(out, type), validity: validity)
        default:
            return nil
        }
    }

    /// Exact values at `scale` digits after the point as `type` (BIGINT, HUGEINT or DECIMAL).
    private static func rescaled(_ x: [Int128], scale: Int, _ vector: Vector, to type: SQLType) throws(QueryError) -> Vector {
        func outOfRange(_ index: Int) -> QueryError {
            .execution("Conversion error: casting value \(vector.value(at: index)) to type \(type) failed: value is out of range")
        }
        switch type {
        case .integer:
            var out = [Int64](repeating: 0, count: x.count)
            for index in x.indices where !vector.isNull(index) {
                guard let value = Int64(exactly: Decimal128.divideRounding(x[index], digits: scale)) else { throw outOfRange(index) }
                out[index] = value
            }
            return Vector(.integer(out), validity: vector.validity)
        case .decimal(let target):
            var out = [Int128](repeating: 0, count: x.count)
            for index in x.indices where !vector.isNull(index) {
                guard let value = Decimal128.rescale(x[index], from: scale, to: target.scale),
                      Decimal128.fits(value, width: target.width) else { throw outOfRange(index) }
                out[index] = value
            }
            return Vector(.wide(out, type), validity: vector.validity)
        default:
            return Vector(.wide(scale == 0 ? x : x.map { Decimal128.divideRounding($0, digits: scale) }, type), validity: vector.validity)
        }
    }
}
