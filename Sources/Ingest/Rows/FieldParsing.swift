import Storage

/// Parsers of single CSV fields straight from their bytes (no `String`), returning nil when the
/// field does not hold a value of the expected form. Empty fields are handled by the callers
/// (empty = null).
enum FieldParsing {
    /// A decimal integer with an optional sign; nil on any other character or on overflow.
    static func integer(_ field: UnsafeRawBufferPointer) -> Int64? {
        guard !field.isEmpty else { return nil }
        var index = 0, negative = false
        if field[0] == UInt8(ascii: "-") || field[0] == UInt8(ascii: "+") {
            negative = field[0] == UInt8(ascii: "-")
            index = 1
            guard field.count > 1 else { return nil }
        }
        var value: Int64 = 0
        while index < field.count {
            let digit = field[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(digit))
            guard !overflow1 && !overflow2 else { return nil }
            value = sum
            index += 1
        }
        return negative ? -value : value
    }

    /// "RNCP" followed by at least one digit and nothing else (a certification code of the
    /// national register): four bytes compared as one word.
    @inline(__always)
    static func isRNCPCode(_ field: UnsafeRawBufferPointer) -> Bool {
        guard field.count > 4, field.loadUnaligned(as: UInt32.self) == UInt32(littleEndian: 0x5043_4E52) else { return false }
        var digits: UInt8 = 0
        for index in 4..<field.count { digits |= field[index] &- UInt8(ascii: "0") < 10 ? 0 : 1 }
        return digits == 0
    }

