/// One encoding of a chunk of strings: measure → encode → decode, like `IntegerCodec`.
/// Decoding always yields `DictionaryStrings`, the scan form.
protocol StringCodec: Sendable {
    static var kind: EncodingKind { get }
    /// Exact body size in bytes, or nil when this codec cannot represent the values.
    static func encodedSize(_ profile: StringProfile) -> Int?
    static func encode(_ strings: StringColumn, _ profile: StringProfile, into writer: inout ByteWriter)
    /// `validity`: the chunk's bitmap (dictionary codes may be stored for its valid rows only).
    static func decode(_ reader: inout ByteReader, count: Int, validity: ValidityBitmap?) throws -> DictionaryStrings
}

/// The registry of string codecs and the measured choice among them.
enum StringCodecs {
    static let all: [any StringCodec.Type] = [ConstantStringCodec.self, DictionaryStringCodec.self, PlainStringCodec.self]

    static func codec(for kind: EncodingKind) -> (any StringCodec.Type)? {
        all.first { $0.kind == kind }
    }

    /// `validity`: the chunk's bitmap (its null rows hold filled values), which lets dictionary
    /// codes leave the null rows out.
    static func encode(
        _ strings: StringColumn, validity: ValidityBitmap?, policy: EncodingPolicy, into writer: inout ByteWriter
    ) -> (kind: EncodingKind, profile: StringProfile) {
        var profile = StringProfile(strings)
        profile.validity = validity
        let kind = choose(profile, policy: policy)
        let before = writer.count
        codec(for: kind)!.encode(strings, profile, into: &writer)
        assert(writer.count - before == codec(for: kind)!.encodedSize(profile)!, "\(kind) size estimate is not exact")
        return (kind, profile)
    }

    /// The smallest codec for `profile` (or the forced one, when it can represent the values).
    static func choose(_ profile: StringProfile, policy: EncodingPolicy) -> EncodingKind {
        var chosen: any StringCodec.Type = PlainStringCodec.self
        if let forced = policy.forcedEncoding.flatMap(codec(for:)), forced.encodedSize(profile) != nil {
            chosen = forced
        } else {
            var best = PlainStringCodec.encodedSize(profile)!
            for codec in all {
                if let size = codec.encodedSize(profile), size < best { (chosen, best) = (codec, size) }
            }
        }
        return chosen.kind
    }

    /// Reads `count` lengths as a bit-packed block and the bytes after them into a `StringColumn`.
    static func readStrings(_ reader: inout ByteReader, count: Int) throws -> StringColumn {
        var lengths = [UInt32](repeating: 0, count: count)
        try lengths.withUnsafeMutableBufferPointer { buffer in try BitPacking.readBlock(&reader, into: buffer) }
        var offsets = [UInt32](repeating: 0, count: count + 1)
        var total: UInt64 = 0
        for i in 0..<count {
            total += UInt64(lengths[i])
            guard total <= UInt64(UInt32.max) else { throw StorageFault("string lengths overflow") }
            offsets[i + 1] = UInt32(total)
        }
        guard let byteCount = try? reader.read(UInt32.self), UInt64(byteCount) == total,
              let raw = try? reader.readBytes(Int(byteCount))
        else { throw StorageFault("string bytes are truncated or do not match their lengths") }
        return StringColumn(offsets: offsets, bytes: Array(raw))
    }

    /// Writes the lengths of `rows` of `strings` as a bit-packed block, then their bytes.
    static func writeStrings(_ strings: StringColumn, rows: [Int32], minLength: Int, maxLength: Int, into writer: inout ByteWriter) {
        let lengths = rows.map { UInt32(strings.length(at: Int($0))) }
        lengths.withUnsafeBufferPointer {
            BitPacking.writeBlock($0, reference: Int64(minLength),
                                  width: BitPacking.width(forRange: UInt64(maxLength - minLength)), into: &writer)
        }
        writer.write(UInt32(lengths.reduce(0) { $0 + Int($1) }))
        strings.bytes.withUnsafeBytes { bytes in
            for row in rows {
                let start = Int(strings.offsets[Int(row)]), end = Int(strings.offsets[Int(row) + 1])
                writer.write(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            }
        }
    }
}

/// Strings as they are: the lengths bit-packed, then `byteCount: UInt32` and the bytes.
enum PlainStringCodec: StringCodec {
    static let kind = EncodingKind.plain

    static func encodedSize(_ profile: StringProfile) -> Int? {
        BitPacking.blockSize(count: profile.count, width: BitPacking.width(forRange: UInt64(profile.maxLength - profile.minLength)))
            + 4 + profile.totalBytes
    }

    static func encode(_ strings: StringColumn, _ profile: StringProfile, into writer: inout ByteWriter) {
        let lengths = (0..<strings.count).map { UInt32(strings.length(at: $0)) }
        lengths.withUnsafeBufferPointer {
            BitPacking.writeBlock($0, reference: Int64(profile.minLength),
                                  width: BitPacking.width(forRange: UInt64(profile.maxLength - profile.minLength)), into: &writer)
        }
        writer.write(UInt32(strings.bytes.count))
        writer.write(bytes: strings.bytes)
    }

