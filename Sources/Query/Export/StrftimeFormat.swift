/// A date format in strftime's notation, as DuckDB's `DATEFORMAT` and `strftime` take it: `%Y`
/// (year, four digits), `%y` (two), `%m`, `%d` (two digits), `%j` (day of the year, three), `%%`,
/// and literal characters. Other specifiers are refused rather than written wrong.
struct StrftimeFormat: Equatable {
    enum Part: Equatable { case literal(String), year, shortYear, month, day, dayOfYear }

    let parts: [Part]

    init?(_ text: String) {
        var parts: [Part] = [], literal = "", escape = false
        for character in text {
            if escape {
                escape = false
                let part: Part
                switch character {
                case "Y": part = .year
                case "y": part = .shortYear
                case "m": part = .month
                case "d": part = .day
                case "j": part = .dayOfYear
                case "%": literal.append("%"); continue
                default: return nil
                }
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                parts.append(part)
            } else if character == "%" {
                escape = true
            } else {
                literal.append(character)
            }
        }
        guard !escape else { return nil }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    /// `days` (since 1970-01-01) in this format.
    func format(days: Int32) -> String {
        let date = CivilDate(daysSinceEpoch: days)
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value.magnitude)
            return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text = ""
        for part in parts {
            switch part {
            case .literal(let literal): text += literal
            case .year: text += padded(date.year, 4)
            case .shortYear: text += padded(((date.year % 100) + 100) % 100, 2)
            case .month: text += padded(date.month, 2)
            case .day: text += padded(date.day, 2)
            case .dayOfYear:
                let first = CivilDate(year: date.year, month: 1, day: 1).daysSinceEpoch
                text += padded(Int(days - first) + 1, 3)
            }
        }
        return text
    }
}

import Storage
