import Storage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// String operations over dictionary-coded vectors. A per-string verdict (a comparison, LIKE, IN)
/// is computed once per dictionary entry and looked up by code when the dictionary is small next
/// to the vector; otherwise once per row, so a near-unique dictionary never costs more than the rows.
enum StringKernels {
    @inline(__always)
    static func entry(_ strings: StringColumn, _ bytes: UnsafeRawBufferPointer, _ code: Int) -> UnsafeRawBufferPointer {
        let start = Int(strings.offsets[code]), end = Int(strings.offsets[code + 1])
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    @inline(__always)
    static func compareBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0 {
            let result = memcmp(a.baseAddress!, b.baseAddress!, common)
            if result != 0 { return result < 0 ? -1 : 1 }
        }
        return a.count < b.count ? -1 : (a.count == b.count ? 0 : 1)
    }

    /// `verdict` of the string behind each code.
    static func mapEntries(_ codes: [UInt32], _ dictionary: StringDictionary, _ verdict: (UnsafeRawBufferPointer) -> UInt8) -> [UInt8] {
        let strings = dictionary.strings
        return strings.bytes.withUnsafeBytes { bytes in
            if dictionary.count <= codes.count * 2 {
                let table = (0..<dictionary.count).map { verdict(entry(strings, bytes, $0)) }
                return table.withUnsafeBufferPointer { t in codes.map { t[Int($0)] } }
            }
            return codes.map { verdict(entry(strings, bytes, Int($0))) }
        }
    }

    /// A new string vector with `transform` applied to each distinct string used.
    static func mapStrings(_ vector: Vector, _ transform: (String) -> String) -> Vector {
        guard case .varchar(let codes, let dictionary) = vector.payload else { preconditionFailure("string function on \(vector.type)") }
        var cache: [UInt32: UInt32] = [:]
        var strings = StringColumn()
        let mapped = codes.enumerated().map { index, code -> UInt32 in
            if vector.isNull(index) { return 0 }
            if let known = cache[code] { return known }
            let new = UInt32(strings.count)
            strings.append(transform(dictionary[Int(code)]))
            cache[code] = new
            return new
        }
        if strings.count == 0 { strings.append("") }
        return Vector(.varchar(codes: mapped, dictionary: StringDictionary(strings, isSortedAndDistinct: false)), validity: vector.validity)
    }

    static func like(_ vector: Vector, pattern: String, negated: Bool) -> Vector {
        guard case .varchar(let codes, let dictionary) = vector.payload else { preconditionFailure("LIKE on \(vector.type)") }
        let compiled = Array(pattern.utf8)
        let flip: UInt8 = negated ? 1 : 0
        let hits = compiled.withUnsafeBytes { p in
            mapEntries(codes, dictionary) { entry in (matches(entry, p) ? 1 : 0) ^ flip }
        }
        return Vector(.boolean(hits), validity: vector.validity)
    }

    /// SQL LIKE on UTF-8 bytes: `%` matches any run, `_` exactly one character; no escape.
    /// Backtracks only to the last `%` (linear for patterns without repeated `%`).
    static func matches(_ text: UnsafeRawBufferPointer, _ pattern: UnsafeRawBufferPointer) -> Bool {
        var t = 0, p = 0
        var starPattern = -1, starText = 0
        func characterLength(at index: Int) -> Int {
            let lead = text[index]
            if lead < 0x80 { return 1 }
            if lead >> 5 == 0b110 { return 2 }
            if lead >> 4 == 0b1110 { return 3 }
            return 4
        }
        while t < text.count {
            if p < pattern.count, pattern[p] == UInt8(ascii: "%") {
                starPattern = p
                starText = t
                p += 1
            } else if p < pattern.count, pattern[p] == UInt8(ascii: "_") {
                t = min(text.count, t + characterLength(at: t))
                p += 1
            } else if p < pattern.count, pattern[p] == text[t] {
                t += 1
                p += 1
            } else if starPattern >= 0 {
                starText += characterLength(at: starText)
                t = starText
                p = starPattern + 1
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == UInt8(ascii: "%") { p += 1 }
        return p == pattern.count
    }
}
