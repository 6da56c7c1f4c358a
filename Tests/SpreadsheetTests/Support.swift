import Foundation
import Spreadsheet
import Testing

/// A cell as the tests compare it: column, kind, text, day (for dates).
struct ReadCell: Equatable, CustomStringConvertible {
    var column: Int
    var kind: SheetRow.Kind
    var text: String
    var days: Int32 = 0

    var description: String { "\(column):\(kind):\(text.debugDescription)\(kind == .date ? "@\(days)" : "")" }
}

enum Workbooks {
    /// A new empty folder for one test's files.
    static func folder(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "parcours-spreadsheet-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Opens the workbook in `bytes`.
    static func open(_ bytes: [UInt8], limits: SpreadsheetLimits = SpreadsheetLimits()) throws -> (Workbook, Holder) {
        let holder = Holder(bytes)
        return (try Workbook(bytes: holder.bytes, owner: holder, limits: limits), holder)
    }

    static func open(_ path: String, limits: SpreadsheetLimits = SpreadsheetLimits()) throws -> (Workbook, Holder) {
        try open(Array(try Data(contentsOf: URL(fileURLWithPath: path))), limits: limits)
    }

    /// Every row of a sheet, by row number.
    static func rows(_ path: String, sheet: String? = nil, limits: SpreadsheetLimits = SpreadsheetLimits()) throws -> [Int: [ReadCell]] {
        let (workbook, holder) = try open(path, limits: limits)
        return try withExtendedLifetime(holder) { try rows(workbook, sheet: sheet) }
    }

    static func rows(_ workbook: Workbook, sheet: String? = nil) throws -> [Int: [ReadCell]] {
        let reader = try workbook.rows(of: try workbook.sheet(named: sheet))
        var row = SheetRow(), result: [Int: [ReadCell]] = [:]
        while try reader.next(into: &row) {
            result[row.number] = row.cells.map { ReadCell(column: $0.column, kind: $0.kind, text: String(decoding: row.bytes($0), as: UTF8.self), days: $0.days) }
        }
        return result
    }

    /// Whether the openpyxl tests run: when Python's openpyxl is installed, or when
    /// `PARCOURS_REQUIRE_OPENPYXL=1` (`make test`) makes its absence a failure.
    static let openpyxlTestsRun: Bool = {
        if ProcessInfo.processInfo.environment["PARCOURS_REQUIRE_OPENPYXL"] == "1" { return true }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import openpyxl"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// Runs the openpyxl script for `name`, writing `path`.
    static func openpyxl(_ name: String, _ path: String) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Workbooks/openpyxl_workbook.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, name, path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw WorkbookTestError("openpyxl could not write \(name) (is openpyxl installed? scripts/install-test-peers)") }
    }

    /// Days since 1970-01-01 of a date.
    static func days(_ year: Int, _ month: Int, _ day: Int) -> Int32 {
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let date = calendar.date(from: components) else { return Int32.min }
        return Int32((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }
}

/// Owns bytes at a stable address for a workbook.
final class Holder {
    private let buffer: UnsafeMutableRawBufferPointer
    let bytes: UnsafeRawBufferPointer
    init(_ contents: [UInt8]) {
        buffer = .allocate(byteCount: max(contents.count, 1), alignment: 16)
        buffer.copyBytes(from: contents)
        bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<contents.count])
    }
    deinit { buffer.deallocate() }
}

struct WorkbookTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
