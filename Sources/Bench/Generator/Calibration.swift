import Ingest

/// The figures the synthetic pathways are calibrated on: DOMAIN.md's "Calibration" section
/// (national figures, ministries, 2009-2018). Every share here is a target that the calibration
/// test checks on 200k generated rows.
public enum Calibration {
    /// Share of applications by certifier (EDUC_NAT ~38-47%, SANTE_SOCIAL ~29-33%, TRAVAIL ~15%,
    /// SUP ~8%, the others ~6% together).
    public static let certifierShares: [(Certifier, Double)] = [
        (.educationNationale, 0.41), (.santeSocial, 0.30), (.travail, 0.15), (.universites, 0.08),
        (.cnam, 0.012), (.agriculture, 0.010), (.jeunesseSport, 0.010), (.defense, 0.004),
        (.culture, 0.004), (.branche, 0.012), (.chambre, 0.004), (.other, 0.004),
    ]

    /// Certification codes per certifier (about 3,000 in all).
    public static let codesPerCertifier: [Certifier: Int] = [
        .educationNationale: 900, .santeSocial: 150, .travail: 300, .universites: 900, .cnam: 200,
        .agriculture: 150, .jeunesseSport: 80, .defense: 60, .culture: 60, .branche: 150, .chambre: 30, .other: 20,
    ]

    /// Zipf exponent of code popularity within a certifier: a handful of codes draw most candidates.
    public static let zipfExponent = 1.25

    /// Level distribution (3...8; nil = no level) by certifier, so that overall about half of
    /// candidates target level 3, ~18% level 4 and ~87% level 5 or below.
    public static func levelShares(_ certifier: Certifier) -> [(Int8?, Double)] {
        switch certifier {
        case .educationNationale: [(3, 0.55), (4, 0.22), (5, 0.23)]
        case .santeSocial: [(3, 0.60), (4, 0.15), (5, 0.10), (6, 0.15)]
        case .travail: [(3, 0.45), (4, 0.25), (5, 0.25), (6, 0.05)]
        case .universites: [(5, 0.15), (6, 0.45), (7, 0.35), (8, 0.05)]
        case .branche: [(nil, 0.35), (3, 0.30), (4, 0.20), (5, 0.15)]
        default: [(3, 0.30), (4, 0.30), (5, 0.20), (6, 0.10), (7, 0.10)]
        }
    }

    /// Share of women (73-76% overall; more in health and social, fewer for Labour titles).
    public static func womenShare(_ certifier: Certifier) -> Double {
        switch certifier {
        case .santeSocial: 0.86
        case .travail: 0.60
        case .educationNationale: 0.75
        default: 0.62
        }
    }

    /// Age bands at application: over 70% aged 30-49, under 10% under 30.
    public static let ageBands: [(ClosedRange<Int>, Double)] = [(22...29, 0.08), (30...39, 0.35), (40...49, 0.37), (50...62, 0.20)]

    /// Employment: ~70-74% employed, ~25% job seekers (~60% for Labour titles).
    public static func employmentShares(_ certifier: Certifier) -> [(EmploymentStatus, Double)] {
        certifier == .travail
            ? [(.employed, 0.36), (.jobseeker, 0.60), (.inactive, 0.03), (.other, 0.01)]
            : [(.employed, 0.77), (.jobseeker, 0.19), (.inactive, 0.03), (.other, 0.01)]
    }

    public static func fundingShares(_ status: EmploymentStatus) -> [(Funding, Double)] {
        switch status {
        case .employed: [(.cpf, 0.40), (.employer, 0.15), (.opco, 0.20), (.selfFunded, 0.05), (.none, 0.15), (.other, 0.05)]
        case .jobseeker: [(.jobseekerAid, 0.45), (.region, 0.25), (.cpf, 0.20), (.none, 0.10)]
        case .inactive, .other: [(.selfFunded, 0.30), (.none, 0.50), (.region, 0.10), (.other, 0.10)]
        }
    }

    /// ~10% of admissibility decisions are unfavourable.
    public static let admissibleRate = 0.90
    public static let infoInterviewRate = 0.55
    public static let supportRate = 0.68
    /// Reaching a portfolio, with and without support: most drop-outs happen before the portfolio,
    /// and about half of admissible candidates reach a jury within three years.
    public static let portfolioRateWithSupport = 0.66
    public static let portfolioRateWithoutSupport = 0.41
    public static let juryRateAfterPortfolio = 0.88

    /// TOTAL validations among jury sittings (~60% overall: ~69% Education nationale, ~42% health
    /// and social, 64-70% Labour, >80% universities); PARTIAL takes 72% of the rest (~28% / ~12%).
    public static func totalRate(_ certifier: Certifier) -> Double {
        switch certifier {
        case .educationNationale: 0.69
        case .santeSocial: 0.42
        case .travail: 0.67
        case .universites: 0.82
        default: 0.60
        }
    }
    public static let partialShareOfRest = 0.72

    /// Candidates who come back for another pathway (another certification, or a new portfolio
    /// after a partial award): about 8% of pathways reuse a recent candidate.
    public static let returningCandidateRate = 0.08
}
