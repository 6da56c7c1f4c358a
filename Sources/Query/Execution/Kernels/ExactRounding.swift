/// `round`, `floor` and `ceil` of HUGEINTs and DECIMALs, exactly, as DuckDB: `round` goes half
/// away from zero and keeps the width (DECIMAL(p,s) to DECIMAL(p, min(s, places)) for places ≥ 0,
/// scale 0 for fewer); `floor` and `ceil` give DECIMAL(p,0).
enum ExactRounding {
    /// The values rounded to `places` digits after the point, at the result's scale.
    static func round(_ x: [Int128], from type: SQLType, places: Int64, validity: [UInt8]?) throws(QueryError) -> [Int128] {
        let scale = type.asDecimal?.scale ?? 0
        guard places < scale else { return x } // nothing to drop
        if places >= 0 { return x.map { Decimal128.divideRounding($0, digits: scale - Int(places)) } }
        // To tens, hundreds…: at scale 0, a multiple of 10^-places (0 once the unit exceeds any value).
        guard places >= -Int64(DecimalType.maximumWidth) else { return [Int128](repeating: 0, count: x.count) }
        let digits = Int(-places)
        var result = [Int128](repeating: 0, count: x.count)
        for index in x.indices where validity.map({ $0[index] != 0 }) ?? true {
            let (value, overflow) = Decimal128.divideRounding(x[index], digits: scale + digits).multipliedReportingOverflow(by: Decimal128.pow10(digits))
            guard !overflow else { throw .execution("Overflow in round(): the result does not fit in \(type)") }
            result[index] = value
        }
        return result
    }

    /// A value of `scale` rounded to an integer, down (`floor`) or up (`ceil`).
    @inline(__always)
    static func toInteger(_ value: Int128, scale: Int, up: Bool) -> Int128 {
        guard scale > 0 else { return value }
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: Decimal128.pow10(scale))
        if up { return remainder > 0 ? quotient + 1 : quotient }
        return remainder < 0 ? quotient - 1 : quotient
    }
}
