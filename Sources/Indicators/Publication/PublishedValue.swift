/// One line of the published indicator set (long format): an indicator for one breakdown value,
/// with what it is computed from, or why it is hidden.
///
/// Invariant: a hidden count is never present — `numerator`, `denominator` and `value` are nil
/// whenever the count they would show is suppressed; `suppression` says why.
public struct PublishedValue: Sendable, Equatable {
    public let family: String
    /// The indicator's name; in a split family, followed by the split (`…_support_with`).
    public let indicator: String
    public let definition: IndicatorDefinition
    public let split: String?
    public let breakdown: Breakdown
    public let breakdownValue: String
    public let numerator: Int?
    public let denominator: Int?
    public let value: Double?
    public let unit: String
    public let suppression: Suppression?

    /// Why a value is hidden.
    public enum Suppression: Sendable, Equatable {
        /// A count, numerator or denominator below the threshold (which one, in words).
        case primary(String)
        /// Hidden so that a small cell of its table cannot be recomputed from the totals.
        case secondary
        /// No pathway in the denominator.
        case empty

        public func text(threshold: Int) -> String {
            switch self {
            case .primary(let what): "\(what) below \(threshold)"
            case .secondary: "secondary: protects a small cell of the same table"
            case .empty: "no pathway"
            }
        }

        public func text(threshold: Int, _ language: Language) -> String {
            guard language == .fr else { return text(threshold: threshold) }
            switch self {
            case .primary(let what):
                let words = ["count": "effectif", "numerator": "numérateur", "denominator": "dénominateur", "population": "population"]
                return "\(words[what] ?? what) inférieur à \(threshold)"
            case .secondary: return "secret secondaire : protège une petite case du même tableau"
            case .empty: return "aucun parcours"
            }
        }
    }

    /// The value as published: rates and durations to one decimal, counts whole.
    public var formattedValue: String {
        guard let value else { return "" }
        return definition.unit == "count" ? String(Int(value)) : Publication.decimal(value, places: 1)
    }
}
