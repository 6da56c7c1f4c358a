import Foundation
import Ingest
import Storage
import Support

/// What to generate: how many pathways, from which seed, over which application years.
public struct GeneratorOptions: Sendable {
    public var rows: Int
    public var seed: UInt64
    public var firstYear: Int
    public var lastYear: Int
    /// Day the files are extracted: stages after it have not happened yet (pathways in progress).
    public var extractionDate: CivilDate
    /// Share of raw-file rows given a defect (missing date, stages out of order, unknown code,
    /// duplicated row, wrong column count).
    public var defectRate: Double

    public init(rows: Int, seed: UInt64 = 1, firstYear: Int = 2015, lastYear: Int = 2025,
                extractionDate: CivilDate? = nil, defectRate: Double = 0.01) {
        precondition(rows >= 0 && firstYear <= lastYear, "invalid generator options")
        self.rows = rows
        self.seed = seed
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.extractionDate = extractionDate ?? CivilDate(year: lastYear + 1, month: 1, day: 31)
        self.defectRate = defectRate
    }
}

/// Streams realistic synthetic pathways calibrated on DOMAIN.md (see `Calibration`).
///
/// Deterministic and parallel: rows come in blocks of `blockSize`, each drawn from its own
/// SplitMix64 stream seeded by (seed, block), so block k is the same whether it is generated alone
/// (`init(_:block:)`, on any thread) or in sequence. Memory does not grow with the row count: only
/// the certification catalog and a ring of recent candidates (returning candidates, within a block)
/// are kept.
public struct PathwayGenerator: IteratorProtocol, Sendable {
    public static let blockSize = 65_536

    public let options: GeneratorOptions
    public let catalog: CertificationCatalog
    private var rng: SplitMix64
    private var produced: Int
    private let limit: Int
    private var recentPeople: [SyntheticPerson] = []
    private var recentCursor = 0
    private let firstDay: Int32
    private let lastDay: Int32
    private let extractionDay: Int32
    private let certifiers: [Certifier]
    private let certifierChoice: WeightedChoice
    private let departmentChoice: WeightedChoice
    private let ageChoice = WeightedChoice(Calibration.ageBands.map(\.1))
    /// Per-certifier and per-status tables, built once (the shares are functions; rows are many).
    private let employment: [Certifier: (values: [EmploymentStatus], choice: WeightedChoice)]
    private let funding: [EmploymentStatus: (values: [Funding], choice: WeightedChoice)]
    private static let recentCapacity = 4096

    /// All rows, or only those of `block` (rows `block * blockSize ..< (block + 1) * blockSize`).
    public init(_ options: GeneratorOptions, block: Int? = nil, catalog: CertificationCatalog? = nil) {
        self.options = options
        var catalogRNG = SplitMix64(seed: options.seed)
        self.catalog = catalog ?? CertificationCatalog(rng: &catalogRNG)
        produced = block.map { $0 * Self.blockSize } ?? 0
        limit = block.map { min(($0 + 1) * Self.blockSize, options.rows) } ?? options.rows
        rng = SplitMix64(seed: 0)
        firstDay = CivilDate(year: options.firstYear, month: 1, day: 1).daysSinceEpoch
        lastDay = CivilDate(year: options.lastYear, month: 12, day: 31).daysSinceEpoch
        extractionDay = options.extractionDate.daysSinceEpoch
        certifiers = Calibration.certifierShares.map(\.0)
        certifierChoice = WeightedChoice(Calibration.certifierShares.map(\.1))
        departmentChoice = WeightedChoice(Departments.all.map { Double($0.populationThousands) })
        employment = Dictionary(uniqueKeysWithValues: Certifier.allCases.map { certifier in
            let shares = Calibration.employmentShares(certifier)
            return (certifier, (shares.map(\.0), WeightedChoice(shares.map(\.1))))
        })
        funding = Dictionary(uniqueKeysWithValues: EmploymentStatus.allCases.map { status in
            let shares = Calibration.fundingShares(status)
            return (status, (shares.map(\.0), WeightedChoice(shares.map(\.1))))
        })
    }

    /// The number of blocks `options.rows` spans.
    public static func blockCount(rows: Int) -> Int { (rows + blockSize - 1) / blockSize }

