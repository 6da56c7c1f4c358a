import Foundation

/// `report.pdf` printed from `report.html` by headless Chromium (its print stylesheet expands every
/// table and keeps tables and charts whole on a page). Chromium is found on PATH; without it the
/// error says how to install it.
enum ReportPDF {
    /// The browsers tried, in order.
    static let browsers = ["chromium", "chromium-browser", "google-chrome"]
    /// Printing a report takes seconds; a browser that hangs is stopped.
    static let timeoutSeconds = 300

    static func print(_ html: String, to pdf: String) throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let candidates = browsers.flatMap { name in path.split(separator: ":").map { "\($0)/\(name)" } }
        guard let browser = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw PDFError("--pdf prints the report with headless Chromium, which is not installed (apt-get install chromium)")
        }
        let profile = NSTemporaryDirectory() + "parcours-pdf-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = [String(timeoutSeconds), browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                             "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=\(profile)", "--print-to-pdf=\(pdf)",
                             URL(fileURLWithPath: html).absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: pdf) else {
            throw PDFError("Chromium (\(browser)) could not print \(html) to PDF (exit \(process.terminationStatus))")
        }
    }

    struct PDFError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
