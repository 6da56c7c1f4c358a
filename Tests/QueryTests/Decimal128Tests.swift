import Testing
@testable import Query
import Support

/// The fast conversions between 128-bit integers and doubles against the standard library's
/// generic ones (slow, but correctly rounded): a reference that is not the code under test.
@Suite struct Decimal128Tests {
    @Test func integersConvertToTheNearestDouble() {
        var random = SplitMix64(seed: 15)
        var values: [Int128] = [0, 1, -1, .max, .min + 1, Int128(Int64.max) + 1, Int128(Int64.min) - 1, 1 << 100, -(1 << 100)]
        for _ in 0..<20_000 {
            let high = Int64(bitPattern: random.next()), low = random.next()
            let bits = Int(random.next() % 127)
            values.append((Int128(high) << 64 | Int128(low)) >> bits)
        }
        for value in values where value != .min {
            #expect(Decimal128.double(value) == Double(value), "\(value)")
        }
    }

    @Test func integralDoublesConvertExactly() {
        var random = SplitMix64(seed: 16)
        var values: [Double] = [0, -0.0, 1, -1, 0x1p63, -0x1p63, 0x1p64, 0x1p126, -0x1p126, 0x1.fffffffffffffp126, 9.2e18]
        for _ in 0..<20_000 {
            let exponent = Int(random.next() % 127)
            let significand = 1 + Double(random.next() % (1 << 52)) / 0x1p52
            values.append(Double(sign: random.next() % 2 == 0 ? .plus : .minus, exponent: exponent, significand: significand).rounded(.towardZero))
        }
        for value in values {
            #expect(Decimal128.integer(value) == Int128(exactly: value), "\(value)")
        }
        for refused in [Double.nan, .infinity, -.infinity, 0x1p127, -0x1p127, 0.5, 1e300] {
            #expect(Decimal128.integer(refused) == nil, "\(refused)")
        }
    }
}