    /// Value of each byte as a hex digit, 0xFF when it is not one.
    private static let hexDigits: [UInt8] = (0..<256).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(byte) - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt8(byte) - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt8(byte) - UInt8(ascii: "A") + 10
        default: 0xFF
        }
    }

    /// Exactly 16 hex digits (either case): a 64-bit pseudonym.
    static func hex64(_ field: UnsafeRawBufferPointer) -> UInt64? {
        guard field.count == 16 else { return nil }
        return hexDigits.withUnsafeBufferPointer { table in
            var value: UInt64 = 0, invalid: UInt8 = 0
            for index in 0..<16 {
                let nibble = table[Int(field[index])]
                invalid |= nibble & 0xF0
                value = value << 4 | UInt64(nibble & 0x0F)
            }
            return invalid == 0 ? value : nil
        }
    }

    enum DateProblem: Error { case malformed, impossible }

    /// `YYYY-MM-DD` → days since 1970-01-01; `.impossible` for a well-formed date that does not
    /// exist (2021-02-30), `.malformed` for anything else.
    static func isoDate(_ field: UnsafeRawBufferPointer) -> Result<Int32, DateProblem> {
        guard let (year, month, day) = isoDateParts(field) else { return .failure(.malformed) }
        return civil(year: year, month: month, day: day)
    }

    /// `d/m/yyyy` (`dayFirst`) or `m/d/yyyy`: one or two digits for day and month, `/`, `-` or `.`
    /// between the parts, as spreadsheets export them.
    static func slashDate(_ field: UnsafeRawBufferPointer, dayFirst: Bool) -> Result<Int32, DateProblem> {
        guard let (year, month, day) = slashDateParts(field, dayFirst: dayFirst) else { return .failure(.malformed) }
        return civil(year: year, month: month, day: day)
    }

    /// Year, month and day of a `d/m/yyyy` or `m/d/yyyy` date, unchecked; nil when malformed.
    @inline(__always)
    static func slashDateParts(_ field: UnsafeRawBufferPointer, dayFirst: Bool) -> (year: Int, month: Int, day: Int)? {
        // The usual form, "dd/mm/yyyy", read as two words; anything else by the general loop.
        let parts: (Int, Int, Int)
        if let fixed = wordDateParts(field, separators: (2, 5), separator: UInt8(ascii: "/")) {
            let (h, t) = fixed
            parts = (digit(h, 0) * 10 + digit(h, 1), digit(h, 3) * 10 + digit(h, 4),
                     digit(h, 6) * 1000 + digit(h, 7) * 100 + digit(t, 0) * 10 + digit(t, 1))
        } else {
            guard let general = slashParts(field) else { return nil }
            parts = general
        }
        return dayFirst ? (parts.2, parts.1, parts.0) : (parts.2, parts.0, parts.1)
    }

    /// Year, month and day of a `yyyy-mm-dd` date, unchecked; nil when malformed.
    @inline(__always)
    static func isoDateParts(_ field: UnsafeRawBufferPointer) -> (year: Int, month: Int, day: Int)? {
        guard let (h, t) = wordDateParts(field, separators: (4, 7), separator: UInt8(ascii: "-")) else { return nil }
        let year = digit(h, 0) * 1000 + digit(h, 1) * 100 + digit(h, 2) * 10 + digit(h, 3)
        return (year, digit(h, 5) * 10 + digit(h, 6), digit(t, 0) * 10 + digit(t, 1))
    }

    /// A ten-byte date with `separator` at the two `separators` positions (of the first eight
    /// bytes) and digits elsewhere, as two words of digit values (bytes 0-7, then 8-9); nil when
    /// it is not one. Checked and converted a word at a time (seven dates per row): the separators
    /// are replaced by '0', so that a word is all digits iff each byte's high nibble is 3 and
    /// adding 6 does not carry into it.
    @inline(__always)
    private static func wordDateParts(_ field: UnsafeRawBufferPointer, separators: (UInt64, UInt64), separator: UInt8)
        -> (UInt64, UInt64)? {
        guard field.count == 10 else { return nil }
        let separatorBytes = UInt64(0xFF) << (8 * separators.0) | UInt64(0xFF) << (8 * separators.1)
        let expected = UInt64(separator) << (8 * separators.0) | UInt64(separator) << (8 * separators.1)
        let head = field.loadUnaligned(as: UInt64.self)
        guard head & separatorBytes == expected else { return nil }
        let zeros: UInt64 = 0x3030_3030_3030_3030, highNibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        let headDigits = head & ~separatorBytes | zeros & separatorBytes
        let tailDigits = UInt64(field.loadUnaligned(fromByteOffset: 8, as: UInt16.self)) | 0x3030_3030_3030_0000
        @inline(__always) func allDigits(_ w: UInt64) -> Bool {
            w & highNibbles == zeros && (w &+ 0x0606_0606_0606_0606) & highNibbles == zeros
        }
        guard allDigits(headDigits), allDigits(tailDigits) else { return nil }
        return (headDigits &- zeros, tailDigits &- zeros)
    }

    /// Byte `index` of a word of digit values.
    @inline(__always)
    private static func digit(_ word: UInt64, _ index: UInt64) -> Int { Int(truncatingIfNeeded: word >> (8 * index) & 0xFF) }

    /// Days since 1970-01-01 of a year, month and day; `.impossible` when no such day exists.
    static func days(year: Int, month: Int, day: Int) -> Result<Int32, DateProblem> {
        civil(year: year, month: month, day: day)
    }

    /// The three numbers of a `n/n/yyyy`-shaped date, or nil.
    static func slashParts(_ field: UnsafeRawBufferPointer) -> (Int, Int, Int)? {
        var parts = (0, 0, 0), part = 0, digitsInPart = 0
        for byte in field {
            let digit = byte &- UInt8(ascii: "0")
            if digit < 10 {
                digitsInPart += 1
                // No part has more than four digits: longer ones are refused before they can
                // overflow ("10/11/99999999999999999999").
                guard digitsInPart <= 4 else { return nil }
                switch part {
                case 0: parts.0 = parts.0 * 10 + Int(digit)
                case 1: parts.1 = parts.1 * 10 + Int(digit)
                default: parts.2 = parts.2 * 10 + Int(digit)
                }
            } else if (byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")) && part < 2
                        && (1...2).contains(digitsInPart) {
                part += 1
                digitsInPart = 0
            } else {
                return nil
            }
        }
        guard part == 2, digitsInPart == 4 else { return nil }
        return parts
    }

    /// The first of each month of 1900...2199 as days since 1970-01-01, times 32, plus the month's
    /// length: a date is one table read, not a calendar computation (ingest parses seven per row;
    /// computing them, with branches on random years and months, took twice as long).
    private static let firstYear = 1900, tableYears = 300
    private static let months: [Int32] = (0..<(tableYears * 12)).map {
        let year = firstYear + $0 / 12, month = $0 % 12 + 1
        return CivilDate(year: year, month: month, day: 1).daysSinceEpoch << 5 | Int32(CivilDate.daysInMonth(year: year, month: month))
    }

    @inline(__always)
    private static func civil(year: Int, month: Int, day: Int) -> Result<Int32, DateProblem> {
        guard year >= firstYear, (1...12).contains(month), day >= 1 else { return .failure(.impossible) }
        guard year < firstYear + tableYears else {
            let date = CivilDate(year: year, month: month, day: day)
            return date.isValid ? .success(date.daysSinceEpoch) : .failure(.impossible)
        }
        let packed = months.withUnsafeBufferPointer { $0[(year - firstYear) * 12 + month - 1] }
        guard day <= Int(packed & 31) else { return .failure(.impossible) }
        return .success(packed >> 5 + Int32(day - 1))
    }
}

