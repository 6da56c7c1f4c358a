@testable import Bench
import Foundation
@testable import Ingest
import Storage
import Testing

/// Data providers declared in a store, their files ingested through the mappings the store keeps,
/// and the quality page each gets: per batch and per year, rejects by reason, completeness against
/// the other providers, stage-order and duplicate rejects, lateness against the delivery month.
@Suite("Providers and quality")
struct QualityTests {
    static let key = try! PseudonymisationKey(bytes: AdversarialPrivacyTests.keyBytes)

    @Test("providers are declared, listed, used by ingest (with the mapping the store keeps) and removed")
    func providers() throws {
        let directory = HarmonisedIngestTests.directory("providers")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try SampleGenerator.run(GeneratorOptions(rows: 6_000, seed: 12, defectRate: 0.03), directory: directory + "/files", harmonised: false)
        // The mapping file is copied, declared, then deleted: the store keeps its text.
        let mappingCopy = directory + "/educ-nat.json5"
        try FileManager.default.copyItem(atPath: RawIngestTests.mappingsDirectory + "/educ-nat.json5", toPath: mappingCopy)
        let store = try Store.create(at: directory + "/store")
        let ledger = try IngestLedger(store)
        let dava = try ledger.addProvider(name: "DAVA Lyon", certifier: "EDUC_NAT", mapping: try Mapping.load(path: mappingCopy), deliveryMonth: 3)
        try FileManager.default.removeItem(atPath: mappingCopy)
        #expect(throws: ProviderError.alreadyDeclared(name: "DAVA Lyon")) {
            try ledger.addProvider(name: "DAVA Lyon", certifier: "EDUC_NAT", mapping: nil, deliveryMonth: nil)
        }
        #expect(throws: ProviderError.self) {
            try ledger.addProvider(name: "Wrong", certifier: "SANTE_SOCIAL", mapping: try RawIngestTests.mapping(.educationNationale), deliveryMonth: nil)
        }
        #expect(throws: ProviderError.self) { try ledger.addProvider(name: "Bad month", certifier: "AGRI", mapping: nil, deliveryMonth: 13) }
        var options = IngestOptions()
        options.provider = try ledger.provider(named: "DAVA Lyon")
        let summary = try FileIngest.run(file: directory + "/files/raw/educ-nat.csv", into: store, mapping: try dava.mapping(), key: Self.key,
                                         options: options)
        #expect(summary.rowsStored > 500)
        #expect(try ledger.batches().map(\.provider) == [dava.id])
        try ledger.removeProvider(named: "DAVA Lyon")
        #expect(try ledger.providers().isEmpty && ledger.providers(includingRemoved: true).count == 1)
        #expect(throws: ProviderError.self) { _ = try ledger.provider(named: "DAVA Lyon") }
        #expect(try ledger.consistencyProblems().isEmpty)
    }

    @Test("the quality page of a provider: batches, years, reasons with lines, completeness against the others, lateness")
    func qualityReport() throws {
        let directory = HarmonisedIngestTests.directory("quality")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let options = GeneratorOptions(rows: 8_000, seed: 14, defectRate: 0.03)
        _ = try SampleGenerator.run(options, directory: directory + "/files", harmonised: false)
        let store = try Store.create(at: directory + "/store")
        let ledger = try IngestLedger(store)
        let educ = try ledger.addProvider(name: "DAVA", certifier: "EDUC_NAT", mapping: try RawIngestTests.mapping(.educationNationale), deliveryMonth: 3)
        let sante = try ledger.addProvider(name: "DREETS", certifier: "SANTE_SOCIAL", mapping: try RawIngestTests.mapping(.santeSocial), deliveryMonth: nil)
        func ingest(_ provider: Provider, _ style: RawFileStyle, dataYear: Int) throws -> IngestSummary {
            var ingestOptions = IngestOptions()
            ingestOptions.provider = provider
            ingestOptions.dataYear = dataYear
            ingestOptions.extractionDate = options.extractionDate
            ingestOptions.force = true
            return try FileIngest.run(file: directory + "/files/raw/\(style.name).csv", into: store, mapping: try provider.mapping(),
                                      key: Self.key, options: ingestOptions)
        }
        // Data year 2020: due 2021-03-31, received now: late. Data year 2199: due 2200: on time.
        let late = try ingest(educ, .educationNationale, dataYear: 2020)
        let onTime = try ingest(educ, .educationNationale, dataYear: 2199)
        _ = try ingest(sante, .santeSocial, dataYear: 2020)

        let report = try QualityReport.build(ledger, provider: "DAVA", year: nil)
        #expect(report.batches.map(\.batch.id) == [late.batch, onTime.batch])
        #expect(report.batches[0].due == CivilDate(year: 2021, month: 3, day: 31) && (report.batches[0].daysLate ?? 0) > 600)
        #expect(report.batches[1].due == CivilDate(year: 2200, month: 3, day: 31) && report.batches[1].daysLate == nil)
        #expect(report.years.map(\.dataYear) == [2020, 2199] && report.years[0].rejected == late.rejected.count)
        // Every reject of the provider's files, by reason, with its lines; the manifest's defects among them.
        #expect(report.rejects.count == late.rejected.count + onTime.rejected.count)
        #expect(report.reasons.reduce(0) { $0 + $1.count } == report.rejects.count)
        let manifest = try RawIngestTests.manifest(directory + "/files")["educ-nat.csv"] ?? [:]
        let reasonLines = Set(report.reasons.flatMap { $0.examples.map(\.line) })
        #expect(!reasonLines.isEmpty && reasonLines.isSubset(of: Set(manifest.keys)), "example lines are the defective ones")
        #expect(report.batches[0].stageOrderRejects == manifest.values.filter { $0.defect == "jury before admissibility" }.count)
        #expect(report.batches[0].duplicateRejects == manifest.values.filter { $0.defect == "duplicated row" }.count)
        // Completeness: Education nationale sends an information date, health and social does not.
        let info = try #require(report.completeness.first { $0.field == "info_date" })
        #expect((info.share ?? 0) > 0.3 && info.othersShare == 0)
        // A year filter, and the page and CSV themselves.
        #expect(try QualityReport.build(ledger, provider: "DAVA", year: 2199).batches.count == 1)
        #expect(throws: ProviderError.self) { _ = try QualityReport.build(ledger, provider: "Nobody", year: nil) }
        let html = QualityPage(report: report, language: .en).html()
        for text in ["Files received", "Why lines were rejected", "Completeness of each field", "educ-nat.csv", "on time", "chart-rejected-share"] {
            #expect(html.contains(text), "the page shows \(text)")
        }
        let csv = RejectsCSV.document(report.rejects).split(separator: "\n")
        #expect(csv.count == report.rejects.count + 1 && csv.first.map(String.init) == RejectsCSV.header)
    }
}
