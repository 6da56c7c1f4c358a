import Foundation
import Indicators
import Ingest
import Query
import Storage
import Testing

/// Each indicator family on ten hand-made pathways whose answers were worked out by hand (dates
/// differences with a calendar, quartiles by DuckDB's linear interpolation), for the year 2024.
@Suite struct KnownAnswerTests {
    // pathway_id,candidate_id,certifier,certification_code,level,region,department,sex,birth_year,employment_status,funding,
    // info_date,application_date,admissibility_date,admissible,support_start_date,portfolio_date,jury_date,outcome,outcome_date
    static let csv = """
        pathway_id,candidate_id,certifier,certification_code,level,region,department,sex,birth_year,employment_status,funding,info_date,application_date,admissibility_date,admissible,support_start_date,portfolio_date,jury_date,outcome,outcome_date
        1,00000000000000a1,EDUC_NAT,RNCP1,3,84,69,F,1990,EMPLOYED,CPF,,2024-02-01,2024-03-01,Y,,2024-06-01,2024-09-01,TOTAL,2024-09-01
        2,00000000000000a2,EDUC_NAT,RNCP1,3,84,69,M,1970,EMPLOYED,CPF,,2023-05-01,2023-07-01,Y,2023-08-01,2024-01-15,2024-04-01,PARTIAL,2024-04-01
        3,00000000000000a3,SANTE_SOCIAL,RNCP2,4,84,38,F,2000,JOBSEEKER,REGION,,2024-01-10,2024-02-10,N,,,,,
        4,00000000000000a4,SANTE_SOCIAL,RNCP2,4,84,38,F,1980,EMPLOYED,EMPLOYER,,2021-03-01,2021-04-01,Y,2021-05-01,2021-10-01,2022-03-01,TOTAL,2022-03-01
        5,00000000000000a5,TRAVAIL,RNCP3,3,84,69,F,1985,JOBSEEKER,JOBSEEKER_AID,,2021-06-01,2021-07-01,Y,,,2024-01-20,NONE,2024-01-20
        6,00000000000000a6,TRAVAIL,RNCP3,3,84,01,M,1960,JOBSEEKER,JOBSEEKER_AID,,2021-09-01,2021-10-01,Y,,,,,
        7,00000000000000a7,EDUC_NAT,RNCP1,3,84,69,F,1975,EMPLOYED,CPF,,2022-01-01,2022-02-01,Y,2022-03-01,2022-09-01,2023-01-15,TOTAL,2023-01-15
        8,00000000000000a8,SUP,RNCP4,6,84,69,M,1992,EMPLOYED,SELF,,2023-09-01,2023-10-01,Y,,2024-03-01,2024-11-30,TOTAL,2024-11-30
        9,00000000000000a9,EDUC_NAT,RNCP1,3,84,01,F,1988,INACTIVE,NONE,,2024-11-01,,,,,,,
        10,0000000000000a10,SANTE_SOCIAL,RNCP2,4,84,38,F,1979,EMPLOYED,OPCO,,2021-01-15,2021-02-15,Y,2021-03-01,2022-01-10,2023-06-01,PARTIAL,2023-06-01

        """

    let publication: Publication

    init() throws {
        let (store, directory) = try TestStore.make("known", csv: Self.csv)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        publication = try TestStore.publication(store, year: 2024)
    }

    func number(_ indicator: String, _ breakdown: Breakdown = .all, _ value: String = "all") -> Double? {
        publication.value(indicator, breakdown, value)?.value
    }