/// A fixed list of codes matched against raw bytes; answers with the code's index in the list
/// (no `String`, no allocation per row). Codes are at most 16 bytes, packed into two words and
/// found in a small table by a perfect hash: a multiplier is searched at construction so that no
/// two codes share a slot, and a lookup is one multiply and one slot compared — no probing loop,
/// whose unpredictable length cost half the lookup (Swift's Dictionary hashing took 6% of the
/// ingest before this table existed).
struct CodeList: Sendable {
    /// A code as two little-endian words of its bytes (zero-padded) and its length; `count` −1
    /// marks an empty slot.
    private struct Entry: Sendable {
        var low: UInt64 = 0, high: UInt64 = 0, count = -1, value: UInt8 = 0
    }

    private let entries: [Entry]
    private let multiplier: UInt64
    /// 64 − log2(entries.count): a slot is the hash's top bits.
    private let shift: UInt64

    init(_ codes: [String]) {
        let keys = codes.map { code in
            let bytes = Array(code.utf8)
            precondition(bytes.count <= 16, "codes are at most 16 bytes")
            let (low, high) = bytes.withUnsafeBytes { CodeList.words($0) }
            return (low: low, high: high, count: bytes.count)
        }
        precondition(Set(codes).count == codes.count, "codes are distinct")
        var bits: UInt64 = 3
        while 1 << bits < codes.count * 4 { bits += 1 }
        var seed: UInt64 = 0x243F_6A88_85A3_08D3
        for attempt in 1... {
            // Odd multipliers from a fixed sequence: the same table on every run.
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let multiplier = seed | 1, shift = 64 - bits
            var entries = [Entry](repeating: Entry(), count: 1 << Int(bits))
            var perfect = true
            for (index, key) in keys.enumerated() {
                let slot = CodeList.slot(key.low, key.high, key.count, multiplier, shift)
                guard entries[slot].count < 0 else { perfect = false; break }
                entries[slot] = Entry(low: key.low, high: key.high, count: key.count, value: UInt8(index))
            }
            if perfect {
                (self.entries, self.multiplier, self.shift) = (entries, multiplier, shift)
                return
            }
            // A table four times the codes almost always has a perfect multiplier within a few
            // tries; a larger one is taken after 64 failures.
            if attempt % 64 == 0 { bits += 1 }
            // Only codes whose 64-bit mixes are equal could get here: no multiplier separates them.
            precondition(bits <= 20, "no collision-free table for these codes")
        }
        fatalError("unreachable")
    }

    @inline(__always)
    private static func slot(_ low: UInt64, _ high: UInt64, _ count: Int, _ multiplier: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: ((low ^ high &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)) &* multiplier) >> shift)
    }

    /// The field's bytes as two zero-padded words (at most 16 bytes), a byte at a time.
    @inline(__always)
    private static func words(_ field: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        var low: UInt64 = 0, high: UInt64 = 0
        for index in 0..<field.count {
            let byte = UInt64(field[index])
            if index < 8 { low |= byte << UInt64(index * 8) } else { high |= byte << UInt64((index - 8) * 8) }
        }
        return (low, high)
    }

    /// The index of `field`'s code in the list, or nil. When 16 bytes from the field's start are
    /// readable (before `readableEnd`), it is read as two word loads masked to its length.
    @inline(__always)
    func match(_ field: UnsafeRawBufferPointer, readableEnd: UnsafeRawPointer) -> UInt8? {
        let count = field.count
        guard count <= 16 else { return nil }
        var low: UInt64, high: UInt64
        if let start = field.baseAddress, start + 16 <= readableEnd {
            low = start.loadUnaligned(as: UInt64.self)
            high = start.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            if count < 8 {
                low &= (UInt64(1) << UInt64(count * 8)) &- 1
                high = 0
            } else if count < 16 {
                high &= (UInt64(1) << UInt64((count - 8) * 8)) &- 1
            }
        } else {
            (low, high) = Self.words(field)
        }
        return entries.withUnsafeBufferPointer { entries in
            let entry = entries[Self.slot(low, high, count, multiplier, shift)]
            return entry.count == count && entry.low == low && entry.high == high ? entry.value : nil
        }
    }
}
