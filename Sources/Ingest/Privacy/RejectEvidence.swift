import Foundation
import Storage

/// Decides what a reject may say about the value it refused: the value itself only when it cannot
/// identify anyone, otherwise a description of its shape ("14 characters: letters") that still
/// lets the certifier find the mistake in its file.
///
/// A value is kept only when all of these hold:
/// - its column has a strict shape and the value passes it: a short code-like token written with
///   the letters of the field's codes and labels and no longer than the longest of them; a
///   well-formed date inside the field's plausible window; a short number; a certification code
///   of letters and at most six digits;
/// - it does not equal, contain, lie inside or nearly equal (two edits) — after folding case,
///   accents and spacing — any identity value of the same row — the birth name, first name, birth date, postcode and every
///   dropped column (e-mail, phone, NIR, address...);
/// - the record's structure was sound (the parsers give no evidence for a broken record).
/// Identity fields, postcodes, pathway keys and pseudonyms are never kept, whatever they hold.
/// Why so strict: misplaced columns, mapping mistakes and broken quoting put names, birth dates and
/// addresses under any field, and a reject is shown to people who must not see them.
struct RejectEvidence: Sendable {
    /// How a column's refused values may look to be kept.
    enum Shape: Sendable, Equatable {
        /// Never kept (identity, postcode, pathway key, pseudonym, anything unknown).
        case never
        /// A token of at most `maximumLength` characters, each in `alphabet` (folded to upper case
        /// without accents; any digit when the alphabet has one).
        case token(alphabet: Set<Character>, maximumLength: Int)
        /// A certification code: at most 16 letters, digits, spaces, dots and hyphens, with at
        /// least one letter and one to six digits (a name has none, a phone or a NIR more).
        case certificationCode
        /// A date (any separator) whose year, month and day lie in the window.
        case date(ClosedRange<Int32>)
        /// A whole number of at most this many digits.
        case number(digits: Int)
        /// A level as certifiers write one: 1 or 2 digits or a roman numeral (I, V, X), after an
        /// optional "Niveau", "Niv." or "Level", or "Bac+N" — never a word alone.
        case level
    }

    /// Shapes by column name (the harmonised column names; mapped fields use the same names).
    let shapes: [String: Shape]

    init(shapes: [String: Shape]) {
        self.shapes = shapes
    }

    /// The shapes for a file: coded fields take the alphabets of their harmonised codes and of the
    /// mapping's labels (`labels`: field → labels; none for a harmonised file).
    init(windows: DateWindows, labels: [String: [String]] = [:]) {
        var shapes: [String: Shape] = [:]
        for (column, codes) in Self.harmonisedCodes {
            let words = codes + (labels[column] ?? [])
            let folded = words.map(Self.fold)
            shapes[column] = .token(alphabet: Set(folded.joined()), maximumLength: folded.map(\.count).max() ?? 0)
        }
        for column in ["info_date", "application_date", "admissibility_date", "support_start_date", "portfolio_date",
                       "jury_date", "outcome_date"] {
            shapes[column] = .date(windows.stage)
        }
        shapes["certification_code"] = .certificationCode
        shapes["level"] = .level
        shapes["birth_year"] = .number(digits: 4)
        self.shapes = shapes
    }

    /// The shapes a migration of old rejects may trust: it cannot compare a value with the row it
    /// came from, nor knows the mapping's labels, so only harmonised-code alphabets, dates,
    /// numbers and certification codes keep their values.
    static func forStoredRejects(windows: DateWindows) -> RejectEvidence { RejectEvidence(windows: windows) }

    /// The harmonised codes of each coded column (the alphabets of the strict shapes).
    static let harmonisedCodes: [String: [String]] = [
        "certifier": PathwayCodes.certifiers, "region": PathwayCodes.regions, "department": PathwayCodes.departments,
        "sex": PathwayCodes.sexes, "employment_status": PathwayCodes.employmentStatuses, "funding": PathwayCodes.fundings,
        "outcome": PathwayCodes.outcomes, "admissible": ["Y", "N"],
    ]

