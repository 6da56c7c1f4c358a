import Storage

/// Gives each distinct value of one key column a dense id, the same id every time it recurs.
///
/// Numbers, dates and booleans are hashed by their 64-bit form; strings go through their
/// dictionary: each entry is interned once per dictionary (cached by dictionary id), then rows
/// map codes to ids with an array lookup. NULL is a value of its own (SQL groups NULLs together).
struct KeyInterner {
    let type: SQLType
    private var numbers = Int64Map()
    private var strings = BytesMap<UInt32>()
    /// HUGEINT and DECIMAL keys: value ids by their 128-bit form (rare keys: a plain dictionary).
    private var wides: [Int128: UInt32] = [:]
    private var translations: (dictionary: StringDictionary, ids: [UInt32])?
    private(set) var nullID: UInt32?
    /// The value behind each id.
    private(set) var values: [Value] = []

    /// The direct table for small integers and the carried dictionary translations (fast paths).
    private let fastPaths: Bool

    init(type: SQLType) {
        self.type = type
        fastPaths = ExecutionSettings.current.fastPaths
    }

    var count: Int { values.count }

    /// One id per row of `vector`. Only values at valid rows are interned: the value a kernel
    /// left under a NULL slot is not data, and interning it would make a group with no row.
    mutating func ids(_ vector: Vector) -> [UInt32] {
        let validity = vector.validity
        switch vector.payload {
        case .integer(let x):
            if fastPaths, let direct = smallIntegerIDs(x, validity: validity) { return withNulls(direct, validity) }
            return numberIDs(x, validity) { .integer($0) }
        case .date(let x): return numberIDs(x, validity) { .date($0) }
        case .boolean(let x): return numberIDs(x, validity) { .boolean($0 != 0) }
        case .double(let x):
            return numberIDs(x.map(KeyInterner.key(double:)), validity) { .double(Double(bitPattern: UInt64(bitPattern: $0))) }
        case .varchar(let codes, let dictionary):
            return withNulls(translation(dictionary, codes: codes, validity: validity), validity)
        case .wide(let x, let type):
            var result = [UInt32](repeating: 0, count: x.count)
            for index in x.indices {
                if let validity, validity[index] == 0 {
                    result[index] = nullValueID()
                } else if let known = wides[x[index]] {
                    result[index] = known
                } else {
                    let id = UInt32(values.count)
                    values.append(Value.exact(x[index], type))
                    wides[x[index]] = id
                    result[index] = id
                }
            }
            return result
        }
    }

    /// Ids of numbers (by their 64-bit form), NULL rows given the null id and nothing interned.
    private mutating func numberIDs<T: BinaryInteger>(_ x: [T], _ validity: [UInt8]?, _ value: (T) -> Value) -> [UInt32] {
        guard let validity else { return x.map { id(number: Int64($0), value($0)) } }
        var result = [UInt32](repeating: 0, count: x.count)
        for index in x.indices {
            result[index] = validity[index] == 0 ? nullValueID() : id(number: Int64(x[index]), value(x[index]))
        }
        return result
    }

    /// `ids` with the null id at NULL rows.
    private mutating func withNulls(_ ids: [UInt32], _ validity: [UInt8]?) -> [UInt32] {
        guard let validity else { return ids }
        var result = ids
        for index in result.indices where validity[index] == 0 { result[index] = nullValueID() }
        return result
    }

    /// Ids through a direct table when every value lies within 4,096 of the first value ever
    /// seen (years, levels, small counts): no hashing. Nil when a value falls outside.
    private mutating func smallIntegerIDs(_ values: [Int64], validity: [UInt8]?) -> [UInt32]? {
        guard let first = values.indices.first(where: { validity?[$0] != 0 }).map({ values[$0] }) else {
            return [UInt32](repeating: 0, count: values.count) // all NULL: the caller sets the null id
        }
        if smallBase == nil { smallBase = first &- 2048 }
        let base = smallBase!
        var result = [UInt32](repeating: 0, count: values.count)
        var table = smallTable.isEmpty ? KeyInterner.emptySmallTable : smallTable
        smallTable = [] // filled locally: uniquely referenced, no copy on write
        defer { smallTable = table }
        // Through pointers: a captured array would be reloaded and bounds-checked every row.
        let complete: Bool = table.withUnsafeMutableBufferPointer { t in
            values.withUnsafeBufferPointer { v in
                result.withUnsafeMutableBufferPointer { out in
                    @inline(__always) func intern(_ index: Int) -> Bool {
                        let offset = UInt64(bitPattern: v[index] &- base)
                        guard offset < 4096 else { return false }
                        out[index] = self.smallID(v[index], offset: Int(offset), t)
                        return true
                    }
                    guard let validity else {
                        for index in 0..<v.count where !intern(index) { return false }
                        return true
                    }
                    return validity.withUnsafeBufferPointer { valid in
                        for index in 0..<v.count where valid[index] != 0 && !intern(index) { return false }
                        return true
                    }
                }
            }
        }
        return complete ? result : nil
    }

