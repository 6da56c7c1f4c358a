import Foundation
@testable import Indicators
import Ingest
import Storage
import Testing

/// The regional edition on six hand-made pathways, answers worked out by hand: the population is
/// the region's departments only (a stray of another region left out), and France — computed from
/// the same national store, or read from a published national indicators.json — stands beside it.
@Suite struct RegionalEditionTests {
    // Region 84 (Auvergne-Rhône-Alpes): 1 and 2 applied and sat a jury in 2024, 3 applied in 2023,
    // 7 was refused in 2024, 8 (applied in 2023) failed its 2024 jury.
    // Region 11 (Île-de-France): 4 refused in 2024, 5 validated in 2024, 6 applied in 2024.
    static let csv = """
        pathway_id,candidate_id,certifier,certification_code,level,region,department,sex,birth_year,employment_status,funding,info_date,application_date,admissibility_date,admissible,support_start_date,portfolio_date,jury_date,outcome,outcome_date
        1,00000000000000b1,EDUC_NAT,RNCP1,3,84,69,F,1990,EMPLOYED,CPF,,2024-02-01,2024-03-01,Y,,2024-06-01,2024-09-01,TOTAL,2024-09-01
        2,00000000000000b2,EDUC_NAT,RNCP1,3,84,01,M,1980,EMPLOYED,CPF,,2024-03-01,2024-04-01,Y,,2024-07-01,2024-10-01,PARTIAL,2024-10-01
        3,00000000000000b3,TRAVAIL,RNCP3,3,84,69,F,1985,JOBSEEKER,JOBSEEKER_AID,,2023-05-01,2023-06-01,Y,,,,,
        4,00000000000000b4,SANTE_SOCIAL,RNCP2,4,11,75,F,2000,JOBSEEKER,REGION,,2024-01-10,2024-02-10,N,,,,,
        5,00000000000000b5,SANTE_SOCIAL,RNCP2,4,11,75,F,1979,EMPLOYED,OPCO,,2024-02-01,2024-03-01,Y,,2024-04-01,2024-06-01,TOTAL,2024-06-01
        6,00000000000000b6,TRAVAIL,RNCP3,3,11,92,M,1970,EMPLOYED,SELF,,2024-05-01,,,,,,,
        7,00000000000000b7,SANTE_SOCIAL,RNCP2,4,84,38,M,1990,EMPLOYED,OPCO,,2024-01-15,2024-02-15,N,,,,,
        8,00000000000000b8,TRAVAIL,RNCP3,3,84,73,F,1982,EMPLOYED,CPF,,2023-03-01,2023-04-01,Y,,2023-12-01,2024-05-01,NONE,2024-05-01

        """

    static let region = Region(code: "84", departments: Departments.all.filter { $0.region == "84" }.map(\.code))

    static func publish(_ directory: String, _ folder: String, france: PublicationFiles.FranceSource?, region: Region? = region,
                        year: Int = 2024) throws -> PublicationFiles.Summary {
        var options = PublicationFiles.Options()
        options.year = year
        options.threshold = 1
        options.threads = 1
        options.region = region
        options.france = france
        return try PublicationFiles.write(store: directory + "/store", to: directory + "/" + folder, options: options)
    }

    @Test func theRegionAndFranceBesideIt() throws {
        let (_, directory) = try TestStore.make("regional", csv: Self.csv)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let summary = try Self.publish(directory, "region", france: .sameStore)
        let publication = summary.publication
        // The region: 1, 2 and 7 applied in 2024 and were decided (7 refused); 1, 2 and 8 sat a jury.
        #expect(publication.value("applications")?.value == 3)
        #expect(publication.value("favourable_rate")?.formattedValue == "66.7")
        #expect(publication.value("jury_sittings")?.value == 3)
        #expect(publication.value("total_share")?.formattedValue == "33.3" && publication.value("none_share")?.formattedValue == "33.3")
        // Its departments only (75 and 92 are Île-de-France's).
        let departments = Set(publication.values.filter { $0.breakdown == .department && $0.indicator == "applications" }.map(\.breakdownValue))
        #expect(departments == ["01", "38", "69", "73"])

        // France: 1, 2, 4, 5, 6, 7 applied in 2024; 1, 2, 4, 5, 7 decided (4 and 7 refused); 1, 2, 5, 8 sat a jury (two total).
        let html = try String(contentsOfFile: directory + "/region/report.html", encoding: .utf8)
        #expect(html.contains("Indicateurs annuels de la VAE — Auvergne-Rhône-Alpes — 2024"))
        #expect(html.contains("France : 6</span>"), "France's applications beside the region's")
        #expect(html.contains("France : 60,0 %</span>") && html.contains("France : 50,0 %</span>"))
        #expect(html.contains("<td class=\"france\">60,0 %</td>"), "a France column in the tables")
        #expect(html.contains("France : calculée sur le même dépôt"))

        // The same France from a published national set.
        let national = try Self.publish(directory, "national", france: nil, region: nil)
        #expect(national.publication.value("applications")?.value == 6)
        _ = try Self.publish(directory, "from-file", france: .published(path: directory + "/national/indicators.json"))
        let fromFile = try String(contentsOfFile: directory + "/from-file/report.html", encoding: .utf8)
        #expect(fromFile.contains("France : 6</span>") && fromFile.contains("France : 60,0 %</span>"))
        #expect(fromFile.contains("France : ensemble national publié (indicators.json, instantané"))
        // A national set holding a value beyond any count is refused with the file's name.
        let national2024 = try String(contentsOfFile: directory + "/national/indicators.json", encoding: .utf8)
        let huge = national2024.replacingOccurrences(of: "\"value\": 6,", with: "\"value\": 1e300,")
        #expect(huge != national2024)
        try huge.write(toFile: directory + "/huge.json", atomically: true, encoding: .utf8)
        #expect { try Self.publish(directory, "huge", france: .published(path: directory + "/huge.json")) } throws: { error in
            "\(error)".contains("huge.json") && "\(error)".contains("beyond any count")
        }
        // A national set of another year is refused.
        #expect(throws: IndicatorError.self) {
            try Self.publish(directory, "wrong-year", france: .published(path: directory + "/national/indicators.json"), year: 2023)
        }
    }

    @Test func theCommandNeedsANationalStoreOrAPublishedSet() throws {
        let directory = try TestStore.make("regional-command", csv: Self.csv).directory
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let refused = try PublicationTests.run(["indicators", directory + "/store", "--out", directory + "/a", "--year", "2024", "--region", "84"])
        #expect(refused.status != 0 && refused.errors.contains("not declared national") && !refused.errors.contains("Usage"))
        let declared = try PublicationTests.run(["scope", directory + "/store", "national"])
        #expect(declared.status == 0, "\(declared.errors)")
        #expect(try PublicationTests.run(["scope", directory + "/store"]).output == "national\n")
        let published = try PublicationTests.run(["indicators", directory + "/store", "--out", directory + "/b", "--year", "2024", "--region", "84",
                                                 "--min-cell", "1"])
        #expect(published.status == 0, "\(published.errors)")
        let unknown = try PublicationTests.run(["indicators", directory + "/store", "--out", directory + "/c", "--region", "99"])
        #expect(unknown.status != 0 && unknown.errors.contains("INSEE region code"))
        let alone = try PublicationTests.run(["indicators", directory + "/store", "--out", directory + "/d", "--france", "x.json"])
        #expect(alone.status != 0 && alone.errors.contains("use it with --region"))
    }
}
