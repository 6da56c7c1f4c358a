/// One lightweight encoding of a chunk of physical integers: the contract every integer codec
/// implements (measure → encode → decode), in the spirit of DuckDB's compression functions.
///
/// Invariant: `encodedSize(profile)` is the exact number of bytes `encode` appends for values with
/// that profile, so the writer can choose the smallest encoding without running the others.
protocol IntegerCodec: Sendable {
    static var kind: EncodingKind { get }
    /// Exact body size in bytes, or nil when this codec cannot represent the values.
    static func encodedSize(_ profile: IntegerProfile) -> Int?
    static func encode<T: PhysicalInteger>(
        _ values: UnsafeBufferPointer<T>, _ profile: IntegerProfile, into writer: inout ByteWriter)
    /// Fills all of `output` (its count is the chunk's row count) from the body at `reader`.
    static func decode<T: PhysicalInteger>(
        _ reader: inout ByteReader, into output: UnsafeMutableBufferPointer<T>) throws
}

/// The registry of integer codecs and the measured choice among them.
enum IntegerCodecs {
    /// In order of preference when two encodings measure the same size (cheapest decode first).
    static let all: [any IntegerCodec.Type] = [
        ConstantCodec.self, PlainCodec.self, FrameOfReferenceCodec.self, RunLengthCodec.self,
        DictionaryCodec.self, DeltaCodec.self,
    ]

    static func codec(for kind: EncodingKind) -> any IntegerCodec.Type {
        all.first { $0.kind == kind }!
    }

    /// The smallest applicable codec for `profile`, or the forced one when it applies (a forced
    /// kind that is no integer codec, `validOnly`, is the caller's business).
    static func choose(_ profile: IntegerProfile, forcing forced: EncodingKind?) -> any IntegerCodec.Type {
        if let forced, forced != .validOnly, codec(for: forced).encodedSize(profile) != nil { return codec(for: forced) }
        var best: (codec: any IntegerCodec.Type, size: Int) = (PlainCodec.self, PlainCodec.encodedSize(profile)!)
        for codec in all {
            if let size = codec.encodedSize(profile), size < best.size { best = (codec, size) }
        }
        return best.codec
    }

    /// Encodes `values` with the chosen codec; returns the codec's kind.
    static func encode<T: PhysicalInteger>(
        _ values: UnsafeBufferPointer<T>, policy: EncodingPolicy, into writer: inout ByteWriter
    ) -> (kind: EncodingKind, profile: IntegerProfile) {
        let profile = IntegerProfile(values)
        let kind = choose(profile, forcing: policy.forcedEncoding).kind
        encode(values, profile: profile, kind: kind, into: &writer)
        return (kind, profile)
    }

    /// Encodes `values` (measured as `profile`) with the codec `kind`.
    static func encode<T: PhysicalInteger>(
        _ values: UnsafeBufferPointer<T>, profile: IntegerProfile, kind: EncodingKind, into writer: inout ByteWriter
    ) {
        let before = writer.count
        // A switch over concrete codecs, not a call through `any IntegerCodec.Type`: generic
        // requirements called on an existential run unspecialised, several times slower.
        switch kind {
        case .constant: ConstantCodec.encode(values, profile, into: &writer)
        case .plain: PlainCodec.encode(values, profile, into: &writer)
        case .frameOfReference: FrameOfReferenceCodec.encode(values, profile, into: &writer)
        case .runLength: RunLengthCodec.encode(values, profile, into: &writer)
        case .dictionary: DictionaryCodec.encode(values, profile, into: &writer)
        case .delta: DeltaCodec.encode(values, profile, into: &writer)
        case .validOnly: preconditionFailure("valid-only is not an integer codec")
        }
        assert(writer.count - before == codec(for: kind).encodedSize(profile)!, "\(kind) size estimate is not exact")
    }

    /// Decodes a body written by `encode` with `kind` (specialised per `T`, see `encode`).
    static func decode<T: PhysicalInteger>(
        _ kind: EncodingKind, _ reader: inout ByteReader, into output: UnsafeMutableBufferPointer<T>
    ) throws {
        switch kind {
        case .constant: try ConstantCodec.decode(&reader, into: output)
        case .plain: try PlainCodec.decode(&reader, into: output)
        case .frameOfReference: try FrameOfReferenceCodec.decode(&reader, into: output)
        case .runLength: try RunLengthCodec.decode(&reader, into: output)
        case .dictionary: try DictionaryCodec.decode(&reader, into: output)
        case .delta: try DeltaCodec.decode(&reader, into: output)
        case .validOnly: throw StorageFault("valid-only values nested in valid-only values")
        }
    }
}

/// One value for the whole chunk: `value: Int64`.
enum ConstantCodec: IntegerCodec {
    static let kind = EncodingKind.constant

    static func encodedSize(_ profile: IntegerProfile) -> Int? {
        profile.count > 0 && profile.min == profile.max ? 8 : nil
    }

    static func encode<T: PhysicalInteger>(_ values: UnsafeBufferPointer<T>, _ profile: IntegerProfile, into writer: inout ByteWriter) {
        writer.write(profile.min)
    }

    static func decode<T: PhysicalInteger>(_ reader: inout ByteReader, into output: UnsafeMutableBufferPointer<T>) throws {
        guard let value = try? reader.read(Int64.self) else { throw StorageFault("constant value is truncated") }
        output.update(repeating: T(truncatingIfNeeded: value))
    }
}

/// The values as they are, `count * width` little-endian bytes.
enum PlainCodec: IntegerCodec {
    static let kind = EncodingKind.plain

    static func encodedSize(_ profile: IntegerProfile) -> Int? { profile.count * profile.width }

    static func encode<T: PhysicalInteger>(_ values: UnsafeBufferPointer<T>, _ profile: IntegerProfile, into writer: inout ByteWriter) {
        writer.write(bytes: UnsafeRawBufferPointer(values))
    }

    static func decode<T: PhysicalInteger>(_ reader: inout ByteReader, into output: UnsafeMutableBufferPointer<T>) throws {
        guard let raw = try? reader.readBytes(output.count * MemoryLayout<T>.size) else {
            throw StorageFault("plain values are truncated")
        }
        UnsafeMutableRawBufferPointer(output).copyMemory(from: raw)
    }
}

/// Frame of reference: one bit-packed block relative to the chunk's minimum.
enum FrameOfReferenceCodec: IntegerCodec {
    static let kind = EncodingKind.frameOfReference

    static func encodedSize(_ profile: IntegerProfile) -> Int? {
        BitPacking.blockSize(count: profile.count, width: profile.rangeWidth)
    }

    static func encode<T: PhysicalInteger>(_ values: UnsafeBufferPointer<T>, _ profile: IntegerProfile, into writer: inout ByteWriter) {
        BitPacking.writeBlock(values, reference: profile.min, width: profile.rangeWidth, into: &writer)
    }

    static func decode<T: PhysicalInteger>(_ reader: inout ByteReader, into output: UnsafeMutableBufferPointer<T>) throws {
        try BitPacking.readBlock(&reader, into: output)
    }
}
