import Foundation
@testable import Indicators
import Query
import Storage
import StorageTestSupport
import Testing

/// The publication on generated data: confidentiality rules hold on every line, the files are
/// reproducible byte for byte, and the command behaves as documented.
@Suite struct PublicationTests {
    let fixture = GeneratedStore.shared

    @Test func everyShownNumberRespectsTheThreshold() throws {
        let publication = try TestStore.publication(fixture.store, year: 2024, threshold: 11)
        #expect(publication.values.count > 5_000)
        let hidden = publication.values.filter { $0.suppression != nil }
        #expect(!hidden.isEmpty && hidden.count < publication.values.count / 2)
        for value in publication.values {
            for count in [value.numerator, value.denominator].compactMap({ $0 }) {
                #expect(count >= 11, "\(value.indicator) \(value.breakdown) \(value.breakdownValue) shows \(count)")
            }
            if value.suppression != nil { #expect(value.value == nil) }
            if case .rate = value.definition.kind, value.value != nil { #expect(value.numerator != nil && value.denominator != nil) }
        }
        // Secondary suppression happened, and primary reasons name what was small.
        #expect(hidden.contains { $0.suppression == .secondary })
        #expect(hidden.contains { $0.suppression == .primary("numerator") })
    }

    @Test func noRelationOfTheRealSetGivesAHiddenCellAway() throws {
        // Every relation of the real set (totals of each breakdown, outcomes of jury sittings, stages
        // and losses, support splits) has no hidden secret cell or at least two hidden cells.
        let publication = try TestStore.publication(fixture.store, year: 2024, threshold: 11)
        let cells = IndicatorCells(publication.tables, threshold: 11)
        #expect(cells.problem.relations.count > 1_000)
        let status = CellSuppression.apply(cells.problem)
        var checked = 0
        for relation in cells.problem.relations {
            let hidden = relation.members.filter { status[$0].isHidden }
            let secret = hidden.filter { status[$0] != .unpublished || cells.problem.isSensitive($0) }
            if !secret.isEmpty { #expect(hidden.count >= 2); checked += 1 }
        }
        #expect(checked > 100)
    }

    @Test func theSameSnapshotGivesByteIdenticalFiles() throws {
        let first = TestStore.directory("publish-a"), second = TestStore.directory("publish-b")
        defer { for folder in [first, second] { try? FileManager.default.removeItem(atPath: folder) } }
        var options = PublicationFiles.Options()
        options.year = 2024
        options.threads = 1
        let snapshot = try fixture.store.snapshot().id
        _ = try PublicationFiles.write(store: fixture.storePath, to: first, options: options)
        options.threads = 3
        options.asOf = snapshot
        _ = try PublicationFiles.write(store: fixture.storePath, to: second, options: options)
        for name in ["indicators.csv", "indicators.json", "report.html", "indicators.xlsx"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: first + "/" + name))
            let b = try Data(contentsOf: URL(fileURLWithPath: second + "/" + name))
            #expect(a == b && a.count > 1_000, "\(name) differs")
        }
    }

    @Test func filesAreWellFormed() throws {
        let folder = TestStore.directory("formats")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = PublicationFiles.Options()
        options.language = .en
        let summary = try PublicationFiles.write(store: fixture.storePath, to: folder, options: options)
        #expect(summary.publication.year == 2025) // the generator's last application year; extraction in January 2026
        let csv = try String(contentsOfFile: folder + "/indicators.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "family,indicator,breakdown,breakdown_value,numerator,denominator,value,unit,suppressed,suppression_reason")
        #expect(lines.count == summary.publication.values.count + 1)
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 10 })
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/indicators.json"))) as? [String: Any]
        let indicators = json?["indicators"] as? [[String: Any]]
        #expect(indicators?.count == summary.publication.values.count)
        #expect(json?["min_cell"] as? Int == 11 && json?["year"] as? Int == 2025)
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        #expect(html.contains("<html lang=\"en\">") && html.contains("<h2>Methods</h2>"))
        #expect(html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").range(of: "http") == nil)
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("<img"))
        for id in Report.chartIDs { #expect(html.contains("id=\"\(id)\"")) }
    }

