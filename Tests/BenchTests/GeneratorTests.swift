import Foundation
import Testing
@testable import Bench
import Ingest
import Storage

@Suite("Generator")
struct GeneratorTests {
    static func temporaryDirectory(_ name: String) -> String {
        NSTemporaryDirectory() + "parcours-bench-\(name)-\(UUID().uuidString)"
    }

    static func contents(_ directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in ["pathways.csv", "raw/educ-nat.csv", "raw/sante-social.csv", "raw/travail.csv", "raw/defects.csv"] {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
        }
        return files
    }

    @Test("with harmonisedOthersOnly, the harmonised file holds exactly the pathways no raw file has")
    func harmonisedOthersOnly() throws {
        let directory = Self.temporaryDirectory("others")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let summary = try SampleGenerator.run(GeneratorOptions(rows: 20_000, seed: 3, defectRate: 0), directory: directory,
                                              harmonisedOthersOnly: true)
        let lines = try String(contentsOfFile: directory + "/pathways.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        let rawCertifiers = Set(RawFileStyle.all.flatMap(\.certifiers).map(\.rawValue))
        #expect(!lines.contains { rawCertifiers.contains(String($0.split(separator: ",")[2])) })
        let rawRows = summary.files.filter { $0.path.contains("/raw/") }.reduce(0) { $0 + $1.rows }
        #expect(lines.count + rawRows == 20_000)
        #expect(lines.count > 1_000)
    }

    @Test("the same seed gives byte-identical files; another seed does not")
    func determinism() throws {
        let a = Self.temporaryDirectory("a"), b = Self.temporaryDirectory("b"), c = Self.temporaryDirectory("c")
        defer { for path in [a, b, c] { try? FileManager.default.removeItem(atPath: path) } }
        _ = try SampleGenerator.run(GeneratorOptions(rows: 20_000, seed: 7), directory: a)
        _ = try SampleGenerator.run(GeneratorOptions(rows: 20_000, seed: 7), directory: b)
        _ = try SampleGenerator.run(GeneratorOptions(rows: 20_000, seed: 8), directory: c)
        let first = try Self.contents(a), second = try Self.contents(b), other = try Self.contents(c)
        for (name, bytes) in first {
            #expect(bytes == second[name], "\(name) differs between two runs with the same seed")
            #expect(bytes.count > 40, "\(name) is empty")
            if name != "raw/defects.csv" { #expect(bytes != other[name], "\(name) does not depend on the seed") }
        }
        // The pathways do not depend on whether raw files are written.
        let d = Self.temporaryDirectory("d")
        defer { try? FileManager.default.removeItem(atPath: d) }
        _ = try SampleGenerator.run(GeneratorOptions(rows: 20_000, seed: 7), directory: d, raw: false)
        #expect(try Data(contentsOf: URL(fileURLWithPath: d + "/pathways.csv")) == first["pathways.csv"])
    }

    @Test("stage dates are in order and stages follow one another")
    func stagesInOrder() {
        var generator = PathwayGenerator(GeneratorOptions(rows: 50_000, seed: 3))
        let extraction = generator.options.extractionDate.daysSinceEpoch
        while let synthetic = generator.next() {
            let p = synthetic.pathway
            let chain: [Int32?] = [p.applicationDate, p.admissibilityDate, p.portfolioDate, p.juryDate, p.outcomeDate]
            let present = chain.prefix { $0 != nil }.map { $0! }
            #expect(chain.dropFirst(present.count).allSatisfy { $0 == nil }, "a later stage without an earlier one: \(p)")
            #expect(present == present.sorted(), "stages out of order: \(p)")
            #expect(present.allSatisfy { $0 <= extraction }, "a stage after the extraction date: \(p)")
            if let info = p.infoDate { #expect(info <= p.applicationDate) }
            if let support = p.supportStartDate { #expect(support >= p.admissibilityDate!) }
            if p.portfolioDate != nil { #expect(p.admissible == true) }
            #expect((p.outcome == nil) == (p.juryDate == nil))
            #expect((p.admissible == nil) == (p.admissibilityDate == nil))
        }
    }
}
