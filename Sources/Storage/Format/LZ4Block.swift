import CLZ4

/// The LZ4 block API (liblz4), applied on top of a lightweight encoding when it pays.
///
/// Block mode (not frame mode): the decompressed length is stored in the chunk's footer entry, so
/// no frame header or content checksum is needed; the chunk checksum already covers the bytes.
enum LZ4Block {
    /// Compresses `input`; returns nil when the result would not be at least `minimumSaving` smaller
    /// (a fraction of the input), so callers store the bytes as they are.
    static func compress(_ input: UnsafeRawBufferPointer, minimumSaving: Double = 0.125) -> [UInt8]? {
        guard input.count >= 64, input.count < Int(LZ4_MAX_INPUT_SIZE) else { return nil }
        let bound = Int(LZ4_compressBound(Int32(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let written = output.withUnsafeMutableBytes { out in
            LZ4_compress_default(
                input.baseAddress!.assumingMemoryBound(to: CChar.self),
                out.baseAddress!.assumingMemoryBound(to: CChar.self),
                Int32(input.count), Int32(bound))
        }
        guard written > 0, Double(written) <= Double(input.count) * (1 - minimumSaving) else { return nil }
        output.removeLast(bound - Int(written))
        return output
    }

    /// Decompresses exactly `decompressedCount` bytes into `output`; returns false on malformed input
    /// (liblz4's safe decoder never writes outside `output`).
    static func decompress(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) -> Bool {
        guard let source = input.baseAddress, let destination = output.baseAddress else {
            return input.isEmpty && output.isEmpty
        }
        let result = LZ4_decompress_safe(
            source.assumingMemoryBound(to: CChar.self),
            destination.assumingMemoryBound(to: CChar.self),
            Int32(input.count), Int32(output.count))
        return Int(result) == output.count
    }
}