    public mutating func next() -> SyntheticPathway? {
        guard produced < limit else { return nil }
        if produced % Self.blockSize == 0 {
            var mixer = SplitMix64(seed: options.seed ^ (UInt64(produced / Self.blockSize) &* 0xA24B_AED4_963E_E407))
            rng = SplitMix64(seed: mixer.next())
            recentPeople.removeAll(keepingCapacity: true)
            recentCursor = 0
        }
        produced += 1
        let certifier = certifiers[certifierChoice.draw(&rng)]
        let certification = catalog.draw(certifier, &rng)
        let application = Int32(rng.int(Int(firstDay)...Int(min(lastDay, extractionDay))))
        let person = person(certifier: certifier, applicationDay: application)

        var p = Pathway(pathwayID: Int64(produced), candidateID: Self.pseudonym(personIndex: person.index, seed: options.seed),
                        certifier: certifier.rawValue, certificationCode: certification.code, applicationDate: application)
        p.level = certification.level
        let department = Departments.all[person.departmentIndex]
        p.department = department.code
        p.region = department.region
        p.sex = person.sex
        p.birthYear = Int16(CivilDate(daysSinceEpoch: person.birthDate).year)
        let statuses = employment[certifier]!
        let status = statuses.values[statuses.choice.draw(&rng)]
        p.employmentStatus = status.rawValue
        let fundings = funding[status]!
        p.funding = fundings.values[fundings.choice.draw(&rng)].rawValue
        simulateStages(&p, certifier: certifier)
        return SyntheticPathway(pathway: p, person: person)
    }

    /// Walks the pathway through its stages; anything after the extraction date has not happened.
    private mutating func simulateStages(_ p: inout Pathway, certifier: Certifier) {
        let application = p.applicationDate
        if rng.chance(Calibration.infoInterviewRate) { p.infoDate = application - Int32(rng.int(7...150)) }
        let decision = application + Int32(15 + rng.logNormal(median: 30, sigma: 0.5))
        guard decision <= extractionDay else { return }
        p.admissibilityDate = decision
        let admissible = rng.chance(Calibration.admissibleRate)
        p.admissible = admissible
        guard admissible else { return }
        var supported = false
        if rng.chance(Calibration.supportRate) {
            let start = decision + Int32(7 + rng.logNormal(median: 25, sigma: 0.6))
            if start <= extractionDay {
                p.supportStartDate = start
                supported = true
            }
        }
        let portfolioRate = supported ? Calibration.portfolioRateWithSupport : Calibration.portfolioRateWithoutSupport
        guard rng.chance(portfolioRate) else { return }
        let portfolio = decision + Int32(30 + rng.logNormal(median: 230, sigma: 0.55))
        guard portfolio <= extractionDay else { return }
        p.portfolioDate = portfolio
        guard rng.chance(Calibration.juryRateAfterPortfolio) else { return }
        let jury = portfolio + Int32(20 + rng.logNormal(median: 150, sigma: 0.6))
        guard jury <= extractionDay else { return }
        p.juryDate = jury
        let draw = rng.unit()
        let total = Calibration.totalRate(certifier)
        let outcome: Outcome = draw < total ? .total
            : (draw < total + (1 - total) * Calibration.partialShareOfRest ? .partial : .none)
        p.outcome = outcome.rawValue
        p.outcomeDate = min(jury + Int32(rng.int(0...21)), extractionDay)
    }

    /// A new person, or (about 8% of pathways) a recent one coming back for another pathway.
    private mutating func person(certifier: Certifier, applicationDay: Int32) -> SyntheticPerson {
        if !recentPeople.isEmpty && rng.chance(Calibration.returningCandidateRate) {
            return recentPeople[rng.int(0...(recentPeople.count - 1))]
        }
        let sex = rng.chance(Calibration.womenShare(certifier)) ? "F" : "M"
        let age = rng.int(Calibration.ageBands[ageChoice.draw(&rng)].0)
        let birthYear = CivilDate(daysSinceEpoch: applicationDay).year - age
        let birthDay = CivilDate(year: birthYear, month: 1, day: 1).daysSinceEpoch + Int32(rng.int(0...364))
        let departmentIndex = departmentChoice.draw(&rng)
        let firstNames = sex == "F" ? FrenchNames.womenFirstNames.count : FrenchNames.menFirstNames.count
        let birthName = rng.int(0...(FrenchNames.surnames.count - 1))
        let person = SyntheticPerson(
            index: produced, sex: sex, birthNameIndex: birthName,
            usageNameIndex: sex == "F" && rng.chance(0.4) ? rng.int(0...(FrenchNames.surnames.count - 1)) : birthName,
            firstNameIndex: rng.int(0...(firstNames - 1)), birthDate: birthDay, departmentIndex: departmentIndex,
            postcodeSuffix: rng.int(0...999), streetNumber: rng.int(1...120),
            streetIndex: rng.int(0...(FrenchNames.streets.count - 1)), phoneDigits: rng.int(0...99_999_999),
            nirSerial: rng.int(1...999_999))
        if recentPeople.count < Self.recentCapacity {
            recentPeople.append(person)
        } else {
            recentPeople[recentCursor] = person
            recentCursor = (recentCursor + 1) % Self.recentCapacity
        }
        return person
    }

    /// The generator's stand-in for the keyed pseudonym (the ingest computes the real HMAC from raw
    /// identities; harmonised files arrive already pseudonymised).
    static func pseudonym(personIndex: Int, seed: UInt64) -> UInt64 {
        var mixer = SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D ^ UInt64(personIndex))
        return mixer.next()
    }
}
