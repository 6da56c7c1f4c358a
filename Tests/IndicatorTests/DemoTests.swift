import Foundation
import Testing

/// `parcours demo`, the newcomer's command, end to end on a small sample: a national store, the
/// regional edition of the providers' region with France beside it, the national set, the
/// providers' quality pages and the report's data-quality annex naming the three providers.
@Suite struct DemoTests {
    @Test func theDemoPublishesTheRegionalEditionWithItsAnnex() throws {
        let folder = TestStore.directory("demo")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try PublicationTests.run(["demo", folder, "--rows", "20000"])
        #expect(run.status == 0, "\(run.errors)")
        for name in ["report.html", "indicators.csv", "indicators.json", "indicators.xlsx"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/report/" + name), "report/\(name)")
            #expect(FileManager.default.fileExists(atPath: folder + "/report-france/" + name), "report-france/\(name)")
        }
        let regional = try String(contentsOfFile: folder + "/report/report.html", encoding: .utf8)
        #expect(regional.contains("Indicateurs annuels de la VAE — Auvergne-Rhône-Alpes — "))
        #expect(regional.contains("France : calculée sur le même dépôt"))
        #expect(regional.contains("Annexe : qualité des données reçues"))
        for provider in ["DAVA Auvergne-Rhône-Alpes (Éducation nationale)", "DREETS Auvergne-Rhône-Alpes (santé et social)",
                         "DDETS du Rhône (titres professionnels)"] {
            #expect(regional.contains("<th scope=\"row\">\(provider)</th>"), "\(provider) in the annex")
        }
        let national = try String(contentsOfFile: folder + "/report-france/report.html", encoding: .utf8)
        #expect(!national.contains("class=\"france\"") && national.contains("Indicateurs annuels de la VAE — 20"))
        #expect(FileManager.default.fileExists(atPath: folder + "/quality/dava/quality.html"))
        #expect(try PublicationTests.run(["scope", folder + "/store"]).output == "national\n")
    }
}