    static func decode(_ reader: inout ByteReader, count: Int, validity: ValidityBitmap?) throws -> DictionaryStrings {
        let strings = try StringCodecs.readStrings(&reader, count: count)
        return DictionaryStrings(codes: (0..<UInt32(count)).map { $0 }, dictionary: strings, isSortedAndDistinct: false)
    }
}

/// One string for the whole chunk: `length: UInt32` and its bytes.
enum ConstantStringCodec: StringCodec {
    static let kind = EncodingKind.constant

    static func encodedSize(_ profile: StringProfile) -> Int? {
        profile.distinctCount == 1 ? 4 + profile.distinctBytes : nil
    }

    static func encode(_ strings: StringColumn, _ profile: StringProfile, into writer: inout ByteWriter) {
        let row = Int(profile.distinctRows[0])
        let start = Int(strings.offsets[row]), length = strings.length(at: row)
        writer.write(UInt32(length))
        strings.bytes.withUnsafeBytes { writer.write(bytes: UnsafeRawBufferPointer(rebasing: $0[start..<(start + length)])) }
    }

    static func decode(_ reader: inout ByteReader, count: Int, validity: ValidityBitmap?) throws -> DictionaryStrings {
        guard let length = try? reader.read(UInt32.self), let raw = try? reader.readBytes(Int(length)) else {
            throw StorageFault("constant string is truncated")
        }
        var dictionary = StringColumn()
        dictionary.append(utf8: raw)
        return DictionaryStrings(codes: [UInt32](repeating: 0, count: count), dictionary: dictionary, isSortedAndDistinct: true)
    }
}

/// Sorted distinct strings (`distinctCount: UInt32`, lengths, bytes) then the `CodeStream`.
/// The default for certifier, certification code, department, outcome.
enum DictionaryStringCodec: StringCodec {
    static let kind = EncodingKind.dictionary

    static func encodedSize(_ profile: StringProfile) -> Int? {
        4 + BitPacking.blockSize(count: profile.distinctCount,
                                 width: BitPacking.width(forRange: UInt64(profile.distinctMaxLength - profile.distinctMinLength)))
            + 4 + profile.distinctBytes
            + CodeStream.size(count: profile.count, distinctCount: profile.distinctCount,
                              runCount: profile.runCount, runLengthWidth: profile.runLengthWidth, validity: profile.validity)
    }

    static func encode(_ strings: StringColumn, _ profile: StringProfile, into writer: inout ByteWriter) {
        // First-seen codes ordered by the bytes of their values; a code's rank there is its final code.
        let order = strings.bytes.withUnsafeBytes { bytes in
            (0..<profile.distinctCount).sorted { a, b in
                compareBytes(strings, Int(profile.distinctRows[a]), Int(profile.distinctRows[b]), bytes) < 0
            }
        }
        let sortedRows = order.map { profile.distinctRows[$0] }
        writer.write(UInt32(sortedRows.count))
        StringCodecs.writeStrings(strings, rows: sortedRows, minLength: profile.distinctMinLength,
                                  maxLength: profile.distinctMaxLength, into: &writer)
        var rank = [UInt32](repeating: 0, count: order.count)
        for (position, code) in order.enumerated() { rank[code] = UInt32(position) }
        let codes = profile.firstSeenCodes.map { rank[Int($0)] }
        codes.withUnsafeBufferPointer {
            CodeStream.write($0, distinctCount: sortedRows.count, runCount: profile.runCount,
                             runLengthWidth: profile.runLengthWidth, validity: profile.validity, into: &writer)
        }
    }

    static func decode(_ reader: inout ByteReader, count: Int, validity: ValidityBitmap?) throws -> DictionaryStrings {
        guard let distinctCount = try? Int(reader.read(UInt32.self)), distinctCount <= max(count, 1) else {
            throw StorageFault("dictionary size is truncated or larger than the chunk")
        }
        let dictionary = try StringCodecs.readStrings(&reader, count: distinctCount)
        var codes = [UInt32](repeating: 0, count: count)
        try codes.withUnsafeMutableBufferPointer { buffer in
            try CodeStream.read(&reader, distinctCount: distinctCount, validity: validity, into: buffer)
        }
        return DictionaryStrings(codes: codes, dictionary: dictionary, isSortedAndDistinct: true)
    }

    static func compareBytes(_ strings: StringColumn, _ a: Int, _ b: Int, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        let aStart = Int(strings.offsets[a]), aLength = strings.length(at: a)
        let bStart = Int(strings.offsets[b]), bLength = strings.length(at: b)
        let shared = min(aLength, bLength)
        if shared > 0 {
            let order = memcmp(bytes.baseAddress! + aStart, bytes.baseAddress! + bStart, shared)
            if order != 0 { return order }
        }
        return aLength < bLength ? -1 : (aLength == bLength ? 0 : 1)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
