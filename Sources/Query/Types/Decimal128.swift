/// Exact decimal arithmetic on unscaled 128-bit integers: a DECIMAL(p,s) value v stands for
/// v / 10^s with |v| < 10^p. Cold and per-row helpers alike; none traps: every operation that can
/// leave the range returns nil for the caller to report.
enum Decimal128 {
    /// 10^0 ... 10^38 (10^38 < 2^127).
    static let powersOfTen: [Int128] = {
        var powers: [Int128] = [1]
        for _ in 1...DecimalType.maximumWidth { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()

    /// 10^exponent for 0 ≤ exponent ≤ 38.
    @inline(__always)
    static func pow10(_ exponent: Int) -> Int128 { powersOfTen[min(max(exponent, 0), DecimalType.maximumWidth)] }

    /// Whether `value` has at most `width` digits.
    @inline(__always)
    static func fits(_ value: Int128, width: Int) -> Bool {
        let bound = pow10(width)
        return value < bound && value > -bound
    }

    /// `value` divided by 10^digits, rounded half away from zero (DuckDB's rounding for casts and round()).
    static func divideRounding(_ value: Int128, digits: Int) -> Int128 {
        guard digits > 0 else { return value }
        guard digits <= DecimalType.maximumWidth else { return 0 } // |value| < 2^127 < 10^39 / 2
        let divisor = pow10(digits)
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        let magnitude = remainder < 0 ? -remainder : remainder
        guard magnitude >= divisor - magnitude else { return quotient } // below half
        return value < 0 ? quotient - 1 : quotient + 1
    }

    /// A value of scale `from` at scale `to` (rounded half away from zero when digits are
    /// dropped), nil when it no longer fits 128 bits.
    static func rescale(_ value: Int128, from: Int, to: Int) -> Int128? {
        if to == from { return value }
        if to < from { return divideRounding(value, digits: from - to) }
        guard to - from <= DecimalType.maximumWidth else { return value == 0 ? 0 : nil } // × 10^39 or more leaves 128 bits
        let (result, overflow) = value.multipliedReportingOverflow(by: pow10(to - from))
        return overflow ? nil : result
    }

    /// The text DuckDB prints: `-12.50`, `0.05`, `7` (scale 0); no zero before the point when
    /// the type has no integer digits (`.5` for a DECIMAL(1,1)).
    static func format(_ value: Int128, _ type: DecimalType) -> String {
        let negative = value < 0, scale = type.scale
        var digits = String(value.magnitude)
        guard scale > 0 else { return (negative ? "-" : "") + digits }
        let leading = type.integerDigits > 0 ? 1 : 0
        if digits.count < scale + leading { digits = String(repeating: "0", count: scale + leading - digits.count) + digits }
        let point = digits.index(digits.endIndex, offsetBy: -scale)
        return (negative ? "-" : "") + digits[..<point] + "." + digits[point...]
    }

    /// A decimal's value as the nearest double (exact for up to 15 significant digits).
    static func double(_ value: Int128, scale: Int) -> Double {
        guard scale > 0 else { return double(value) }
        // Split so each part converts exactly when it can: integer part + fraction / 10^scale.
        let (whole, fraction) = value.quotientAndRemainder(dividingBy: pow10(scale))
        return double(whole) + double(fraction) / powersOfTenAsDoubles[min(scale, DecimalType.maximumWidth)]
    }

    /// 10^0 ... 10^38 as doubles.
    static let powersOfTenAsDoubles: [Double] = powersOfTen.map { double($0) }

    /// A 128-bit integer as the nearest double. The standard library's generic conversion
    /// (`Double(_: Int128)`) costs thousands of instructions a value (measured); this one keeps
    /// the top 64 bits with a sticky bit for the rest, so the one rounding (UInt64 to Double, 11
    /// bits to spare) is the correct one.
    @inline(__always)
    static func double(_ value: Int128) -> Double {
        if let small = Int64(exactly: value) { return Double(small) }
        let magnitude = value.magnitude
        let excess = 64 - magnitude.leadingZeroBitCount // bits beyond the low 64 (1...64)
        let dropped = magnitude & ((1 << UInt128(excess)) - 1)
        let top = UInt64(truncatingIfNeeded: magnitude >> UInt128(excess)) | (dropped != 0 ? 1 : 0)
        let result = Double(top) * Double(sign: .plus, exponent: excess, significand: 1)
        return value < 0 ? -result : result
    }

    /// An integral double as a 128-bit integer, nil when it is not finite or beyond ±2^127.
    static func integer(_ value: Double) -> Int128? {
        guard value.isFinite, value > -0x1p127, value < 0x1p127, value == value.rounded(.towardZero) else { return nil }
        if let small = Int64(exactly: value) { return Int128(small) }
        // |value| ≥ 2^63 has at most 53 significant bits: both halves convert exactly.
        let high = (value / 0x1p64).rounded(.down)
        let low = value - high * 0x1p64
        return Int128(Int64(high)) << 64 + Int128(UInt64(low))
    }

    /// A double as DECIMAL of `type` (value × 10^scale rounded half away from zero, as DuckDB),
    /// nil when it is not finite or does not fit.
    static func from(_ value: Double, _ type: DecimalType) -> Int128? {
        guard value.isFinite else { return nil }
        let scaled = (value * powersOfTenAsDoubles[type.scale]).rounded(.toNearestOrAwayFromZero)
        let bound = powersOfTenAsDoubles[type.width]
        guard scaled > -bound, scaled < bound else { return nil }
        return integer(scaled)
    }

    /// Text as DECIMAL of `type`: `[sign]digits[.digits][e[sign]digits]` (a 16-bit exponent),
    /// surrounding spaces allowed, rounded half away from zero to the scale; nil when malformed
    /// or too wide.
    static func parse(_ text: String, _ type: DecimalType) -> Int128? {
        var bytes = Substring(text).utf8.drop { $0 == 0x20 }
        while bytes.last == 0x20 { bytes = bytes.dropLast() }
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var digits: [UInt8] = [], fractionDigits = 0, seenPoint = false, exponent = 0
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                digits.append(byte - 0x30)
                if seenPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                // A 16-bit exponent, as DuckDB reads one.
                guard let value = Int16(String(decoding: bytes[bytes.index(after: index)...], as: UTF8.self)) else { return nil }
                exponent = Int(value)
                break
            } else {
                return nil
            }
            index = bytes.index(after: index)
        }
        guard !digits.isEmpty else { return nil }
        // The digits stand for digits × 10^(exponent - fractionDigits); bring them to the scale.
        let shift = exponent - fractionDigits + type.scale
        var kept = digits.drop { $0 == 0 }
        guard !kept.isEmpty else { return 0 } // zero at any scale and exponent
        var dropped: [UInt8] = []
        if shift < 0 {
            let cut = max(kept.count + shift, 0)
            dropped = Array(kept.suffix(from: kept.startIndex + cut))
            kept = kept.prefix(cut)
        }
        guard kept.count + max(shift, 0) <= type.width else { return nil }
        var value: Int128 = 0
        for digit in kept { value = value * 10 + Int128(digit) }
        if shift > 0 { value *= pow10(shift) }
        // Half away from zero: the first dropped digit decides (the magnitude only, sign after).
        // Leading dropped zeros that sit beyond the digits written count as zeros.
        let missing = max(-shift - dropped.count, 0)
        if missing == 0, let first = dropped.first, first >= 5 { value += 1 }
        guard fits(value, width: type.width) else { return nil }
        return negative ? -value : value
    }
}