    @Test func declarationsAreChecked() {
        func failure(_ sql: String) -> String {
            do {
                _ = try IndicatorFamily(name: "bad", sql: sql)
                return "no error"
            } catch {
                return error.description
            }
        }
        #expect(failure("SELECT 1") == "bad.sql: declares no indicator ('-- indicator name = …')")
        #expect(failure("-- indicator x = a / b (days) | en: x | fr: x\nSELECT 1") == "bad.sql, line 1: a rate (a / b) is in percent, with no n")
        #expect(failure("-- comment\n-- indicator x = a (count)\nSELECT 1").hasPrefix("bad.sql, line 2: an indicator reads"))
        #expect(failure("-- indicator x = a (count) | en: x | fr: x\n-- relation a = b\n").hasPrefix("bad.sql, line 2: a relation reads"))
        #expect(failure("-- indicator x = a (count) | en: x | fr: x\n-- indicator x = b (count) | en: x | fr: x") == "bad.sql: declares the indicator x twice")
    }

    @Test func theCommandPublishesAndExplainsItsErrors() throws {
        let folder = TestStore.directory("command")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ok = try Self.run(["indicators", fixture.storePath, "--year", "2023", "--out", folder, "--lang", "en", "--min-cell", "5"])
        #expect(ok.status == 0, "\(ok.errors)")
        #expect(ok.output.contains("indicators 2023 from snapshot") && ok.output.contains("suppressed (min cell 5)"))
        #expect(FileManager.default.fileExists(atPath: folder + "/report.html"))
        let empty = try Self.run(["indicators", fixture.storePath, "--year", "1990", "--out", folder + "/none"])
        #expect(empty.status != 0 && empty.errors.contains("no pathway has an event in 1990"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/none"))
        #expect(try Self.run(["init", folder + "/empty"]).status == 0)
        let nothing = try Self.run(["indicators", folder + "/empty", "--out", folder + "/none"])
        #expect(nothing.status != 0 && nothing.errors.contains("the store holds no pathways yet"))
        let language = try Self.run(["indicators", fixture.storePath, "--out", folder, "--lang", "de"])
        #expect(language.status != 0 && language.errors.contains("--lang takes fr or en"))
    }

    @Test func anObservatoryCanRunItsOwnFamilies() throws {
        // A folder of family files replaces the shipped set (`--sql`); its declarations are checked.
        let folder = TestStore.directory("own-families")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/sql", withIntermediateDirectories: true)
        try """
            -- indicator women = women (count) | en: Women applying | fr: Femmes candidates
            SELECT CASE WHEN grouping(certifier) = 0 THEN 'certifier' ELSE 'all' END AS breakdown,
                   coalesce(certifier, 'all') AS breakdown_value,
                   count(*) FILTER (WHERE sex = 'F') AS women
            FROM pathways WHERE year(application_date) = $year
            GROUP BY GROUPING SETS ((), (certifier)) ORDER BY 1, 2
            """.write(toFile: folder + "/sql/1_women.sql", atomically: true, encoding: .utf8)
        let ok = try Self.run(["indicators", fixture.storePath, "--year", "2022", "--out", folder + "/out", "--sql", folder + "/sql"])
        #expect(ok.status == 0, "\(ok.errors)")
        let csv = try String(contentsOfFile: folder + "/out/indicators.csv", encoding: .utf8)
        #expect(csv.contains("\nwomen,women,all,all,") && !csv.contains("applications"))
        try "-- indicator broken = x / (percent)\nSELECT 1".write(toFile: folder + "/sql/2_broken.sql", atomically: true, encoding: .utf8)
        let bad = try Self.run(["indicators", fixture.storePath, "--year", "2022", "--out", folder + "/out", "--sql", folder + "/sql"])
        #expect(bad.status != 0 && bad.errors.contains("broken.sql, line 1: an indicator reads"))
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let path = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("parcours").path
        let child = try ChildProcess(path, arguments)
        let status = child.waitForExit()
        return (status, child.readOutput(), child.readErrors())
    }
}
