import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Indicators
import StorageTestSupport
import Testing

/// The HTML report opened in headless Chromium, as a reader would: it renders without console
/// errors and without asking the network for anything, every chart is drawn, and a screenshot is
/// taken (kept in PARCOURS_SCREENSHOT_DIR when set, else beside the report in a temporary folder).
@Suite(.enabled(if: Peers.chromiumEnabled, "Chromium is not installed (apt-get install chromium)"))
struct ReportBrowserTests {
    @Test(arguments: [Language.fr, Language.en])
    func theReportRendersWithEveryChart(language: Language) throws {
        let chromium = try #require(Peers.chromium, "PARCOURS_REQUIRE_CHROMIUM=1 but no chromium on PATH")
        let folder = TestStore.directory("report-\(language.rawValue)")
        defer { if ProcessInfo.processInfo.environment["PARCOURS_SCREENSHOT_DIR"] == nil { try? FileManager.default.removeItem(atPath: folder) } }
        var options = PublicationFiles.Options()
        options.language = language
        options.year = 2024
        _ = try PublicationFiles.write(store: GeneratedStore.shared.storePath, to: folder, options: options)
        let report = URL(fileURLWithPath: folder + "/report.html")
        let html = try String(contentsOf: report, encoding: .utf8)

        // Every chart is well-formed SVG with marks in it.
        for id in Report.chartIDs {
            let figure = try #require(html.range(of: "<figure id=\"\(id)\">"), "\(id) missing")
            let rest = html[figure.upperBound...]
            let svg = String(rest[rest.range(of: "<svg")!.lowerBound..<rest.range(of: "</svg>")!.upperBound])
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "\(id): not well-formed SVG: \(String(describing: parser.parserError))")
            #expect(["<rect", "<polyline", "<line"].contains { svg.contains($0) }, "\(id) draws nothing")
        }

