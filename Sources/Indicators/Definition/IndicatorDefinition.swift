/// One published indicator of a family: which result columns it reads and what its value means.
///
/// Declared in its family's SQL file by a comment line, so the query and what is published from it
/// live in one place:
///
///     -- indicator favourable_rate = favourable / decisions (percent) | en: … | fr: …
///     -- indicator applications = applications (count) | en: … | fr: …
///     -- indicator median_application_to_jury_days = median_application_to_jury_days (days, n = n_application_to_jury) | en: … | fr: …
///
/// Invariants: `numerator` and `denominator` (and `population`) name count columns of the query
/// (integers, additive along the breakdowns); `value` names the column a statistic is read from.
public struct IndicatorDefinition: Sendable, Equatable {
    /// How the value is computed from the query's columns.
    public enum Kind: Sendable, Equatable {
        /// A number of pathways (the value is the count itself).
        case count(column: String)
        /// 100 × numerator / denominator.
        case rate(numerator: String, denominator: String)
        /// A statistic (a quantile) of `population` pathways, read from `column`.
        case statistic(column: String, population: String)
    }

    public let name: String
    public let kind: Kind
    /// `count`, `percent`, `days`, `months`.
    public let unit: String
    public let label: Labels

    /// The count columns whose suppression hides this indicator.
    public var countColumns: [String] {
        switch kind {
        case .count(let column): [column]
        case .rate(let numerator, let denominator): [numerator, denominator]
        case .statistic(_, let population): [population]
        }
    }
}

/// A text in the report's two languages.
public struct Labels: Sendable, Equatable {
    public let en: String
    public let fr: String

    public init(en: String, fr: String) {
        self.en = en
        self.fr = fr
    }

    public subscript(_ language: Language) -> String { language == .fr ? fr : en }

    /// The text for a publication of `year`: the SQL files' relative years (`Y-3`, for the year
    /// three before the published one) written as years, since readers read years.
    public func text(_ language: Language, year: Int) -> String {
        let words = self[language]
        guard words.contains("Y-") else { return words }
        var result = ""
        var rest = Substring(words)
        while let range = rest.range(of: "Y-") {
            let digits = rest[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
            let before = rest[..<range.lowerBound]
            let standsAlone = before.last.map { !$0.isLetter && !$0.isNumber } ?? true
            result += before
            if standsAlone, !digits.isEmpty, let offset = Int(digits), offset < 100 {
                result += String(year - offset)
                rest = rest[digits.endIndex...]
            } else {
                result += "Y-"
                rest = rest[range.upperBound...]
            }
        }
        return result + rest
    }
}

/// The languages of the report.
public enum Language: String, Sendable, CaseIterable {
    case fr, en
}
