import Foundation
@testable import Indicators
import Ingest
import Testing

/// The publication's words for codes: every code the ingest accepts has a label in every
/// language's nomenclature file, the files label the same codes, and the report's visible text
/// shows labels, not codes.
@Suite struct NomenclatureTests {
    /// Every (breakdown, code) the harmonised data can hold, from the ingest's code lists.
    static var codes: [(String, String)] {
        var codes: [(String, String)] = []
        codes += Certifier.allCases.map { ("certifier", $0.rawValue) }
        codes += EmploymentStatus.allCases.map { ("employment_status", $0.rawValue) }
        codes += Funding.allCases.map { ("funding", $0.rawValue) }
        codes += Outcome.allCases.map { ("outcome", $0.rawValue) }
        codes += Level.valid.map { ("level", String($0)) } + [("level", "none")]
        codes += Departments.all.map { ("department", $0.code) }
        codes += Regions.codes.map { ("region", $0) }
        codes += ["F", "M"].map { ("sex", $0) } + ["<30", "30-39", "40-49", "50+"].map { ("age_band", $0) }
        codes += ["with", "without"].map { ("support", $0) } + ["all", "unknown"].map { ("*", $0) }
        return codes
    }

    @Test func everyCodeHasALabelInEveryLanguage() {
        for language in Language.allCases {
            let nomenclature = Nomenclature.standard(language)
            for (breakdown, code) in Self.codes {
                let label = nomenclature.label(breakdown, code)
                #expect(label != nil && label != code && !(label ?? "").isEmpty, "\(language): \(breakdown) \(code)")
            }
        }
        let french = Set(Nomenclature.french.entries.map { "\($0.breakdown)|\($0.code)" })
        let english = Set(Nomenclature.english.entries.map { "\($0.breakdown)|\($0.code)" })
        #expect(french == english, "codes labelled in one language only: \(french.symmetricDifference(english).sorted())")
    }

    @Test func theFilesHaveOneLabelPerCode() throws {
        for language in Language.allCases {
            let folder = try #require(IndicatorSet.resourceFolder("Nomenclature", holding: "labels-\(language.rawValue).csv"))
            let text = try String(contentsOf: folder.appendingPathComponent("labels-\(language.rawValue).csv"), encoding: .utf8)
            let records = Nomenclature.records(text)
            #expect(records.first == ["breakdown", "code", "label"])
            #expect(records.allSatisfy { $0.count == 3 }, "\(language): a line without three fields")
            let keys = records.dropFirst().map { "\($0[0])|\($0[1])" }
            #expect(Set(keys).count == keys.count, "\(language): a code labelled twice")
        }
    }

    @Test func quotedFieldsAreRead() {
        let nomenclature = Nomenclature(language: .fr, csv: "breakdown,code,label\r\nfunding,X,\"Un, \"\"deux\"\"\"\nlevel,3,Trois")
        #expect(nomenclature.label("funding", "X") == "Un, \"deux\"")
        #expect(nomenclature.label("level", "3") == "Trois")
        #expect(nomenclature.label("level", "4") == nil)
    }

    /// The codes a reader must never see in the report (RNCP codes are how certifications are known).
    @Test func theReportShowsLabelsNotCodes() throws {
        let publication = try TestStore.publication(GeneratedStore.shared.store, year: 2024, threshold: 11)
        let codes = Certifier.allCases.map(\.rawValue) + EmploymentStatus.allCases.map(\.rawValue)
            + Funding.allCases.map(\.rawValue) + Outcome.allCases.map(\.rawValue)
        for language in Language.allCases {
            let html = Report(publication: publication, language: language).html()
            // The visible text: tags and the style sheet removed.
            let body = html.components(separatedBy: "<body")[1]
            let text = body.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
            let words = Set(text.split(whereSeparator: { !$0.isLetter && $0 != "_" }).map(String.init))
            let shown = codes.filter { words.contains($0) && $0 != "CNAM" && $0 != "OPCO" && $0 != "CPF" }
            #expect(shown.isEmpty, "\(language): codes shown in the report: \(shown)")
            #expect(text.contains(Nomenclature.standard(language).label("certifier", "EDUC_NAT") ?? "?"))
        }
    }
}
