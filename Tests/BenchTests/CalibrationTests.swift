import Foundation
import Testing
@testable import Bench
import Ingest
import Storage

/// On 200k generated pathways, each published share lands within a stated tolerance of the
/// national figures in DOMAIN.md ("Calibration"). The targets are written here from DOMAIN.md,
/// not read from `Calibration`, so a drift in the generator's constants is caught.
@Suite("Calibration")
struct CalibrationTests {
    static let pathways: [Pathway] = {
        var generator = PathwayGenerator(GeneratorOptions(rows: 200_000, seed: 11))
        var result: [Pathway] = []
        result.reserveCapacity(200_000)
        while let synthetic = generator.next() { result.append(synthetic.pathway) }
        return result
    }()

    static func share(_ rows: [Pathway], _ predicate: (Pathway) -> Bool) -> Double {
        Double(rows.filter(predicate).count) / Double(max(rows.count, 1))
    }

    static func expectShare(_ value: Double, _ range: ClosedRange<Double>, _ what: String) {
        #expect(range.contains(value), "\(what): \(String(format: "%.3f", value)) outside \(range)")
    }

    @Test("certifier shares of applications")
    func certifiers() {
        let rows = Self.pathways
        Self.expectShare(Self.share(rows) { $0.certifier == "EDUC_NAT" }, 0.38...0.47, "EDUC_NAT")
        Self.expectShare(Self.share(rows) { $0.certifier == "SANTE_SOCIAL" }, 0.29...0.33, "SANTE_SOCIAL")
        Self.expectShare(Self.share(rows) { $0.certifier == "TRAVAIL" }, 0.13...0.17, "TRAVAIL")
        Self.expectShare(Self.share(rows) { $0.certifier == "SUP" }, 0.07...0.09, "SUP")
        Self.expectShare(Self.share(rows) { !["EDUC_NAT", "SANTE_SOCIAL", "TRAVAIL", "SUP"].contains($0.certifier) }, 0.04...0.08, "others")
        let codes = Set(rows.map(\.certificationCode))
        #expect(codes.count > 1_000 && codes.count <= 3_000, "\(codes.count) codes in use")
    }

    @Test("candidates: sex, age, employment, levels")
    func candidates() {
        let rows = Self.pathways
        Self.expectShare(Self.share(rows) { $0.sex == "F" }, 0.73...0.76, "women")
        Self.expectShare(Self.share(rows) { $0.employmentStatus == "EMPLOYED" }, 0.70...0.74, "employed")
        Self.expectShare(Self.share(rows) { $0.employmentStatus == "JOBSEEKER" }, 0.23...0.27, "job seekers")
        let travail = rows.filter { $0.certifier == "TRAVAIL" }
        Self.expectShare(Self.share(travail) { $0.employmentStatus == "JOBSEEKER" }, 0.56...0.64, "job seekers, Labour titles")
        func age(_ p: Pathway) -> Int { CivilDate(daysSinceEpoch: p.applicationDate).year - Int(p.birthYear!) }
        Self.expectShare(Self.share(rows) { (30...49).contains(age($0)) }, 0.70...0.78, "aged 30-49")
        Self.expectShare(Self.share(rows) { age($0) < 30 }, 0.0...0.10, "under 30")
        Self.expectShare(Self.share(rows) { $0.level == 3 }, 0.46...0.54, "level 3")
        Self.expectShare(Self.share(rows) { $0.level == 4 }, 0.15...0.21, "level 4")
        Self.expectShare(Self.share(rows) { ($0.level ?? 0) <= 5 }, 0.84...0.90, "level 5 or below")
        for p in rows.prefix(5_000) {
            #expect(Departments.byCode[p.department!]?.region == p.region, "department \(p.department!) not in region \(p.region!)")
        }
    }

    @Test("decisions and outcomes")
    func outcomes() {
        let rows = Self.pathways
        let decided = rows.filter { $0.admissible != nil }
        Self.expectShare(Self.share(decided) { $0.admissible == false }, 0.09...0.11, "unfavourable admissibility")
        let juries = rows.filter { $0.outcome != nil }
        Self.expectShare(Self.share(juries) { $0.outcome == "TOTAL" }, 0.57...0.63, "TOTAL among juries")
        Self.expectShare(Self.share(juries) { $0.outcome == "PARTIAL" }, 0.25...0.31, "PARTIAL among juries")
        Self.expectShare(Self.share(juries) { $0.outcome == "NONE" }, 0.09...0.15, "NONE among juries")
        Self.expectShare(Self.share(juries.filter { $0.certifier == "EDUC_NAT" }) { $0.outcome == "TOTAL" }, 0.66...0.72, "TOTAL, EDUC_NAT")
        Self.expectShare(Self.share(juries.filter { $0.certifier == "SANTE_SOCIAL" }) { $0.outcome == "TOTAL" }, 0.38...0.46, "TOTAL, SANTE_SOCIAL")
        Self.expectShare(Self.share(juries.filter { $0.certifier == "SUP" }) { $0.outcome == "TOTAL" }, 0.80...0.86, "TOTAL, SUP")
        let byCertifier = Dictionary(grouping: juries, by: \.certifier).mapValues { Double($0.count) / Double(juries.count) }
        Self.expectShare(byCertifier["EDUC_NAT"] ?? 0, 0.38...0.47, "EDUC_NAT among jury sittings")
        Self.expectShare(byCertifier["SANTE_SOCIAL"] ?? 0, 0.25...0.33, "SANTE_SOCIAL among jury sittings")
    }

    @Test("durations and drop-out")
    func durations() {
        let rows = Self.pathways
        // Admissible in 2016-2021: at least three years of follow-up before the extraction (2026-01-31).
        let followed = rows.filter { p in
            p.admissible == true && (2016...2021).contains(CivilDate(daysSinceEpoch: p.admissibilityDate!).year)
        }
        let withJury = followed.filter { $0.juryDate != nil && $0.juryDate! - $0.admissibilityDate! <= 3 * 365 }
        Self.expectShare(Double(withJury.count) / Double(followed.count), 0.45...0.56, "admissible reaching a jury within 3 years")
        let months = withJury.map { Double($0.juryDate! - $0.admissibilityDate!) / 30.44 }.sorted()
        let median = months[months.count / 2]
        #expect((12.5...16).contains(median), "median admissibility→jury \(median) months")
        let beyond36Months = Self.share(followed) { p in
            p.juryDate.map { Double($0 - p.admissibilityDate!) / 30.44 > 36 } ?? false
        }
        Self.expectShare(beyond36Months, 0.001...0.05, "juries beyond 36 months (the right tail)")
        // Most drop-outs happen before the portfolio.
        let dropped = followed.filter { $0.juryDate == nil }
        Self.expectShare(Self.share(dropped) { $0.portfolioDate == nil }, 0.75...1.0, "drop-outs before the portfolio")
        // Returning candidates: about 8% of pathways belong to a candidate seen before.
        let candidates = Set(rows.map(\.candidateID))
        Self.expectShare(1 - Double(candidates.count) / Double(rows.count), 0.06...0.10, "pathways of returning candidates")
    }
}
