/// Run-length: `runCount: UInt32`, the run values as a bit-packed block relative to their minimum,
/// then the run lengths as a bit-packed block relative to the shortest run.
///
/// Also used for dictionary codes (see `CodeStream`), which is what makes sorted low-cardinality
/// columns (certifier, region) cost a few bytes per segment.
enum RunLengthCodec: IntegerCodec {
    static let kind = EncodingKind.runLength

    static func size(runCount: Int, valueWidth: Int, lengthWidth: Int) -> Int {
        4 + BitPacking.blockSize(count: runCount, width: valueWidth)
            + BitPacking.blockSize(count: runCount, width: lengthWidth)
    }

    static func encodedSize(_ profile: IntegerProfile) -> Int? {
        size(runCount: profile.runCount, valueWidth: profile.rangeWidth, lengthWidth: profile.runLengthWidth)
    }

    static func encode<T: PhysicalInteger>(_ values: UnsafeBufferPointer<T>, _ profile: IntegerProfile, into writer: inout ByteWriter) {
        writeRuns(values, runCount: profile.runCount, into: &writer)
    }

    static func decode<T: PhysicalInteger>(_ reader: inout ByteReader, into output: UnsafeMutableBufferPointer<T>) throws {
        try readRuns(&reader, into: output)
    }

    /// Writes any integers (also unsigned codes) as runs; the widths are measured here. `runCount`
    /// (measured by the caller's profile) sizes the buffers exactly: no array grows per run.
    static func writeRuns<T: FixedWidthInteger>(_ values: UnsafeBufferPointer<T>, runCount: Int, into writer: inout ByteWriter) {
        precondition(values.isEmpty == (runCount == 0), "the run count does not match the values")
        var runValues = [T](repeating: 0, count: runCount)
        var runLengths = [Int64](repeating: 0, count: runCount)
        var low = Int64.max, high = Int64.min, shortest = Int64.max, longest: Int64 = 0
        runValues.withUnsafeMutableBufferPointer { valuesOut in
            runLengths.withUnsafeMutableBufferPointer { lengthsOut in
                guard let first = values.first else { return }
                // Branch-free (run boundaries are unpredictable): every value is stored at its
                // run's slot, and so is its index, so each slot ends with its run's last index;
                // lengths are differences of those. One more slot than runs would be needed only
                // if the profile undercounted, which the precondition below catches.
                var run = 0
                valuesOut[0] = first
                lengthsOut[0] = 0
                for index in 1..<values.count {
                    let value = values[index]
                    run &+= value == values[index - 1] ? 0 : 1
                    precondition(run < runCount, "more runs than the profile counted")
                    valuesOut[run] = value
                    lengthsOut[run] = Int64(index)
                }
                precondition(run + 1 == runCount, "the run count does not match the values")
                var previousEnd: Int64 = -1
                for slot in 0..<runCount {
                    let end = lengthsOut[slot]
                    let length = end - previousEnd
                    previousEnd = end
                    lengthsOut[slot] = length
                    low = Swift.min(low, Int64(truncatingIfNeeded: valuesOut[slot]))
                    high = Swift.max(high, Int64(truncatingIfNeeded: valuesOut[slot]))
                    shortest = Swift.min(shortest, length)
                    longest = Swift.max(longest, length)
                }
            }
        }
        if runCount == 0 { (low, high, shortest) = (0, 0, 0) }
        writer.write(UInt32(runCount))
        runValues.withUnsafeBufferPointer {
            BitPacking.writeBlock($0, reference: low, width: BitPacking.width(forRange: UInt64(bitPattern: high &- low)), into: &writer)
        }
        runLengths.withUnsafeBufferPointer {
            BitPacking.writeBlock($0, reference: shortest, width: BitPacking.width(forRange: UInt64(longest - shortest)), into: &writer)
        }
    }

    static func readRuns<T: FixedWidthInteger & SIMDScalar>(_ reader: inout ByteReader, into output: UnsafeMutableBufferPointer<T>) throws {
        guard let runCount = try? Int(reader.read(UInt32.self)), runCount <= output.count else {
            throw StorageFault("run count is truncated or larger than the chunk")
        }
        var runValues = [T](repeating: 0, count: runCount)
        var runLengths = [Int64](repeating: 0, count: runCount)
        try runValues.withUnsafeMutableBufferPointer { buffer in try BitPacking.readBlock(&reader, into: buffer) }
        try runLengths.withUnsafeMutableBufferPointer { buffer in try BitPacking.readBlock(&reader, into: buffer) }
        guard let out = output.baseAddress else { return }
        let count = output.count
        var position = 0
        try runValues.withUnsafeBufferPointer { values in
            try runLengths.withUnsafeBufferPointer { lengths in
                for run in 0..<runCount {
                    let length = Int(truncatingIfNeeded: lengths[run])
                    guard length > 0, length <= count - position else {
                        throw StorageFault("run lengths do not add up to the chunk's \(count) rows")
                    }
                    let value = values[run]
                    if position + 8 <= count {
                        // Most runs are short: one unconditional 8-wide store covers them, the
                        // next run overwrites what lies beyond this one.
                        UnsafeMutableRawPointer(out + position).storeBytes(of: SIMD8<T>(repeating: value), as: SIMD8<T>.self)
                        if length > 8 { for i in (position + 8)..<(position + length) { out[i] = value } }
                    } else {
                        for i in position..<(position + length) { out[i] = value }
                    }
                    position += length
                }
            }
        }
        guard position == count else {
            throw StorageFault("run lengths add up to \(position) rows, the chunk has \(count)")
        }
    }
}
