import Foundation
import Testing
@testable import Bench
import Ingest
import Storage

/// The raw certifier files are what real exports look like: `;`, Windows-1252 (or UTF-8 with BOM),
/// French headers, dd/mm/yyyy; every defect is where the manifest says, and nowhere else.
@Suite("Raw certifier files")
struct RawFileTests {
    /// Lines of a file decoded from its encoding, split into fields on `;` (quotes honoured).
    static func rows(_ data: Data, windows1252: Bool) -> [[String]] {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let text = windows1252 ? Windows1252.decode(bytes) : String(decoding: bytes, as: UTF8.self)
        return text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { line in
            var fields: [String] = [], field = "", quoted = false
            for character in line {
                if character == "\"" { quoted.toggle() } else if character == ";" && !quoted { fields.append(field); field = "" } else { field.append(character) }
            }
            fields.append(field)
            return fields
        }
    }

    static func days(_ text: String) -> Int32? {
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return CivilDate(year: parts[2], month: parts[1], day: parts[0]).daysSinceEpoch
    }

    @Test("encodings, separators, headers, defects exactly where the manifest says")
    func rawFiles() throws {
        let directory = NSTemporaryDirectory() + "parcours-raw-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let summary = try SampleGenerator.run(GeneratorOptions(rows: 30_000, seed: 5, defectRate: 0.02), directory: directory)
        #expect(summary.defects.values.reduce(0, +) > 300)
        #expect(Set(summary.defects.keys) == Set(RawDefect.allCases))

        let manifest = Self.rows(try Data(contentsOf: URL(fileURLWithPath: directory + "/raw/defects.csv")), windows1252: false)
            .dropFirst().map { $0[0].split(separator: ",").map(String.init) }
        var defects: [String: [Int: String]] = [:]
        for entry in manifest { defects[entry[0], default: [:]][Int(entry[1])!] = entry[2] }

        for style in RawFileStyle.all {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/raw/\(style.name).csv"))
            if style.windows1252 {
                #expect(String(data: data, encoding: .utf8) == nil, "\(style.name) should not be valid UTF-8")
                #expect(data.contains(0xE9), "\(style.name) should hold é as the single byte 0xE9")
            } else {
                #expect(data.starts(with: [0xEF, 0xBB, 0xBF]), "\(style.name) should start with a byte order mark")
            }
            #expect(data.contains(13) == style.crlf, "\(style.name) line ends")
            let rows = Self.rows(data, windows1252: style.windows1252)
            #expect(rows[0] == style.columns.map(\.header), "\(style.name) header")
            #expect(rows[0].contains { $0.contains("é") }, "French headers with accents")
            let columnOf = { (field: RawField) in style.columns.firstIndex { $0.field == field }! }
            let fileDefects = defects[style.name + ".csv"] ?? [:]
            var previous: [String]?
            var found: [Int: String] = [:]
            for (index, row) in rows.enumerated().dropFirst() {
                let line = index + 1
                let defect = fileDefects[line]
                if row.count != style.columns.count {
                    found[line] = RawDefect.wrongColumnCount.rawValue
                    #expect(defect == RawDefect.wrongColumnCount.rawValue, "\(style.name):\(line) has \(row.count) fields")
                    previous = row
                    continue
                }
                let application = row[columnOf(.applicationDate)]
                if application.isEmpty {
                    found[line] = RawDefect.missingApplicationDate.rawValue
                    #expect(defect == RawDefect.missingApplicationDate.rawValue, "\(style.name):\(line)")
                }
                if let admissibility = Self.days(row[columnOf(.admissibilityDate)]), let jury = Self.days(row[columnOf(.juryDate)]),
                   jury < admissibility {
                    found[line] = RawDefect.juryBeforeAdmissibility.rawValue
                    #expect(defect == RawDefect.juryBeforeAdmissibility.rawValue, "\(style.name):\(line) jury before admissibility")
                }
                if row[columnOf(.level)] == style.unknownLevel {
                    found[line] = RawDefect.unknownCode.rawValue
                    #expect(defect == RawDefect.unknownCode.rawValue, "\(style.name):\(line)")
                }
                if row == previous {
                    found[line] = RawDefect.duplicatedRow.rawValue
                    #expect(defect == RawDefect.duplicatedRow.rawValue, "\(style.name):\(line) repeats the line before")
                }
                if defect == nil {
                    #expect(!application.isEmpty && Self.days(application) != nil, "\(style.name):\(line) dd/mm/yyyy application date")
                }
                previous = row
            }
            #expect(found == fileDefects, "\(style.name): defects in the file and in the manifest differ")
            #expect(rows.count - 1 == summary.files.first { $0.path.hasSuffix(style.name + ".csv") }!.rows)
        }
    }
}
