/// An `.xlsx` workbook opened for reading: its worksheets in order, its date system, styles and
/// shared strings. A sheet is then read row by row (`SheetReader`), never whole.
///
/// Parts are found as Excel finds them: the package's relationships name the workbook part, the
/// workbook's relationships name each sheet's part, the styles and the shared strings.
public final class Workbook: @unchecked Sendable {
    /// A worksheet, as the workbook lists it.
    public struct Sheet: Sendable, Equatable {
        public let name: String
        public let hidden: Bool
        /// Its part in the archive.
        let part: String
    }

    public let sheets: [Sheet]
    /// The 1904 date system (serial 0 is 1904-01-01; Excel for Mac before 2011) rather than 1900.
    public let uses1904DateSystem: Bool
    public let limits: SpreadsheetLimits
    let archive: ZipArchive
    let styles: CellStyles
    let sharedStrings: SharedStrings

    /// Opens the workbook in `bytes` (kept alive by `owner`, a mapped file).
    public init(bytes: UnsafeRawBufferPointer, owner: AnyObject?, limits: SpreadsheetLimits = SpreadsheetLimits())
        throws(SpreadsheetError) {
        archive = try ZipArchive(bytes: bytes, owner: owner)
        self.limits = limits
        let workbookPart = try Self.relationships(archive, of: "", limits: limits)
            .first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
        guard archive.entry(workbookPart) != nil else {
            throw .notAWorkbook(archive.entry("word/document.xml") != nil ? "it is a Word document" : "it has no workbook part")
        }
        let related = try Self.relationships(archive, of: workbookPart, limits: limits)
        var listed: [(name: String, id: String, hidden: Bool)] = []
        var date1904 = false
        var tokenizer = try Self.tokenizer(archive, workbookPart, label: "the workbook's list of sheets", limits: limits)
        while true {
            let token = try tokenizer.next()
            if token.kind == .documentEnd { break }
            guard token.kind == .start else { continue }
            var attributes = XMLAttributes(tokenizer.window, token.attributes)
            if tokenizer.equals(token.name, "workbookPr") {
                while let (name, value) = attributes.next() {
                    guard tokenizer.equals(name, "date1904") else { continue }
                    date1904 = ["1", "true"].contains(Self.text(tokenizer.window, value).lowercased())
                }
            } else if tokenizer.equals(token.name, "sheet") {
                var name = "", id = "", hidden = false
                while let (key, value) = attributes.next() {
                    if tokenizer.equals(key, "name") { name = Self.text(tokenizer.window, value) }
                    if tokenizer.equals(key, "id") { id = Self.text(tokenizer.window, value) }
                    if tokenizer.equals(key, "state") { hidden = Self.text(tokenizer.window, value) != "visible" }
                }
                listed.append((name, id, hidden))
            }
        }
        // Chart sheets and dialog sheets are listed too: only worksheets have rows. By id through a
        // dictionary: a workbook may list many sheets, and a search per sheet would be quadratic.
        let byID = Dictionary(related.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        sheets = listed.compactMap { sheet in
            guard let relation = byID[sheet.id], relation.type.hasSuffix("/worksheet") else { return nil }
            return Sheet(name: sheet.name, hidden: sheet.hidden, part: relation.target)
        }
        uses1904DateSystem = date1904
        if let part = related.first(where: { $0.type.hasSuffix("/styles") })?.target, archive.entry(part) != nil {
            var reader = try Self.tokenizer(archive, part, label: "the styles", limits: limits)
            styles = try CellStyles(&reader, maximumStyles: 1 << 20)
        } else {
            styles = CellStyles()
        }
        if let part = related.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target, archive.entry(part) != nil {
            var reader = try Self.tokenizer(archive, part, label: "the shared strings", limits: limits, metadata: false)
            sharedStrings = try SharedStrings(&reader, limits: limits)
        } else {
            sharedStrings = SharedStrings()
        }
    }

    /// The sheet named `name` (as Excel compares names: ignoring case), or the first visible one.
    public func sheet(named name: String?) throws(SpreadsheetError) -> Sheet {
        if let name {
            guard let sheet = sheets.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw .sheetNotFound(name: name, available: sheets.map(\.name))
            }
            return sheet
        }
        guard let first = sheets.first(where: { !$0.hidden }) ?? sheets.first else { throw .notAWorkbook("it has no worksheet") }
        return first
    }

