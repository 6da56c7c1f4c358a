/// The breakdowns every indicator is published by (DOMAIN.md), in publication order, with the
/// order of their values and whether their values partition the population.
///
/// A partition's values add up to the `all` row, which makes the `all` row a total for secondary
/// suppression; the top 20 certifications do not (the other certifications are not published).
public enum Breakdown: String, Sendable, CaseIterable {
    case all, certifier, level, sex, age_band, employment_status, funding, support, department, certification

    public var isPartition: Bool { self != .certification }

    public var label: Labels {
        switch self {
        case .all: Labels(en: "All pathways", fr: "Ensemble")
        case .certifier: Labels(en: "Certifier", fr: "Certificateur")
        case .level: Labels(en: "Level", fr: "Niveau")
        case .sex: Labels(en: "Sex", fr: "Sexe")
        case .age_band: Labels(en: "Age at application", fr: "Âge à la demande")
        case .employment_status: Labels(en: "Employment status", fr: "Situation d'emploi")
        case .funding: Labels(en: "Funding", fr: "Financement")
        case .support: Labels(en: "Support", fr: "Accompagnement")
        case .department: Labels(en: "Department", fr: "Département")
        case .certification: Labels(en: "Top 20 certifications", fr: "20 premières certifications")
        }
    }

    /// Sorts this breakdown's values for publication: age bands, levels and departments in their
    /// natural order (2A and 2B after 19), `unknown`/`none` last, the rest by code.
    public func ordered(_ values: [String]) -> [String] {
        let ages = ["<30", "30-39", "40-49", "50+"]
        func rank(_ value: String) -> (Int, Int, String) {
            if value == "unknown" || value == "none" { return (2, 0, value) }
            if self == .age_band, let index = ages.firstIndex(of: value) { return (0, index, value) }
            if self == .department, value == "2A" || value == "2B" { return (0, 20, value) } // Corsica, between 19 and 21
            if let number = Int(value) { return (0, number, value) }
            return (1, 0, value)
        }
        return values.sorted { rank($0) < rank($1) }
    }

    /// A breakdown value in words: its label in the language's nomenclature (`Nomenclature`),
    /// or the value itself when the nomenclature has none (a certification's RNCP code).
    public func label(of value: String, _ language: Language) -> String {
        Nomenclature.standard(language).label(rawValue, value) ?? value
    }
}
