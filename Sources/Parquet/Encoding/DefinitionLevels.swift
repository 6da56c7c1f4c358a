/// The definition levels of a data page of an optional column in a flat schema: 1 for a value, 0
/// for NULL, RLE/bit-packed with width 1 and prefixed by their byte length (data page v1).
enum DefinitionLevels {
    static func encode(_ validity: [UInt8]?, _ rows: Range<Int>, allNull: Bool, into output: inout [UInt8]) {
        let lengthAt = output.count
        output.append(contentsOf: [0, 0, 0, 0])
        if let validity, !allNull {
            validity.withUnsafeBufferPointer { valid in
                HybridEncoder.encode(UnsafeBufferPointer(rebasing: valid[rows]), bitWidth: 1, into: &output)
            }
        } else {
            // One run: every row valid, or (a column of NULLs) none.
            HybridEncoder.varint(UInt64(rows.count) << 1, into: &output)
            output.append(allNull ? 0 : 1)
        }
        let length = UInt32(output.count - lengthAt - 4)
        for byte in 0..<4 { output[lengthAt + byte] = UInt8(truncatingIfNeeded: length >> (8 * byte)) }
    }
}
