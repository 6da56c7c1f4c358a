/// What a source column can feed: a harmonised column, a part of the identity (folded into the
/// pseudonym, never stored), the pathway key, or a quasi-identifier generalised on the way in
/// (postcode → department, birth date → birth year).
public enum MappedField: String, Sendable, CaseIterable, Hashable {
    case pathwayKey = "pathway_key"
    case birthName = "birth_name", firstName = "first_name", birthDate = "birth_date"
    case postcode
    case certifier, certificationCode = "certification_code", level, region, department, sex
    case birthYear = "birth_year", employmentStatus = "employment_status", funding
    case infoDate = "info_date", applicationDate = "application_date", admissibilityDate = "admissibility_date"
    case admissible, supportStartDate = "support_start_date", portfolioDate = "portfolio_date"
    case juryDate = "jury_date", outcome, outcomeDate = "outcome_date"

    /// Position in `allCases` (a switch, not a dictionary: it is looked up for every field of every row).
    var ordinal: Int {
        switch self {
        case .pathwayKey: 0
        case .birthName: 1
        case .firstName: 2
        case .birthDate: 3
        case .postcode: 4
        case .certifier: 5
        case .certificationCode: 6
        case .level: 7
        case .region: 8
        case .department: 9
        case .sex: 10
        case .birthYear: 11
        case .employmentStatus: 12
        case .funding: 13
        case .infoDate: 14
        case .applicationDate: 15
        case .admissibilityDate: 16
        case .admissible: 17
        case .supportStartDate: 18
        case .portfolioDate: 19
        case .juryDate: 20
        case .outcome: 21
        case .outcomeDate: 22
        }
    }

    static let required: [MappedField] = [.pathwayKey, .birthName, .firstName, .birthDate, .certificationCode, .applicationDate]

    /// Whether the field's values reach the store as they are (coded, dated or checked); false
    /// for the identity, the postcode (generalised), the pathway key (hashed) and the birth year
    /// (taken from the birth date).
    var isStored: Bool {
        switch self {
        case .pathwayKey, .birthName, .firstName, .birthDate, .postcode, .birthYear: false
        default: true
        }
    }

    /// Fields whose values identify a person: never echoed in a reject, never stored as such.
    var isIdentifying: Bool {
        switch self {
        case .birthName, .firstName, .birthDate, .postcode: true
        default: false
        }
    }

    /// The harmonised codes of a coded field, sorted (a code is stored as its index there); nil
    /// for other fields.
    var codeList: [String]? {
        switch self {
        case .certifier: PathwayCodes.certifiers
        case .level: Level.valid.map(String.init)
        case .region: PathwayCodes.regions
        case .department: PathwayCodes.departments
        case .sex: PathwayCodes.sexes
        case .employmentStatus: PathwayCodes.employmentStatuses
        case .funding: PathwayCodes.fundings
        case .admissible: ["N", "Y"]
        case .outcome: PathwayCodes.outcomes
        default: nil
        }
    }

    /// What a code table of this field may map to.
    var harmonisedCodes: Set<String>? { codeList.map(Set.init) }

    var isDate: Bool {
        switch self {
        case .birthDate, .infoDate, .applicationDate, .admissibilityDate, .supportStartDate, .portfolioDate, .juryDate, .outcomeDate: true
        default: false
        }
    }
}