    @Test func flows() {
        // Applications in 2024: 1, 3, 9. Decisions: 1 (favourable), 3 (not). Juries: 1 TOTAL, 2 PARTIAL, 5 NONE, 8 TOTAL.
        #expect(number("applications") == 3)
        #expect(number("admissibility_decisions") == 2)
        #expect(number("favourable_rate") == 50)
        #expect(publication.value("favourable_rate")?.numerator == 1 && publication.value("favourable_rate")?.denominator == 2)
        #expect(number("jury_sittings") == 4)
        #expect(number("total_share") == 50 && number("partial_share") == 25 && number("none_share") == 25)
        // By certifier, sex, age band, support, department and certification.
        #expect(number("applications", .certifier, "EDUC_NAT") == 2 && number("jury_sittings", .certifier, "EDUC_NAT") == 2)
        #expect(number("total_share", .certifier, "EDUC_NAT") == 50 && number("total_share", .certifier, "SUP") == 100)
        #expect(number("jury_sittings", .sex, "M") == 2 && number("applications", .sex, "F") == 3)
        #expect(number("applications", .age_band, "<30") == 1 && number("applications", .age_band, "30-39") == 2)
        #expect(number("jury_sittings", .age_band, "50+") == 1) // pathway 2: born 1970, applied 2023
        #expect(number("jury_sittings", .support, "with") == 1 && number("jury_sittings", .support, "without") == 3)
        #expect(number("applications", .department, "01") == 1 && number("jury_sittings", .department, "69") == 4)
        #expect(number("jury_sittings", .certification, "RNCP1") == 2 && number("applications", .certification, "RNCP2") == 1)
        #expect(number("applications", .level, "3") == 2 && number("favourable_rate", .level, "4") == 0)
    }

    @Test func durations() {
        // Juries of 2024: pathways 1, 2, 5, 8.
        #expect(number("n_application_to_admissibility") == 4)
        #expect(number("q1_application_to_admissibility_days") == 29.75) // 29, 30, 30, 61
        #expect(number("median_application_to_admissibility_days") == 30)
        #expect(number("q3_application_to_admissibility_days") == 37.75)
        #expect(number("n_admissibility_to_portfolio") == 3) // pathway 5 has no portfolio date
        #expect(number("median_admissibility_to_portfolio_days") == 152) // 92, 152, 198
        #expect(number("q1_admissibility_to_portfolio_days") == 122 && number("q3_admissibility_to_portfolio_days") == 175)
        #expect(number("median_admissibility_to_jury_days") == 350.5) // 184, 275, 426, 933
        #expect(number("q1_application_to_jury_days") == 305.25 && number("q3_application_to_jury_days") == 582.75)
        #expect(abs(number("median_application_to_jury_months")! - 396 / 30.4375) < 1e-9)
        #expect(number("median_admissibility_to_jury_days", .certifier, "SUP") == 426)
    }

    @Test func cohortFollowUp() {
        // Admissible in 2023: 2 and 8. Within 365 days: both reached the portfolio, 2 a jury (275 days), no total validation.
        #expect(number("admitted_y1") == 2)
        #expect(number("portfolio_12m_y1_rate") == 100 && number("jury_12m_y1_rate") == 50 && number("total_12m_y1_rate") == 0)
        // Admissible in 2022: 7 (portfolio 212 days, jury 348 days, total).
        #expect(number("admitted_y2") == 1 && number("total_12m_y2_rate") == 100 && number("jury_24m_y2_rate") == 100)
        // Admissible in 2021: 4 (183, 334, total), 5 (jury at 933 days, none), 6 (nothing), 10 (329, jury at 836, partial).
        #expect(number("admitted_y3") == 4)
        #expect(number("portfolio_12m_y3_rate") == 50 && number("portfolio_36m_y3_rate") == 75)
        #expect(number("jury_12m_y3_rate") == 25 && number("jury_24m_y3_rate") == 25 && number("jury_36m_y3_rate") == 75)
        #expect(number("total_36m_y3_rate") == 25)
        // The quarters of the curve: juries at 334 (pathway 4), 836 (10) and 933 days (5).
        #expect(number("jury_9m_y3_rate") == 0 && number("jury_27m_y3_rate") == 25)
        #expect(number("jury_30m_y3_rate") == 50 && number("jury_33m_y3_rate") == 75)
        #expect(number("jury_9m_y2_rate") == 0 && number("jury_15m_y2_rate") == 100) // pathway 7: 348 days
        #expect(publication.value("jury_15m_y1_rate") == nil) // beyond the window closed by 31 December
        #expect(publication.value("jury_36m_y3_rate")?.numerator == 3 && publication.value("jury_36m_y3_rate")?.denominator == 4)
        // The split by support is not a breakdown of this family (it is the support family).
        #expect(publication.value("admitted_y3", .support, "with") == nil)
    }

