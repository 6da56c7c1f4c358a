import Foundation
import Testing
@testable import Storage

/// Damaged chunk payloads whose checksum was recomputed, so that the checksum lets them through
/// and the decoders' own bounds checks are what stand between a bad file and a trap: every
/// mutation must decode to a column of the right length or be refused with an error — never read
/// outside a buffer, never stop the process. Seeds replay exactly.
@Suite("Chunk decoder fuzzing")
struct ChunkFuzzTests {
    /// Every type under every encoding that applies to it (plain LZ4 and without), with nulls.
    static func chunks(seed: UInt64) -> [ColumnChunkCodec.Encoded] {
        var rng = SeededGenerator(seed: seed)
        var result: [ColumnChunkCodec.Encoded] = []
        for type in ColumnType.allCases {
            for (index, encoding) in EncodingKind.applicable(to: type).enumerated() {
                let nulls = TestData.Nulls.allCases[index % TestData.Nulls.allCases.count]
                let shape = DataShape.allCases[(index + Int(seed)) % DataShape.allCases.count]
                let column = TestData.column(type, count: 300, shape: shape, nulls: nulls, rng: &rng)
                for lz4 in [false, true] {
                    result.append(ColumnChunkCodec.encode(column, policy: EncodingPolicy(forcedEncoding: encoding, forcedLZ4: lz4)))
                }
            }
        }
        return result
    }

    /// `chunk` with `bytes` as its stored bytes and a checksum that matches them.
    static func resealed(_ chunk: ColumnChunkCodec.Encoded, _ bytes: [UInt8]) -> ColumnChunkCodec.Encoded {
        var descriptor = chunk.descriptor
        descriptor.storedLength = bytes.count
        if descriptor.compression == .none { descriptor.payloadLength = bytes.count }
        descriptor.checksum = Checksum.xxh64(bytes)
        return ColumnChunkCodec.Encoded(descriptor: descriptor, bytes: bytes, rowCount: chunk.rowCount)
    }

    @Test("mutated payloads with valid checksums decode or are refused, never trap", arguments: [1, 2, 3] as [UInt64])
    func mutatedPayloads(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed &* 7919)
        var decoded = 0, refused = 0
        for chunk in Self.chunks(seed: seed) {
            #expect(try ColumnChunkCodec.decode(chunk).count == chunk.rowCount, "the intact chunk decodes")
            for trial in 0..<60 {
                var bytes = chunk.bytes
                switch trial % 5 {
                case 0 where !bytes.isEmpty:  // flip bits
                    for _ in 0..<Int.random(in: 1...4, using: &rng) { bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng) }
                case 1:  // cut
                    bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
                case 2:  // extend with noise
                    bytes += (0..<Int.random(in: 1...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                case 3 where bytes.count >= 8:  // a word made huge (a length, a count, a width)
                    let at = Int.random(in: 0...(bytes.count - 8), using: &rng)
                    for offset in 0..<8 { bytes[at + offset] = offset == 7 ? 0x7F : 0xFF }
                default:  // all noise of the same length
                    bytes = bytes.map { _ in UInt8.random(in: 0...255, using: &rng) }
                }
                do {
                    let column = try ColumnChunkCodec.decode(Self.resealed(chunk, bytes))
                    #expect(column.count == chunk.rowCount, "a decoded chunk has its rows")
                    decoded += 1
                } catch {
                    refused += 1
                }
            }
        }
        #expect(refused > decoded, "most damage is caught by the decoders' checks (\(refused) refused, \(decoded) decoded)")
    }

    @Test("a descriptor that lies (type, encoding, null count, lengths) is refused, never trusted", arguments: [4, 5] as [UInt64])
    func lyingDescriptors(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for chunk in Self.chunks(seed: seed) {
            for _ in 0..<20 {
                var descriptor = chunk.descriptor
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: descriptor.type = ColumnType.allCases.randomElement(using: &rng) ?? .int8
                case 1: descriptor.encoding = EncodingKind.allCases.randomElement(using: &rng) ?? .plain
                case 2: descriptor.statistics.nullCount = Int.random(in: 0...400, using: &rng)
                case 3: descriptor.hasValidity.toggle()
                default: descriptor.payloadLength = Int.random(in: 0...100_000, using: &rng)
                }
                let lying = ColumnChunkCodec.Encoded(descriptor: descriptor, bytes: chunk.bytes, rowCount: chunk.rowCount)
                if let column = try? ColumnChunkCodec.decode(lying) { #expect(column.count == chunk.rowCount) }
            }
        }
    }
}
