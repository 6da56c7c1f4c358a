import Storage

/// One CSV row being formatted, as bytes: integers, hex, dates and text appended without any
/// `String` or allocation per field. A value type on purpose: a class property written per byte
/// pays a dynamic exclusivity check each time (measured at a quarter of the generator's time).
public struct RowBuffer: Sendable {
    public var bytes: [UInt8] = []

    public init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    @inline(__always)
    public mutating func byte(_ value: UInt8) { bytes.append(value) }

    public mutating func text(_ value: String) {
        var copy = value
        copy.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A non-negative or negative integer in decimal.
    public mutating func integer(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        digits(Int(value.magnitude), width: 1)
    }

    /// At least `width` decimal digits, zero-padded; `value` is non-negative.
    public mutating func digits(_ value: Int, width: Int) {
        var count = 1, limit = 10
        while value >= limit && count < 19 { count += 1; limit &*= 10 }
        var divisor = 1
        for _ in 1..<max(width, count) { divisor &*= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / divisor % 10))
            divisor /= 10
        }
    }

    /// 16 lower-case hex digits.
    public mutating func hex64(_ value: UInt64) {
        for shift in stride(from: 60, through: 0, by: -4) {
            let nibble = UInt8((value >> UInt64(shift)) & 0xF)
            bytes.append(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
        }
    }

    /// `YYYY-MM-DD`.
    public mutating func isoDate(_ days: Int32) {
        let date = CivilDate(daysSinceEpoch: days)
        fourDigits(date.year)
        bytes.append(UInt8(ascii: "-"))
        twoDigits(date.month)
        bytes.append(UInt8(ascii: "-"))
        twoDigits(date.day)
    }

    /// `dd/mm/yyyy`, what French spreadsheets write.
    public mutating func frenchDate(_ days: Int32) {
        let date = CivilDate(daysSinceEpoch: days)
        twoDigits(date.day)
        bytes.append(UInt8(ascii: "/"))
        twoDigits(date.month)
        bytes.append(UInt8(ascii: "/"))
        fourDigits(date.year)
    }

    @inline(__always)
    mutating func fourDigits(_ value: Int) {
        twoDigits(value / 100 % 100)
        twoDigits(value % 100)
    }

    @inline(__always)
    mutating func twoDigits(_ value: Int) {
        bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10))
        bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10))
    }

    public mutating func endLine(crlf: Bool) {
        if crlf { bytes.append(13) }
        bytes.append(10)
    }
}