    /// The id of `value` through the direct table `t` (its offset from `smallBase`, checked below
    /// 4,096, is `offset`), interned on first sight.
    @inline(__always)
    mutating func smallID(_ value: Int64, offset: Int, _ t: UnsafeMutableBufferPointer<UInt32>) -> UInt32 {
        let known = t[offset]
        if known != .max { return known }
        let interned = id(number: value, .integer(value))
        t[offset] = interned
        return interned
    }

    var smallBase: Int64?
    /// Allocated on first use (16 KB: an aggregation per grouping set has one per key).
    var smallTable: [UInt32] = []
    static var emptySmallTable: [UInt32] { [UInt32](repeating: .max, count: smallTableSize) }
    static let smallTableSize = 4096

    /// One id per row for values already interned, `UInt32.max` for values never seen and NULLs
    /// (a join probes this way: nothing is inserted).
    func existingIDs(_ vector: Vector) -> [UInt32] {
        var result: [UInt32]
        switch vector.payload {
        case .integer(let x): result = x.map { numbers.lookup($0).map(mappedID) ?? .max }
        case .date(let x): result = x.map { numbers.lookup(Int64($0)).map(mappedID) ?? .max }
        case .boolean(let x): result = x.map { numbers.lookup(Int64($0)).map(mappedID) ?? .max }
        case .double(let x): result = x.map { numbers.lookup(KeyInterner.key(double: $0)).map(mappedID) ?? .max }
        case .wide(let x, _): result = x.map { wides[$0] ?? .max }
        case .varchar(let codes, let dictionary):
            var cache = [UInt32](repeating: .max - 1, count: codes.count * 2 >= dictionary.count ? dictionary.count : 0)
            result = codes.map { code in
                if !cache.isEmpty, cache[Int(code)] != .max - 1 { return cache[Int(code)] }
                let id = dictionary.withEntry(Int(code)) { strings.value(for: $0) } ?? .max
                if !cache.isEmpty { cache[Int(code)] = id }
                return id
            }
        }
        if let validity = vector.validity {
            for index in result.indices where validity[index] == 0 { result[index] = .max }
        }
        return result
    }

    /// The id of a value if it was seen (joins probe without inserting); nil for NULL.
    func existingID(_ value: Value) -> UInt32? {
        switch value {
        case .null: return nil
        case .integer(let i): return numbers.lookup(i).map(mappedID)
        case .date(let d): return numbers.lookup(Int64(d)).map(mappedID)
        case .boolean(let b): return numbers.lookup(b ? 1 : 0).map(mappedID)
        case .double(let d): return numbers.lookup(KeyInterner.key(double: d)).map(mappedID)
        case .hugeint(let i), .decimal(let i, _): return wides[i]
        case .varchar(var s): return s.withUTF8 { strings.value(for: UnsafeRawBufferPointer($0)) }
        }
    }

    /// Doubles equal as SQL values get one key: -0.0 is 0.0, every NaN is the same NaN.
    @inline(__always)
    static func key(double value: Double) -> Int64 {
        value.isNaN ? Int64(bitPattern: Double.nan.bitPattern) : Int64(bitPattern: (value + 0.0).bitPattern)
    }

    @inline(__always)
    private mutating func id(number: Int64, _ value: @autoclosure () -> Value) -> UInt32 {
        let before = numbers.count
        let id = numbers.id(for: number)
        if numbers.count != before { appendNumber(value()) }
        return mappedID(id)
    }