    @Test func dropOffByStage() {
        // Applications of 2021: 4, 5, 6, 10 — all admissible; portfolio (or jury) 4, 5, 10; jury 4, 5, 10; total 4.
        #expect(number("applications_y3") == 4 && number("reached_admissible") == 4)
        #expect(number("reached_portfolio") == 3 && number("reached_jury") == 3 && number("reached_total") == 1)
        #expect(number("lost_at_admissibility") == 0 && number("lost_at_portfolio") == 25 && number("lost_at_jury") == 0)
        #expect(abs(number("lost_at_validation")! - 200.0 / 3) < 1e-9)
        #expect(number("reached_jury", .certifier, "SANTE_SOCIAL") == 2 && number("reached_jury", .certifier, "TRAVAIL") == 1)
    }

    @Test func effectOfSupport() {
        // Admissible in 2021 with support: 4, 10 (both reached a jury within 36 months); without: 5 (yes), 6 (no).
        #expect(number("admitted_y3_support_with") == 2 && number("admitted_y3_support_without") == 2)
        #expect(number("jury_36m_y3_rate_support_with") == 100 && number("jury_36m_y3_rate_support_without") == 50)
        #expect(number("total_36m_y3_rate_support_with") == 50 && number("total_36m_y3_rate_support_without") == 0)
        #expect(number("admitted_y1_support_with", .certifier, "EDUC_NAT") == 1)
    }

    @Test func everyIndicatorIsPublishedForEveryBreakdownValue() {
        // Nothing suppressed at threshold 0 except empty denominators; every indicator has its overall value.
        let hidden = publication.values.filter { $0.suppression != nil }
        #expect(hidden.allSatisfy { $0.suppression == .empty })
        for table in publication.tables {
            for definition in table.family.indicators where table.family.split == nil {
                #expect(publication.value(definition.name) != nil, "\(definition.name)")
            }
        }
    }
}

/// The year published by default is the latest one the store covers in full: a date in the
/// future — a jury already scheduled, or 9999-12-30 typed in a store written before ingest checked
/// date windows — does not make 9998 the "latest full year".
@Suite struct LatestFullYearTests {
    @Test("a far-future date does not move the default year")
    func futureDatesIgnored() throws {
        let (store, directory) = try TestStore.make("future", csv: KnownAnswerTests.csv)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let engine = QueryEngine(snapshot: try store.snapshot())
        let computation = IndicatorComputation(set: try IndicatorSet.standard(), engine: engine)
        let before = try computation.latestFullYear()
        #expect(before == 2024 || before == 2023)  // the latest date is 2024-11-30: 2023, unless 31 December
        // A row written through the store, as an older ingest could have stored it.
        var pathway = Pathway(pathwayID: 99, candidateID: 99, certifier: "EDUC_NAT", certificationCode: "RNCP1",
                              applicationDate: CivilDate(year: 2020, month: 1, day: 1).daysSinceEpoch)
        pathway.juryDate = CivilDate(year: 9999, month: 12, day: 30).daysSinceEpoch
        var builder = PathwayColumnsBuilder()
        builder.append(pathway)
        try store.append(builder.takeBatch(), to: PathwaySchema.tableName)
        let after = IndicatorComputation(set: try IndicatorSet.standard(), engine: QueryEngine(snapshot: try store.snapshot()))
        #expect(try after.latestFullYear() == before)
        #expect(try after.latestFullYear(today: CivilDate(year: 9999, month: 12, day: 31)) == 9998, "the date is read once today is after it")
        _ = try after.run(year: before)
    }
}
