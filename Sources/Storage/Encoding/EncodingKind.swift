/// The lightweight encodings a column chunk can use. Raw values are part of the file format.
public enum EncodingKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// One value repeated for the whole chunk.
    case constant = 1
    /// Values as they are (fixed width) or lengths + bytes (strings).
    case plain = 2
    /// Sorted distinct values once, then one bit-packed code per row (codes run-length coded when that is smaller).
    case dictionary = 3
    /// (value, run length) pairs, both bit-packed.
    case runLength = 4
    /// Frame of reference: `value - min` bit-packed in the fewest bits that hold the range.
    case frameOfReference = 5
    /// First value, then bit-packed differences between neighbours (sorted data, dates).
    case delta = 6
    /// Null suppression: only the valid values, in row order, under one of the encodings above
    /// (named by a tag byte); the validity bitmap says which rows they belong to. For integer
    /// and date columns with many nulls (a pathway's later stage dates).
    case validOnly = 7

    public var description: String {
        switch self {
        case .constant: "constant"
        case .plain: "plain"
        case .dictionary: "dictionary"
        case .runLength: "rle"
        case .frameOfReference: "for"
        case .delta: "delta"
        case .validOnly: "valid-only"
        }
    }

    public init?(name: String) {
        guard let kind = EncodingKind.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = kind
    }

    /// The encodings that apply to a type (strings take constant, plain and dictionary; only
    /// integers and dates suppress their nulls).
    public static func applicable(to type: ColumnType) -> [EncodingKind] {
        switch type {
        case .string: [.constant, .plain, .dictionary]
        case .bool, .float64: allCases.filter { $0 != .validOnly }
        default: allCases
        }
    }
}

/// Whether LZ4 was applied on top of a chunk's encoding. Raw values are part of the file format.
public enum ChunkCompression: UInt8, Sendable, CustomStringConvertible {
    case none = 0
    case lz4 = 1

    public var description: String { self == .none ? "none" : "lz4" }
}

/// How the writer chooses encodings: measured per chunk (the default), or forced for tests.
public struct EncodingPolicy: Sendable, Hashable {
    /// Use this encoding for every chunk it can represent; others fall back to the measured choice
    /// (a forced `constant` cannot hold two different values).
    public var forcedEncoding: EncodingKind?
    /// nil: LZ4 where it saves at least 1/8 of the bytes; true/false: always/never.
    public var forcedLZ4: Bool?

    public init(forcedEncoding: EncodingKind? = nil, forcedLZ4: Bool? = nil) {
        self.forcedEncoding = forcedEncoding
        self.forcedLZ4 = forcedLZ4
    }

    public static let measured = EncodingPolicy()
}
