/// Strings laid out flat: the UTF-8 bytes of all values back to back, and `count + 1` offsets.
///
/// Value `i` is `bytes[offsets[i]..<offsets[i+1]]`. Invariants: `offsets[0] == 0`, offsets never
/// decrease, `offsets.last == bytes.count`. No `String` is allocated per value, which is what lets
/// ingest and scans run without per-row allocation.
public struct StringColumn: Sendable, Equatable {
    public private(set) var offsets: [UInt32]
    public private(set) var bytes: [UInt8]

    public init() {
        offsets = [0]
        bytes = []
    }

    public init<S: Sequence>(_ strings: S) where S.Element == String {
        self.init()
        for string in strings { append(string) }
    }

    /// Adopts prepared buffers; the caller guarantees the invariants above.
    public init(offsets: [UInt32], bytes: [UInt8]) {
        precondition(offsets.first == 0 && Int(offsets.last!) == bytes.count, "string offsets do not match bytes")
        self.offsets = offsets
        self.bytes = bytes
    }

    public var count: Int { offsets.count - 1 }

    public mutating func append(_ string: String) {
        var copy = string
        copy.withUTF8 { append(utf8: UnsafeRawBufferPointer($0)) }
    }

    public mutating func append(utf8 value: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: value)
        offsets.append(UInt32(bytes.count))
    }

    public mutating func reserve(count: Int, bytes byteCount: Int) {
        offsets.reserveCapacity(count + 1)
        bytes.reserveCapacity(byteCount)
    }

    public subscript(index: Int) -> String {
        let start = Int(offsets[index]), end = Int(offsets[index + 1])
        return bytes.withUnsafeBufferPointer { String(decoding: $0[start..<end], as: UTF8.self) }
    }

    public func length(at index: Int) -> Int { Int(offsets[index + 1] &- offsets[index]) }
}

/// Strings as a dictionary of values and one code per row: the form every string column is
/// scanned in, so that filters and group-bys can work on integer codes.
///
/// Invariants: every code is `< dictionary.count`. When `isSortedAndDistinct` (chunks stored with
/// the dictionary or constant encodings) the entries are distinct and sorted by their UTF-8 bytes, so
/// one code stands for one string and comparing codes orders strings as comparing bytes does. When
/// not (plain chunks of near-unique strings), the dictionary is the rows themselves and the codes
/// are `0..<count`.
public struct DictionaryStrings: Sendable, Equatable {
    public let codes: [UInt32]
    public let dictionary: StringColumn
    public let isSortedAndDistinct: Bool

    public init(codes: [UInt32], dictionary: StringColumn, isSortedAndDistinct: Bool) {
        self.codes = codes
        self.dictionary = dictionary
        self.isSortedAndDistinct = isSortedAndDistinct
    }

    public var count: Int { codes.count }

    public subscript(index: Int) -> String { dictionary[Int(codes[index])] }

    /// The same values, flattened (one copy of the bytes per row).
    public func materialized() -> StringColumn {
        var result = StringColumn()
        result.reserve(count: codes.count, bytes: codes.count * 8)
        dictionary.bytes.withUnsafeBytes { raw in
            for code in codes {
                let start = Int(dictionary.offsets[Int(code)]), end = Int(dictionary.offsets[Int(code) + 1])
                result.append(utf8: UnsafeRawBufferPointer(rebasing: raw[start..<end]))
            }
        }
        return result
    }
}