        // Chromium: the DOM it renders, its console, and a screenshot. The network is mapped to
        // nowhere, so anything the report tried to fetch would fail and show in the log.
        let shot = folder + "/report-\(language.rawValue).png"
        let common = ["120", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                      "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=\(folder)/profile"]
        let (domStatus, rendered, log) = try Self.run(common + ["--dump-dom", report.absoluteString], in: folder)
        #expect(domStatus == 0, "chromium failed: \(log.suffix(2000))")
        for id in Report.chartIDs { #expect(rendered.contains("id=\"\(id)\""), "\(id) not in the rendered page") }
        #expect(rendered.contains("<svg") && rendered.contains("</table>"))
        // Self-contained: nothing to fetch (the only URL is the SVG namespace, which is a name).
        #expect(rendered.range(of: #"(src|href)\s*=\s*["']?(https?:)?//"#, options: .regularExpression) == nil)
        #expect(!rendered.contains("<script") && !rendered.contains("<link") && !rendered.contains("<img"))
        let problems = log.split(separator: "\n").filter { line in
            line.contains("CONSOLE") || line.contains("net::ERR") || line.contains("Failed to load") || line.contains("Uncaught")
        }
        #expect(problems.isEmpty, "browser reported: \(problems.prefix(5))")

        let screenshot = try Self.run(common + ["--window-size=1280,2400", "--screenshot=\(shot)", report.absoluteString], in: folder)
        #expect(screenshot.status == 0, "\(screenshot.errors.suffix(2000))")
        let png = try Data(contentsOf: URL(fileURLWithPath: shot))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 50_000, "screenshot of \(png.count) bytes")
        if let keep = ProcessInfo.processInfo.environment["PARCOURS_SCREENSHOT_DIR"] {
            try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: keep + "/report-\(language.rawValue).png")
            try FileManager.default.copyItem(atPath: shot, toPath: keep + "/report-\(language.rawValue).png")
        }
    }

    /// A store ingested from files (so the ingest's ledger lists them), published with `--pdf`:
    /// the report names its sources and when they were received, and its print expands every
    /// breakdown table (many more pages than the same page printed with its tables folded).
    @Test func thePrintedReportHasEveryTable() throws {
        let chromium = try #require(Peers.chromium, "PARCOURS_REQUIRE_CHROMIUM=1 but no chromium on PATH")
        let folder = TestStore.directory("report-pdf")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try PublicationTests.run(["generate", "--rows", "20000", "--seed", "3", "--no-raw", "--out", folder + "/files"]).status == 0)
        #expect(try PublicationTests.run(["ingest", folder + "/store", folder + "/files/pathways.csv"]).status == 0)
        let published = try PublicationTests.run(["indicators", folder + "/store", "--out", folder + "/out", "--year", "2024", "--pdf"])
        #expect(published.status == 0, "\(published.errors)")
        #expect(published.output.contains("report.pdf"))
        let html = try String(contentsOfFile: folder + "/out/report.html", encoding: .utf8)
        #expect(html.contains("données reçues jusqu'au") && html.contains("pathways.csv"), "the sources and when they were received")
        let json = try String(contentsOfFile: folder + "/out/indicators.json", encoding: .utf8)
        #expect(json.contains("\"file\": \"pathways.csv\""))

        // The same page without the print rule that opens folded tables.
        let folded = html.replacingOccurrences(of: "details::details-content{content-visibility:visible;display:block}", with: "")
        #expect(folded != html)
        try folded.write(toFile: folder + "/out/folded.html", atomically: true, encoding: .utf8)
        let printed = try Self.run(["120", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                    "--user-data-dir=\(folder)/profile", "--print-to-pdf=\(folder)/out/folded.pdf",
                                    URL(fileURLWithPath: folder + "/out/folded.html").absoluteString], in: folder)
        #expect(printed.status == 0)
        let pages = try Self.pages(folder + "/out/report.pdf"), foldedPages = try Self.pages(folder + "/out/folded.pdf")
        #expect(pages > 3 * foldedPages && foldedPages > 1, "\(pages) pages printed, \(foldedPages) with tables folded")
    }

    /// The report at 390 px and 1280 px in Chromium driven by Selenium: no sideways scrolling of
    /// the page, no overlapping legend entries or line labels (boxes measured by the browser);
    /// full-page screenshots kept in PARCOURS_SCREENSHOT_DIR when set.
    @Test(.enabled(if: Peers.seleniumEnabled, "Selenium or chromedriver is not installed (scripts/install-test-peers)"))
    func theReportReadsOnAPhoneAndALaptop() throws {
        let chromium = try #require(Peers.chromium, "PARCOURS_REQUIRE_CHROMIUM=1 but no chromium on PATH")
        let driver = try #require(Peers.chromedriver, "no chromedriver on PATH (apt-get install chromium-driver)")
        let folder = TestStore.directory("report-layout")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = PublicationFiles.Options()
        options.year = 2024
        _ = try PublicationFiles.write(store: GeneratedStore.shared.storePath, to: folder, options: options)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Browser/report_layout.py").path
        let run = try Self.run(["300", "python3", script, folder + "/report.html", folder, chromium, driver], in: folder)
        #expect(run.status == 0, "\(run.errors.suffix(2000))")
        struct Layout: Decodable { let innerWidth: Int; let scrollWidth: Int; let problems: [String]; let charts: Int }
        let layouts = try JSONDecoder().decode([String: Layout].self, from: Data(run.output.utf8))
        for width in ["390", "1280"] {
            let layout = try #require(layouts[width])
            #expect(layout.charts == Report.chartIDs.count)
            #expect(layout.scrollWidth <= layout.innerWidth, "\(width) px: the page scrolls sideways (\(layout.scrollWidth) > \(layout.innerWidth))")
            #expect(layout.problems.isEmpty, "\(width) px: \(layout.problems.prefix(5))")
        }
        if let keep = ProcessInfo.processInfo.environment["PARCOURS_SCREENSHOT_DIR"] {
            try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            for width in [390, 1280] {
                try? FileManager.default.removeItem(atPath: keep + "/report-\(width)px.png")
                try FileManager.default.copyItem(atPath: folder + "/report-\(width)px.png", toPath: keep + "/report-\(width)px.png")
            }
        }
    }

    /// A PDF's page count: its page objects (`/Type /Page`, not `/Pages`).
    static func pages(_ path: String) throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: data, as: UTF8.self)
        return text.components(separatedBy: "/Type /Page").dropFirst().filter { !$0.hasPrefix("s") }.count
    }

    /// Runs `timeout ARGUMENTS…` with its output in files (a rendered page is larger than a pipe holds).
    static func run(_ arguments: [String], in folder: String) throws -> (status: Int32, output: String, errors: String) {
        let output = folder + "/chromium.out", errors = folder + "/chromium.err"
        let child = try ChildProcess("/bin/sh", ["-c", "out=$1; err=$2; shift 2; exec /usr/bin/timeout \"$@\" >\"$out\" 2>\"$err\"", "sh", output, errors]
                                     + arguments)
        let status = child.waitForExit()
        return (status, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "", (try? String(contentsOfFile: errors, encoding: .utf8)) ?? "")
    }
}
