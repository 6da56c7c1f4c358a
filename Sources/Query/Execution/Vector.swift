import Storage
import Synchronization

/// The distinct strings a string vector's codes point into.
///
/// One instance per decoded chunk dictionary (shared by every vector cut from that chunk) or per
/// computed string vector. `id` is unique in the process, so operators can cache work done per
/// dictionary entry (a filter's verdict, a group-by translation) and reuse it for every vector
/// of the same chunk. When `isSortedAndDistinct`, comparing codes orders strings by their bytes.
final class StringDictionary: @unchecked Sendable {
    let strings: StringColumn
    let isSortedAndDistinct: Bool
    let id: Int

    private static let nextID = Atomic<Int>(0)

    init(_ strings: StringColumn, isSortedAndDistinct: Bool) {
        self.strings = strings
        self.isSortedAndDistinct = isSortedAndDistinct
        self.id = StringDictionary.nextID.add(1, ordering: .relaxed).newValue
    }

    convenience init(single value: String) {
        self.init(StringColumn([value]), isSortedAndDistinct: true)
    }

    var count: Int { strings.count }
    subscript(code: Int) -> String { strings[code] }

    /// Calls `body` with the UTF-8 bytes of entry `code` (no `String` made).
    @inline(__always)
    func withEntry<R>(_ code: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        strings.bytes.withUnsafeBytes { bytes in body(StringKernels.entry(strings, bytes, code)) }
    }
}

/// A dense vector of one SQL type: `count` values, and which are null.
///
/// Invariants: every payload array has `count` elements; `validity` is nil when no value is null,
/// else it has `count` bytes (1 valid, 0 null). Values at null positions are unspecified but
/// always readable (kernels compute them and discard the result, which keeps loops branch-free).
/// Booleans are bytes (0 or 1), dates days since 1970-01-01, strings codes into a dictionary,
/// HUGEINTs and DECIMALs 128-bit integers (a decimal's unscaled values) with their type.
struct Vector: Sendable {
    enum Payload: Sendable {
        case boolean([UInt8])
        case integer([Int64])
        /// Invariant: the type is `hugeint` or `decimal`.
        case wide([Int128], SQLType)
        case double([Double])
        case date([Int32])
        case varchar(codes: [UInt32], dictionary: StringDictionary)
    }

    var payload: Payload
    var validity: [UInt8]?

    init(_ payload: Payload, validity: [UInt8]? = nil) {
        self.payload = payload
        self.validity = validity
    }

    var count: Int {
        switch payload {
        case .boolean(let values): values.count
        case .integer(let values): values.count
        case .wide(let values, _): values.count
        case .double(let values): values.count
        case .date(let values): values.count
        case .varchar(let codes, _): codes.count
        }
    }

    var type: SQLType {
        switch payload {
        case .boolean: .boolean
        case .integer: .integer
        case .wide(_, let type): type
        case .double: .double
        case .date: .date
        case .varchar: .varchar
        }
    }

    @inline(__always)
    func isNull(_ index: Int) -> Bool { validity.map { $0[index] == 0 } ?? false }

    var hasNulls: Bool { validity != nil }

    /// The value at `index` (cold paths: results, constants, merges).
    func value(at index: Int) -> Value {
        if isNull(index) { return .null }
        switch payload {
        case .boolean(let values): return .boolean(values[index] != 0)
        case .integer(let values): return .integer(values[index])
        case .wide(let values, let type): return Value.exact(values[index], type)
        case .double(let values): return .double(values[index])
        case .date(let values): return .date(values[index])
        case .varchar(let codes, let dictionary): return .varchar(dictionary[Int(codes[index])])
        }
    }

    /// A vector of `count` copies of `value`, typed `type` (a null constant of any type).
    static func constant(_ value: Value, type: SQLType, count: Int) -> Vector {
        let validity: [UInt8]? = value.isNull ? [UInt8](repeating: 0, count: count) : nil
        switch (type, value) {
        case (.boolean, .boolean(let b)): return Vector(.boolean([UInt8](repeating: b ? 1 : 0, count: count)))
        case (.integer, .integer(let i)): return Vector(.integer([Int64](repeating: i, count: count)))
        case (.hugeint, _), (.decimal, _):
            // At the type's own scale, whatever the constant's (the binder folds them to it); NULL otherwise.
            if let wide = value.wide(scale: type.asDecimal?.scale ?? 0) { return Vector(.wide([Int128](repeating: wide, count: count), type)) }
            return Vector(.wide([Int128](repeating: 0, count: count), type), validity: [UInt8](repeating: 0, count: count))
        case (.date, .date(let d)): return Vector(.date([Int32](repeating: d, count: count)))
        case (.varchar, .varchar(let s)):
            return Vector(.varchar(codes: [UInt32](repeating: 0, count: count), dictionary: StringDictionary(single: s)))
        case (.boolean, _): return Vector(.boolean([UInt8](repeating: 0, count: count)), validity: validity)
        case (.integer, _), (.null, _): return Vector(.integer([Int64](repeating: 0, count: count)), validity: validity)
        case (.double, _): return Vector(.double([Double](repeating: value.numeric ?? 0, count: count)), validity: validity)
        case (.date, _): return Vector(.date([Int32](repeating: 0, count: count)), validity: validity)
        case (.varchar, _):
            return Vector(.varchar(codes: [UInt32](repeating: 0, count: count), dictionary: StringDictionary(single: "")),
                          validity: validity)
        }
    }

    /// Builds a vector from values of one type (cold paths and tests).
    static func from(_ values: [Value], type: SQLType) -> Vector {
        var validity = [UInt8](repeating: 1, count: values.count)
        var anyNull = false
        for (index, value) in values.enumerated() where value.isNull {
            validity[index] = 0
            anyNull = true
        }
        let mask = anyNull ? validity : nil
        switch type {
        case .boolean:
            return Vector(.boolean(values.map { if case .boolean(let b) = $0 { b ? 1 : 0 } else { 0 } }), validity: mask)
        case .integer, .null:
            return Vector(.integer(values.map { if case .integer(let i) = $0 { i } else { 0 } }), validity: mask)
        case .hugeint, .decimal:
            return Vector(.wide(values.map { $0.wide(scale: type.asDecimal?.scale ?? 0) ?? 0 }, type), validity: mask)
        case .double:
            return Vector(.double(values.map { $0.numeric ?? 0 }), validity: mask)
        case .date:
            return Vector(.date(values.map { if case .date(let d) = $0 { d } else { 0 } }), validity: mask)
        case .varchar:
            var builder = StringVectorBuilder(capacity: values.count)
            for value in values {
                if case .varchar(let s) = value { builder.append(s) } else { builder.append("") }
            }
            return Vector(builder.payload(), validity: mask)
        }
    }
}

/// Builds a string vector value by value, sharing one dictionary entry per distinct string.
struct StringVectorBuilder {
    private var codes: [UInt32] = []
    private var strings = StringColumn()
    private var index: [String: UInt32] = [:]

    init(capacity: Int) {
        codes.reserveCapacity(capacity)
    }

    mutating func append(_ value: String) {
        if let code = index[value] {
            codes.append(code)
        } else {
            let code = UInt32(strings.count)
            strings.append(value)
            index[value] = code
            codes.append(code)
        }
    }

    func payload() -> Vector.Payload {
        .varchar(codes: codes, dictionary: StringDictionary(strings, isSortedAndDistinct: false))
    }
}