    /// Number ids are in `numbers`' order; `values` also holds the null id, so keep a mapping.
    private var numberToValueID: [UInt32] = []

    @inline(__always)
    private func mappedID(_ numberID: UInt32) -> UInt32 { numberToValueID[Int(numberID)] }

    private mutating func appendNumber(_ value: Value) {
        numberToValueID.append(UInt32(values.count))
        values.append(value)
    }

    mutating func nullValueID() -> UInt32 {
        if let nullID { return nullID }
        let id = UInt32(values.count)
        values.append(.null)
        nullID = id
        return id
    }

    /// Ids of the codes' strings. Entries are interned on first use only (a dictionary may hold
    /// values no selected row has, which must not become groups); the table is kept for the next
    /// vector of the same dictionary. The next segment's dictionary (sorted, like this one) mostly
    /// holds the same strings: its table starts from this one's ids by a merge of the two sorted
    /// lists, a byte comparison per entry instead of a hash lookup per entry and segment.
    private mutating func translation(_ dictionary: StringDictionary, codes: [UInt32], validity: [UInt8]?) -> [UInt32] {
        var table: [UInt32]
        if let cached = translations, cached.dictionary.id == dictionary.id {
            table = cached.ids
            translations = nil // keep the array uniquely referenced while it is filled
        } else if fastPaths, let cached = translations, cached.dictionary.isSortedAndDistinct, dictionary.isSortedAndDistinct {
            table = KeyInterner.carried(cached.ids, from: cached.dictionary, to: dictionary)
        } else {
            table = [UInt32](repeating: .max, count: dictionary.count)
        }
        var result = [UInt32](repeating: 0, count: codes.count)
        result.withUnsafeMutableBufferPointer { out in
            codes.withUnsafeBufferPointer { codes in
                for index in 0..<codes.count {
                    let code = Int(codes[index])
                    var id = table[code]
                    if id == .max {
                        // A NULL row's code is not a value: never interned (the caller gives the
                        // row the null id). Checked only on a first sighting, off the hot path.
                        if let validity, validity[index] == 0 { continue }
                        id = dictionary.withEntry(code) { stringID(bytes: $0) }
                        table[code] = id
                    }
                    out[index] = id
                }
            }
        }
        translations = (dictionary, table)
        return result
    }

    /// The table of `next` (sorted and distinct) with the ids `ids` gives the same strings of
    /// `previous` (sorted and distinct); `.max` for strings `previous` lacks or had not interned.
    static func carried(_ ids: [UInt32], from previous: StringDictionary, to next: StringDictionary) -> [UInt32] {
        var table = [UInt32](repeating: .max, count: next.count)
        let old = previous.strings, new = next.strings
        old.bytes.withUnsafeBytes { oldBytes in
            new.bytes.withUnsafeBytes { newBytes in
                table.withUnsafeMutableBufferPointer { out in
                    var o = 0
                    for n in 0..<new.count where o < old.count {
                        let entry = StringKernels.entry(new, newBytes, n)
                        var order = StringKernels.compareBytes(StringKernels.entry(old, oldBytes, o), entry)
                        while order < 0 {
                            o += 1
                            guard o < old.count else { return }
                            order = StringKernels.compareBytes(StringKernels.entry(old, oldBytes, o), entry)
                        }
                        if order == 0 {
                            out[n] = ids[o]
                            o += 1
                        }
                    }
                }
            }
        }
        return table
    }

    mutating func stringID(_ text: String) -> UInt32 {
        var text = text
        return text.withUTF8 { stringID(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The id of the string with these UTF-8 bytes (the `String` is made only for a new one).
    mutating func stringID(bytes: UnsafeRawBufferPointer) -> UInt32 {
        let next = UInt32(values.count)
        let id = strings.value(for: bytes) { next }
        if id == next { values.append(.varchar(String(decoding: bytes, as: UTF8.self))) }
        return id
    }

    /// The id of a value, inserting it (merging partial results).
    mutating func id(of value: Value) -> UInt32 {
        switch value {
        case .null: return nullValueID()
        case .varchar(let s): return stringID(s)
        default: return ids(Vector.from([value], type: type == .null ? value.type : type))[0]
        }
    }
}
