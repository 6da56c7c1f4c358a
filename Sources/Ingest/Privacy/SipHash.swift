/// SipHash-2-4 (Aumasson and Bernstein): a keyed pseudo-random function for short inputs.
///
/// Used to turn a certifier's pathway key (a dossier number, text) into the stored 63-bit
/// `pathway_id`: stable under one pseudonymisation key, not computable without it, and a few
/// nanoseconds per row where an HMAC would cost a microsecond.
struct SipHash24: Sendable {
    let k0: UInt64, k1: UInt64

    init(key: [UInt8]) {
        precondition(key.count >= 16, "SipHash needs a 128-bit key")
        func word(_ start: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(key[start + $1]) << (8 * UInt64($1)) } }
        k0 = word(0)
        k1 = word(8)
    }

    func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var v0: UInt64 = 0x736f_6d65_7073_6575 ^ k0
        var v1: UInt64 = 0x646f_7261_6e64_6f6d ^ k1
        var v2: UInt64 = 0x6c79_6765_6e65_7261 ^ k0
        var v3: UInt64 = 0x7465_6462_7974_6573 ^ k1
        @inline(__always) func round() {
            v0 &+= v1; v1 = v1.rotatedLeft(13); v1 ^= v0; v0 = v0.rotatedLeft(32)
            v2 &+= v3; v3 = v3.rotatedLeft(16); v3 ^= v2
            v0 &+= v3; v3 = v3.rotatedLeft(21); v3 ^= v0
            v2 &+= v1; v1 = v1.rotatedLeft(17); v1 ^= v2; v2 = v2.rotatedLeft(32)
        }
        let count = bytes.count
        var index = 0
        while index + 8 <= count {
            var m: UInt64 = 0
            for byte in 0..<8 { m |= UInt64(bytes[index + byte]) << (8 * UInt64(byte)) }
            v3 ^= m; round(); round(); v0 ^= m
            index += 8
        }
        var last = UInt64(truncatingIfNeeded: count) << 56
        for byte in 0..<(count - index) { last |= UInt64(bytes[index + byte]) << (8 * UInt64(byte)) }
        v3 ^= last; round(); round(); v0 ^= last
        v2 ^= 0xff
        round(); round(); round(); round()
        return v0 ^ v1 ^ v2 ^ v3
    }
}

extension UInt64 {
    @inline(__always)
    func rotatedLeft(_ count: UInt64) -> UInt64 { self << count | self >> (64 - count) }
}