    /// A reader of `sheet`'s rows, from the first.
    public func rows(of sheet: Sheet) throws(SpreadsheetError) -> SheetReader {
        SheetReader(tokenizer: try Self.tokenizer(archive, sheet.part, label: "sheet '\(sheet.name)'", limits: limits, metadata: false),
                    workbook: self)
    }

    /// A tokenizer of `part`; `metadata`: a part whose content is held in memory (not a sheet,
    /// not the shared strings, which have limits of their own).
    /// `label`: what messages call the part (its name is the file's content).
    static func tokenizer(_ archive: ZipArchive, _ part: String, label: String, limits: SpreadsheetLimits, metadata: Bool = true)
        throws(SpreadsheetError) -> XMLTokenizer {
        guard let entry = archive.entry(part) else { throw .notAWorkbook("\(label) is missing") }
        let stream = try ZipEntryStream(archive, entry, label: label, maximumBytes: metadata ? limits.maximumMetadataPartBytes : limits.maximumPartBytes,
                                        limitName: metadata ? SpreadsheetLimits.metadataPartBytesName : SpreadsheetLimits.partBytesName)
        return XMLTokenizer(ByteWindow(stream))
    }

    static func text(_ window: ByteWindow, _ range: Range<Int>) -> String {
        var decoded: [UInt8] = []
        _ = XMLText.decode(window.bytes(range), into: &decoded)
        return String(decoding: decoded, as: UTF8.self)
    }

    /// The relationships of `part` (its `_rels/NAME.rels`), targets resolved to part names.
    private static func relationships(_ archive: ZipArchive, of part: String, limits: SpreadsheetLimits)
        throws(SpreadsheetError) -> [(id: String, type: String, target: String)] {
        let slash = part.lastIndex(of: "/")
        let folder = slash.map { String(part[..<$0]) + "/" } ?? ""
        let file = slash.map { String(part[part.index(after: $0)...]) } ?? part
        let name = folder + "_rels/" + file + ".rels"
        guard archive.entry(name) != nil else { return [] }
        var tokenizer = try tokenizer(archive, name, label: "the relationships", limits: limits)
        var found: [(id: String, type: String, target: String)] = []
        while true {
            let token = try tokenizer.next()
            if token.kind == .documentEnd { return found }
            guard token.kind == .start, tokenizer.equals(token.name, "Relationship") else { continue }
            var attributes = XMLAttributes(tokenizer.window, token.attributes)
            var id = "", type = "", target = "", external = false
            while let (key, value) = attributes.next() {
                if tokenizer.equals(key, "Id") { id = text(tokenizer.window, value) }
                if tokenizer.equals(key, "Type") { type = text(tokenizer.window, value) }
                if tokenizer.equals(key, "Target") { target = text(tokenizer.window, value) }
                if tokenizer.equals(key, "TargetMode") { external = text(tokenizer.window, value) == "External" }
            }
            if !external { found.append((id, type, resolve(target, from: folder))) }
        }
    }

    /// A relationship target as a part name: absolute ("/xl/worksheets/sheet1.xml") or relative to
    /// the source's folder, with "." and ".." steps resolved.
    static func resolve(_ target: String, from folder: String) -> String {
        var steps: [Substring] = target.hasPrefix("/") ? [] : folder.split(separator: "/")
        for step in target.split(separator: "/") {
            if step == ".." { _ = steps.popLast() } else if step != "." { steps.append(step) }
        }
        return steps.joined(separator: "/")
    }
}