    /// Upper case, accents folded, spacing kept as single spaces: how shapes compare characters.
    static func fold(_ text: String) -> String {
        // Most refused values are ASCII: upper-cased and spaced without Foundation's folding.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var out: [UInt8] = []
            out.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                    if let last = out.last, last != UInt8(ascii: " ") { out.append(UInt8(ascii: " ")) }
                } else {
                    out.append(byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte)
                }
            }
            if out.last == UInt8(ascii: " ") { out.removeLast() }
            return String(decoding: out, as: UTF8.self)
        }
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil).uppercased()
        return folded.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }).joined(separator: " ")
    }

    /// `text` as `Pseudonymiser.normalise` folds it, as bytes: through the pseudonym's byte folding
    /// when its characters are in the table, else through the `String` path.
    static func normalised(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        let known = Array(text.utf8).withUnsafeBytes { IdentityFolding.fold($0, encoding: .utf8, into: &bytes) }
        return known ? bytes : Array(Pseudonymiser.normalise(text).utf8)
    }

    /// What the row of a refused value says about the person: the values of its identity and
    /// dropped columns (normalised, `Pseudonymiser.normalise`) and its birth date (days).
    struct RowIdentity {
        /// Folded as `normalised` folds.
        var values: [[UInt8]] = []
        var birthDate: Int32?
    }

    /// What a reject keeps of `text`, refused in `column`: the value, or (when withheld) a
    /// description. `identity` is asked only for a value that has its column's shape (most
    /// refused values do not, and reading the row's identity costs a few foldings); nil from it
    /// means the row cannot be trusted to show its identity where it should: nothing is kept.
    func judge(_ text: String, column: String, identity: () -> RowIdentity? = { RowIdentity() }) -> (value: String?, description: String?) {
        let shape = shapes[column] ?? .never
        guard passes(text, shape), let identity = identity() else { return (nil, Self.describe(text, shape: shape)) }
        if case .date = shape, let birthDate = identity.birthDate, Self.dateDays(text) == birthDate {
            return (nil, Self.describe(text, shape: shape))
        }
        let normalised = Self.normalised(text)
        for value in identity.values where !value.isEmpty {
            if value == normalised || (value.count >= 3 && Self.holds(normalised, value)) || (normalised.count >= 3 && Self.holds(value, normalised)) {
                return (nil, Self.describe(text, shape: shape))
            }
            // Nearly the same (a damaged copy, a typo): as identifying as the same.
            let shorter = min(value.count, normalised.count), longer = max(value.count, normalised.count)
            if shorter >= 3, longer - shorter <= 2, Self.editDistance(normalised, value, atMost: longer >= 5 ? 2 : 1) {
                return (nil, Self.describe(text, shape: shape))
            }
        }
        return (text, nil)
    }

    /// Whether `haystack` holds `needle` as a run of bytes (short values: a plain search).
    private static func holds(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        return false
    }

    /// Whether two byte strings are at most `limit` edits apart (insert, delete, replace), by the
    /// dynamic programme cut off as soon as a row exceeds the limit.
    private static func editDistance(_ a: [UInt8], _ b: [UInt8], atMost limit: Int) -> Bool {
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) <= limit }
        var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var best = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                best = min(best, current[j])
            }
            if best > limit { return false }
            swap(&previous, &current)
        }
        return previous[b.count] <= limit
    }

    private func passes(_ text: String, _ shape: Shape) -> Bool {
        guard !text.isEmpty, text.count <= 64, text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            return false
        }
        switch shape {
        case .never:
            return false
        case .token(let alphabet, let maximumLength):
            let folded = Self.fold(text)
            let anyDigit = alphabet.contains { $0.isASCII && $0.isNumber }
            return folded.count <= maximumLength && folded.allSatisfy { alphabet.contains($0) || (anyDigit && $0.isASCII && $0.isNumber) }
        case .certificationCode:
            let allowed = text.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == " " || $0 == "." || $0 == "-" }
            let digits = text.filter { $0.isASCII && $0.isNumber }.count
            return allowed && text.count <= 16 && (1...6).contains(digits) && text.contains(where: { $0.isLetter })
        case .date(let window):
            guard let days = Self.dateDays(text) else { return false }
            return window.contains(days)
        case .number(let digits):
            return text.count <= digits && text.allSatisfy { $0.isASCII && $0.isNumber }
        case .level:
            return Self.isLevel(text)
        }
    }

    /// Whether `text` is written as a level is: "4", "IV", "Niveau 3", "niv. V", "Level 5", "Bac+2".
    static func isLevel(_ text: String) -> Bool {
        var rest = Substring(fold(text).replacingOccurrences(of: " ", with: ""))
        for prefix in ["NIVEAU", "NIV.", "NIV", "LEVEL", "BAC+"] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            break
        }
        let digits = rest.allSatisfy { $0.isASCII && $0.isNumber }, roman = rest.allSatisfy { "IVX".contains($0) }
        return !rest.isEmpty && ((digits && rest.count <= 2) || (roman && rest.count <= 4))
    }

    /// The day of a date written `yyyy-mm-dd`, `d/m/yyyy` or `m/d/yyyy` (either reading, when it
    /// is valid and lies in the table's years); nil when it is not a date.
    static func dateDays(_ text: String) -> Int32? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { raw -> Int32? in
            if let parts = FieldParsing.isoDateParts(raw), case .success(let days) = FieldParsing.days(year: parts.year, month: parts.month, day: parts.day) {
                return days
            }
            for dayFirst in [true, false] {
                if let parts = FieldParsing.slashDateParts(raw, dayFirst: dayFirst),
                   case .success(let days) = FieldParsing.days(year: parts.year, month: parts.month, day: parts.day) {
                    return days
                }
            }
            return nil
        }
    }

    /// What a withheld value looks like, never what it is: its length and the kinds of characters
    /// it holds ("14 characters: letters and spaces"; "with an @" for what may be an e-mail), or,
    /// for a date, whether it was well formed and outside the window.
    static func describe(_ text: String, shape: Shape) -> String {
        if case .date(let window) = shape, let days = dateDays(text), !window.contains(days) {
            return "a date outside the plausible window (\(DateWindows.text(window)))"
        }
        var kinds: [String] = []
        if text.contains(where: \.isLetter) { kinds.append("letters") }
        if text.contains(where: \.isNumber) { kinds.append("digits") }
        if text.contains(where: { $0 == " " || $0 == "\t" }) { kinds.append("spaces") }
        if text.contains(where: { $0.isPunctuation || $0.isSymbol }) { kinds.append("punctuation") }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { kinds.append("control characters") }
        var list = kinds.first ?? "nothing"
        if let last = kinds.last, kinds.count > 1 { list = kinds.dropLast().joined(separator: ", ") + " and " + last }
        let count = text.count
        return "\(count) character\(count == 1 ? "" : "s"): \(list)" + (text.contains("@") ? ", with an @" : "")
    }
}
