/// The parameters of a DECIMAL: `width` significant digits of which `scale` follow the point.
///
/// Invariant: 1 ≤ width ≤ 38 and 0 ≤ scale ≤ width, so every value (its unscaled integer, below
/// 10^width in magnitude) fits a 128-bit integer. The result types of arithmetic follow DuckDB.
public struct DecimalType: Sendable, Hashable, CustomStringConvertible {
    public let width: Int
    public let scale: Int

    public static let maximumWidth = 38
    /// `DECIMAL` without parameters.
    static let unspecified = DecimalType(width: 18, scale: 3)
    /// A BIGINT in decimal arithmetic (19 digits hold every 64-bit integer).
    static let bigint = DecimalType(width: 19, scale: 0)
    /// An integer literal that fits 32 bits (DuckDB types it INTEGER: 10 digits).
    static let integerLiteral = DecimalType(width: 10, scale: 0)
    static let hugeint = DecimalType(width: 38, scale: 0)

    /// A type from trusted parameters; widths above 38 are capped, the scale kept within the width.
    init(width: Int, scale: Int) {
        let clampedScale = min(max(scale, 0), DecimalType.maximumWidth)
        self.width = min(max(width, clampedScale, 1), DecimalType.maximumWidth)
        self.scale = clampedScale
    }

    /// A type from parameters a user wrote, refused with DuckDB's messages when out of range.
    init(checkedWidth width: Int, scale: Int) throws(TypeNameError) {
        guard (1...DecimalType.maximumWidth).contains(width) else {
            throw TypeNameError(description: "DECIMAL type width must be between 1 and 38")
        }
        guard (0...width).contains(scale) else { throw TypeNameError(description: "DECIMAL type scale cannot be greater than width") }
        self.init(width: width, scale: scale)
    }

    public var description: String { "DECIMAL(\(width),\(scale))" }

    /// Digits before the point.
    var integerDigits: Int { width - scale }

    /// The smallest decimal that holds both (for comparisons, CASE, coalesce, IN): the larger
    /// integer part and the larger scale, capped at 38 digits.
    static func holding(_ a: DecimalType, _ b: DecimalType) -> DecimalType {
        let scale = max(a.scale, b.scale)
        return DecimalType(width: max(a.integerDigits, b.integerDigits) + scale, scale: scale)
    }

    /// `a + b` and `a - b`: one more integer digit than the larger operand's.
    static func sum(_ a: DecimalType, _ b: DecimalType) -> DecimalType {
        let scale = max(a.scale, b.scale)
        return DecimalType(width: max(a.integerDigits, b.integerDigits) + scale + 1, scale: scale)
    }

    /// `a * b`: widths and scales add (the width capped at 38); nil when the scale exceeds 38.
    static func product(_ a: DecimalType, _ b: DecimalType) -> DecimalType? {
        let scale = a.scale + b.scale
        guard scale <= maximumWidth else { return nil }
        return DecimalType(width: a.width + b.width, scale: scale)
    }

    /// `a % b`: the result is no larger than either operand.
    static func remainder(_ a: DecimalType, _ b: DecimalType) -> DecimalType { holding(a, b) }
}
