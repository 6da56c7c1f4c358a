import Foundation

/// One family of the annual indicator set (flows, durations, cohort follow-up, drop-off, effect of
/// support): a SQL file parameterised by `$year` and the indicators, relations and split its
/// header declares.
///
/// The query returns one row per breakdown value (`breakdown`, `breakdown_value`, then an optional
/// split column, then measures). Invariants checked when the family is read: every column an
/// indicator or relation names is one of the query's measures once it has run (checked by
/// `IndicatorRun`), names are unique, and a split family names the family whose totals it splits.
public struct IndicatorFamily: Sendable, Equatable {
    /// The file's name without its number and extension (`flows`, `durations`…).
    public let name: String
    public let sql: String
    public let indicators: [IndicatorDefinition]
    /// Additive relations between count columns of one row: `total = part + part…`.
    public let relations: [Relation]
    /// The split column (`support`) when the family splits another family's counts; its rows add
    /// up to that family's row with the same breakdown value, measure by measure.
    public let split: Split?

    /// `total = part + part…` between count columns of one row (at least two parts).
    public struct Relation: Sendable, Equatable {
        public let total: String
        public let parts: [String]
    }

    /// `split COLUMN of FAMILY`: this family's rows, by the split column's values, add up to FAMILY's.
    public struct Split: Sendable, Equatable {
        public let column: String
        /// The family holding the totals of the split counts (same measure names).
        public let of: String
    }

    /// The count columns the family's relations and indicators read.
    public var countColumns: [String] {
        var seen = Set<String>(), ordered: [String] = []
        for column in indicators.flatMap(\.countColumns) + relations.flatMap({ [$0.total] + $0.parts }) where seen.insert(column).inserted {
            ordered.append(column)
        }
        return ordered
    }

    /// Reads the declarations of a family's SQL file (see `IndicatorDefinition` for the syntax).
    public init(name: String, sql: String) throws(IndicatorError) {
        self.name = name
        self.sql = sql
        var indicators: [IndicatorDefinition] = [], relations: [Relation] = [], split: Split?
        for (number, line) in sql.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("--") else { continue }
            let body = text.dropFirst(2).trimmingCharacters(in: .whitespaces)
            let place = "\(name).sql, line \(number + 1)"
            if body.hasPrefix("indicator ") {
                indicators.append(try IndicatorFamily.indicator(String(body.dropFirst(10)), at: place))
            } else if body.hasPrefix("relation ") {
                let sides = body.dropFirst(9).split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
                let parts = sides.count == 2 ? sides[1].split(separator: "+").map { $0.trimmingCharacters(in: .whitespaces) } : []
                guard sides.count == 2, !sides[0].isEmpty, parts.count >= 2, parts.allSatisfy({ !$0.isEmpty }) else {
                    throw .definition(place, "a relation reads 'relation total = part + part…'")
                }
                relations.append(Relation(total: sides[0], parts: parts))
            } else if body.hasPrefix("split ") {
                let words = body.split(separator: " ").map(String.init)
                guard words.count == 4, words[2] == "of" else { throw .definition(place, "a split reads 'split COLUMN of FAMILY'") }
                split = Split(column: words[1], of: words[3])
            }
        }
        guard !indicators.isEmpty else { throw .definition("\(name).sql", "declares no indicator ('-- indicator name = …')") }
        var names = Set<String>()
        for indicator in indicators where !names.insert(indicator.name).inserted {
            throw .definition("\(name).sql", "declares the indicator \(indicator.name) twice")
        }
        self.indicators = indicators
        self.relations = relations
        self.split = split
    }

    /// `name = column (unit)`, `name = numerator / denominator (percent)` or
    /// `name = column (unit, n = population)`, then `| en: label | fr: label`.
    private static func indicator(_ text: String, at place: String) throws(IndicatorError) -> IndicatorDefinition {
        let fields = text.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        var en: String?, fr: String?
        for field in fields.dropFirst() {
            if field.hasPrefix("en:") { en = field.dropFirst(3).trimmingCharacters(in: .whitespaces) }
            if field.hasPrefix("fr:") { fr = field.dropFirst(3).trimmingCharacters(in: .whitespaces) }
        }
        let usage = "an indicator reads 'indicator NAME = COLUMN[ / COLUMN] (UNIT[, n = COLUMN]) | en: … | fr: …'"
        guard let en, let fr, let equal = fields[0].firstIndex(of: "="),
              let open = fields[0].firstIndex(of: "("), let close = fields[0].lastIndex(of: ")"), open < close, equal < open else {
            throw .definition(place, usage)
        }
        let name = fields[0][..<equal].trimmingCharacters(in: .whitespaces)
        let expression = fields[0][fields[0].index(after: equal)..<open].trimmingCharacters(in: .whitespaces)
        let options = fields[0][fields[0].index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let operands = expression.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !name.isEmpty, let unit = options.first, !operands.contains(where: \.isEmpty) else { throw .definition(place, usage) }
        let kind: IndicatorDefinition.Kind
        if operands.count == 2 {
            guard unit == "percent", options.count == 1 else { throw .definition(place, "a rate (a / b) is in percent, with no n") }
            kind = .rate(numerator: operands[0], denominator: operands[1])
        } else if operands.count == 1, unit == "count", options.count == 1 {
            kind = .count(column: operands[0])
        } else if operands.count == 1, options.count == 2, options[1].hasPrefix("n ="), unit != "count" {
            kind = .statistic(column: operands[0], population: options[1].dropFirst(3).trimmingCharacters(in: .whitespaces))
        } else {
            throw .definition(place, usage)
        }
        return IndicatorDefinition(name: name, kind: kind, unit: unit, label: Labels(en: en, fr: fr))
    }
}
