@testable import Parquet
import Testing

/// The RLE / bit-packed hybrid encoding, decoded by a reader written here from the format's
/// specification (runs: a varint header, `count << 1` then the value, or `groups << 1 | 1` then
/// groups of eight values packed LSB first). The files' own round trips go through DuckDB and
/// pyarrow (QueryTests); these cover the shapes those tables do not reach.
@Suite("RLE / bit-packed hybrid")
struct HybridEncoderTests {
    static func decode(_ bytes: [UInt8], bitWidth: Int, count: Int) -> [UInt32]? {
        var values: [UInt32] = []
        var index = 0
        func varint() -> UInt64? {
            var result: UInt64 = 0, shift: UInt64 = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                result |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return result }
                shift += 7
            }
            return nil
        }
        while values.count < count {
            guard let header = varint() else { return nil }
            if header & 1 == 0 {
                var value: UInt32 = 0
                for byte in 0..<((bitWidth + 7) / 8) {
                    guard index < bytes.count else { return nil }
                    value |= UInt32(bytes[index]) << (8 * byte)
                    index += 1
                }
                values += Array(repeating: value, count: Int(header >> 1))
            } else {
                let total = Int(header >> 1) * 8
                var bit = 0
                for _ in 0..<total {
                    var value: UInt32 = 0
                    for position in 0..<bitWidth {
                        let at = index + (bit + position) / 8
                        guard at < bytes.count else { return nil }
                        value |= UInt32((bytes[at] >> ((bit + position) % 8)) & 1) << position
                    }
                    bit += bitWidth
                    values.append(value)
                }
                index += (total * bitWidth + 7) / 8
            }
        }
        return index == bytes.count ? Array(values.prefix(count)) : nil
    }

    static func roundTrip(_ values: [UInt32], bitWidth: Int) -> [UInt32]? {
        var bytes: [UInt8] = []
        values.withUnsafeBufferPointer { HybridEncoder.encode($0, bitWidth: bitWidth, into: &bytes) }
        return decode(bytes, bitWidth: bitWidth, count: values.count)
    }

    @Test("runs, mixed groups, runs that lend values to the packed run before them, every bit width")
    func shapes() {
        var random = SystemRandomNumberGenerator()
        for bitWidth in [1, 2, 3, 7, 8, 9, 13, 16, 17, 24, 31, 32] {
            let top = bitWidth == 32 ? UInt32.max : (1 << UInt32(bitWidth)) - 1
            let shapes: [[UInt32]] = [
                [], [top], Array(repeating: top, count: 1000), (0..<19).map { UInt32($0) & top },
                [1, 2, 3].map { $0 & top } + Array(repeating: 5 & top, count: 9) + [0], // a run of 9 after 3: lends 5, keeps 4 packed
                [1, 2, 3].map { $0 & top } + Array(repeating: 5 & top, count: 13) + [0, 1],
                (0..<5000).map { _ in UInt32.random(in: 0...top, using: &random) },
                (0..<5000).map { $0 % 50 < 40 ? top : UInt32.random(in: 0...top, using: &random) },
            ]
            for values in shapes {
                #expect(Self.roundTrip(values, bitWidth: bitWidth) == values, "width \(bitWidth), \(values.count) values")
            }
        }
    }

    @Test("the bit width of dictionary indices")
    func bitWidths() {
        #expect(HybridEncoder.bitWidth(forCount: 1) == 1)
        #expect(HybridEncoder.bitWidth(forCount: 2) == 1)
        #expect(HybridEncoder.bitWidth(forCount: 3) == 2)
        #expect(HybridEncoder.bitWidth(forCount: 256) == 8)
        #expect(HybridEncoder.bitWidth(forCount: 257) == 9)
    }
}
