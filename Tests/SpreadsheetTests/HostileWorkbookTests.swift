import Foundation
import Spreadsheet
import SpreadsheetTestSupport
import Testing

/// Damaged, truncated and hostile workbooks: each ends in a `SpreadsheetError` that says what is
/// wrong — never a trap, a hang or unbounded memory.
@Suite("Hostile workbooks")
struct HostileWorkbookTests {
    /// A valid workbook of `rows` rows (shared strings, numbers, dates), written by libxlsxwriter.
    static func sample(_ folder: String, rows: Int = 200) throws -> String {
        let path = folder + "/sample.xlsx"
        let workbook = try TestWorkbook(path: path)
        let sheet = try workbook.sheet("Export VAE")
        for (column, name) in ["Dossier", "Date", "Nombre"].enumerated() { sheet.string(0, column, name) }
        for row in 1...rows {
            sheet.string(row, 0, "D\(row)")
            sheet.number(row, 1, 45_000 + Double(row), format: "dd/mm/yyyy")
            sheet.number(row, 2, Double(row) / 4)
        }
        sheet.merge(rows + 2, 0, rows + 2, 2, "fin")
        try workbook.close()
        return path
    }

    static func hostile(_ kind: String, from source: String, size: Int = 0) throws -> String {
        let out = source.replacingOccurrences(of: ".xlsx", with: "-\(kind).xlsx")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Workbooks/hostile_archives.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, kind, source, out, String(size)]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw WorkbookTestError("hostile_archives.py \(kind) failed") }
        return out
    }

    /// Reads every row of the first sheet, and its merged ranges.
    static func readAll(_ bytes: [UInt8], limits: SpreadsheetLimits = SpreadsheetLimits()) throws(SpreadsheetError) -> Int {
        let holder = Holder(bytes)
        return try withExtendedLifetime(holder) { () throws(SpreadsheetError) -> Int in
            let workbook = try Workbook(bytes: holder.bytes, owner: holder, limits: limits)
            let reader = try workbook.rows(of: try workbook.sheet(named: nil))
            var row = SheetRow(), count = 0
            while try reader.next(into: &row) { count += 1 }
            _ = try reader.mergedRanges()
            return count
        }
    }

    static func error(_ path: String, limits: SpreadsheetLimits = SpreadsheetLimits()) throws -> SpreadsheetError? {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        do throws(SpreadsheetError) {
            _ = try readAll(bytes, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test("a DEFLATE stream that claims more bytes than its entry holds ends in an error, not an endless read")
    func endlessStream() throws {
        let folder = Workbooks.folder("endless")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try Self.hostile("endless", from: try Self.sample(folder))
        let error = try #require(try Self.error(path))
        #expect(error == .damagedPart(part: "sheet 'Export VAE'", detail: "its compressed data ends early (the file is truncated)"))
    }

    @Test("zip bombs: a sheet beyond maximum_part_bytes, and one whose archive lies about its size")
    func bombs() throws {
        let folder = Workbooks.folder("bombs")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = try Self.sample(folder)
        let honest = try Self.hostile("bomb", from: source, size: 64 << 20)
        #expect(try FileManager.default.attributesOfItem(atPath: honest)[.size] as? Int ?? 0 < 1 << 20, "a bomb is small")
        var limits = SpreadsheetLimits()
        limits.maximumPartBytes = 16 << 20
        let refused = try #require(try Self.error(honest, limits: limits))
        #expect(refused.description.contains("maximum_part_bytes") && refused.description.contains("sheet 'Export VAE'"))
        let lying = try Self.hostile("lying-bomb", from: source, size: 64 << 20)
        let caught = try #require(try Self.error(lying))
        #expect(caught == .damagedPart(part: "sheet 'Export VAE'",
                                       detail: "it inflates to more than the 1000 bytes its archive declares (a zip bomb?)"))
    }

    @Test("XML a workbook never holds: a DTD (entity expansion), UTF-16, nesting beyond the limit")
    func xml() throws {
        let folder = Workbooks.folder("xml")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = try Self.sample(folder)
        for (kind, words) in [("dtd", "document type declaration"), ("utf16", "UTF-16"), ("deep", "nested more than 64 deep")] {
            let error = try #require(try Self.error(try Self.hostile(kind, from: source)), "\(kind)")
            #expect(error.description.contains(words), "\(kind): \(error)")
        }
    }

    @Test("every truncation of a workbook is a clear error")
    func truncations() throws {
        let folder = Workbooks.folder("truncated")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: try Self.sample(folder))))
        #expect(try Self.readAll(bytes) == 202)
        let cuts = Set(stride(from: 0, to: bytes.count, by: max(1, bytes.count / 150)).map { $0 } + ((bytes.count - 40)..<bytes.count))
        for cut in cuts.sorted() {
            do throws(SpreadsheetError) {
                _ = try Self.readAll(Array(bytes[..<cut]))
                Issue.record("a file cut at \(cut) of \(bytes.count) bytes was read")
            } catch {
                #expect(error.description.contains("truncated") || error.description.contains("too short") || error.description.contains("not start"),
                        "cut at \(cut): \(error)")
            }
        }
    }

    @Test("random damage to the archive's bytes ends in an error or a read, never a trap")
    func damagedBytes() throws {
        let folder = Workbooks.folder("damaged")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: try Self.sample(folder))))
        let runs = Int(ProcessInfo.processInfo.environment["PARCOURS_WORKBOOK_FUZZ"] ?? "") ?? 400
        var generator = SystemRandomNumberGenerator()
        var errors = 0
        for _ in 0..<runs {
            var damaged = bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            do throws(SpreadsheetError) { _ = try Self.readAll(damaged) } catch { errors += 1 }
        }
        #expect(errors > 0)
    }

    @Test("random damage to a sheet's XML (in a sound archive) ends in an error or a read, never a trap")
    func damagedXML() throws {
        var sheet = #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        for row in 1...40 {
            sheet += #"<row r="\#(row)"><c r="A\#(row)" t="inlineStr"><is><t>R&amp;D \#(row)</t></is></c><c r="B\#(row)"><v>\#(row)</v></c>"#
            sheet += #"<c r="C\#(row)" t="str"><f>A1</f><v>x</v></c><c r="D\#(row)" s="0"/></row>"#
        }
        sheet += #"</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>"#
        let xml = Array(sheet.utf8)
        #expect(try Self.readAll(StoredZip.workbook(sheet: sheet)) == 40)
        let alphabet = Array(#"<>/"'&;=:_x0A!?[] "#.utf8)
        let runs = Int(ProcessInfo.processInfo.environment["PARCOURS_WORKBOOK_FUZZ"] ?? "") ?? 2_000
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<runs {
            var damaged = xml
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let index = Int.random(in: 0..<damaged.count, using: &generator)
                switch Int.random(in: 0...2, using: &generator) {
                case 0: damaged[index] = alphabet.randomElement(using: &generator) ?? 0
                case 1: damaged.remove(at: index)
                default: damaged.insert(alphabet.randomElement(using: &generator) ?? 0, at: index)
                }
            }
            do throws(SpreadsheetError) {
                _ = try Self.readAll(StoredZip.workbook(sheet: String(decoding: damaged, as: UTF8.self)))
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }

    @Test("legacy .xls and password-protected workbooks are named as such, with what to do")
    func compoundFiles() throws {
        let magic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        let legacy = magic + [UInt8](repeating: 0, count: 1_024) + Array("Workbook".utf16.flatMap { [UInt8($0 & 0xFF), 0] })
        let encrypted = magic + [UInt8](repeating: 0, count: 1_024) + Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), 0] })
        #expect(throws: SpreadsheetError.legacyOrEncrypted(passwordProtected: false)) { try Self.readAll(legacy) }
        #expect(throws: SpreadsheetError.legacyOrEncrypted(passwordProtected: true)) { try Self.readAll(encrypted) }
        #expect(SpreadsheetError.legacyOrEncrypted(passwordProtected: false).description.contains("save it as Excel Workbook (.xlsx) or as CSV"))
        #expect(SpreadsheetError.legacyOrEncrypted(passwordProtected: true).description.contains("password"))
    }

    @Test("not a workbook: an empty file, garbage, an archive of other files")
    func notWorkbooks() throws {
        #expect(throws: SpreadsheetError.self) { try Self.readAll([]) }
        #expect(throws: SpreadsheetError.self) { try Self.readAll(Array("Nom;Prénom\n".utf8)) }
        let other = StoredZip.archive([("notes.txt", Array("bonjour".utf8))])
        #expect(throws: SpreadsheetError.notAWorkbook("it has no workbook part")) { try Self.readAll(other) }
    }

    @Test("the named limits: rows, columns, a cell's bytes, the shared strings' bytes")
    func limits() throws {
        let folder = Workbooks.folder("limits")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try Self.sample(folder, rows: 30)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        var limits = SpreadsheetLimits()
        limits.maximumRows = 20
        #expect(throws: SpreadsheetError.limitExceeded(limit: "maximum_rows", detail: "row 21 is beyond the last row allowed (20)")) {
            try Self.readAll(bytes, limits: limits)
        }
        limits = SpreadsheetLimits()
        limits.maximumColumns = 2
        #expect(throws: SpreadsheetError.limitExceeded(limit: "maximum_columns", detail: "cell C1 is beyond the last column allowed (2)")) {
            try Self.readAll(bytes, limits: limits)
        }
        limits = SpreadsheetLimits()
        limits.maximumSharedStringBytes = 50
        #expect(throws: SpreadsheetError.limitExceeded(limit: "maximum_shared_string_bytes", detail: "the shared strings hold more than 50 bytes")) {
            try Self.readAll(bytes, limits: limits)
        }
        limits = SpreadsheetLimits()
        limits.maximumCellBytes = 10
        let long = StoredZip.workbook(sheet: #"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>0123456789abc</t></is></c></row></sheetData></worksheet>"#)
        #expect(throws: SpreadsheetError.limitExceeded(limit: "maximum_cell_bytes", detail: "cell A1 holds more than 10 bytes")) {
            try Self.readAll(long, limits: limits)
        }
    }

    @Test("no message quotes what the file wrote where a structure was expected: it may be a name")
    func messagesQuoteNoContent() throws {
        let name = "Dupont Marie"
        let sheets = [
            #"<worksheet><sheetData><row r="1"><c r="\#(name)"><v>1</v></c></row></sheetData></worksheet>"#,
            #"<worksheet><sheetData><row r="\#(name)"><c><v>1</v></c></row></sheetData></worksheet>"#,
            #"<worksheet><sheetData><row r="1"><c><v>1</v></c></row></sheetData><mergeCells><mergeCell ref="\#(name)"/></mergeCells></worksheet>"#,
            #"<?xml version="1.0" encoding="\#(name)"?><worksheet><sheetData/></worksheet>"#,
            #"<worksheet><sheetData><row r="1"><c t="s"><v>\#(name)</v></c></row></sheetData></worksheet>"#,
            #"<worksheet><sheetData><row r="1"><c><v>\#(name)</v></c></row></sheetData></worksheet>"#,
            #"<worksheet><sheetData><row r="1"><c><v>1</v></c></\#(name)></sheetData></worksheet>"#,
        ]
        for sheet in sheets {
            do throws(SpreadsheetError) {
                _ = try Self.readAll(StoredZip.workbook(sheet: sheet))
                Issue.record("read: \(sheet)")
            } catch {
                #expect(!error.description.contains("Dupont"), "\(error)")
            }
        }
        // A relationship to a part the archive lacks, named like a person.
        var missing = StoredZip.workbook(sheet: "<worksheet/>")
        let target = Array("worksheets/sheet1.xml".utf8), renamed = Array("worksheets/Dupont1.xml".utf8)
        if let start = missing.indices.first(where: { missing[$0...].starts(with: target) }) {
            missing.replaceSubrange(start..<(start + target.count), with: renamed)
        }
        do throws(SpreadsheetError) {
            _ = try Self.readAll(missing)
            Issue.record("a missing sheet part was read")
        } catch {
            #expect(!error.description.contains("Dupont"), "\(error)")
        }
    }
}
