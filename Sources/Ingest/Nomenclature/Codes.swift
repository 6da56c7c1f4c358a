/// The harmonised code lists of DOMAIN.md: the defaults that ship with the engine.
public enum Certifier: String, Sendable, CaseIterable {
    case educationNationale = "EDUC_NAT"
    case santeSocial = "SANTE_SOCIAL"
    case travail = "TRAVAIL"
    case universites = "SUP"
    case cnam = "CNAM"
    case agriculture = "AGRI"
    case jeunesseSport = "JEUNESSE_SPORT"
    case defense = "DEFENSE"
    case culture = "CULTURE"
    case branche = "BRANCHE"
    case chambre = "CHAMBRE"
    case other = "OTHER"
}

/// Position on the labour market at application.
public enum EmploymentStatus: String, Sendable, CaseIterable {
    case employed = "EMPLOYED", jobseeker = "JOBSEEKER", inactive = "INACTIVE", other = "OTHER"
}

/// Who pays for the pathway.
public enum Funding: String, Sendable, CaseIterable {
    case cpf = "CPF", employer = "EMPLOYER", opco = "OPCO", jobseekerAid = "JOBSEEKER_AID"
    case region = "REGION", selfFunded = "SELF", none = "NONE", other = "OTHER"
}

/// The jury's decision.
public enum Outcome: String, Sendable, CaseIterable {
    case total = "TOTAL", partial = "PARTIAL", none = "NONE"
}

/// Certification levels of the 2019 framework (3 to 8) and the old nomenclature's letters.
public enum Level {
    public static let valid: ClosedRange<Int> = 3...8
    /// V→3, IV→4, III→5, II→6, I→7 (doctorates, I, are mapped to 8 by their certifier's mapping).
    public static let fromRomanNumeral: [String: Int] = ["V": 3, "IV": 4, "III": 5, "II": 6, "I": 7]
    public static let romanNumeral: [Int: String] = [3: "V", 4: "IV", 5: "III", 6: "II", 7: "I", 8: "I"]
}
