import Ingest
import Storage

/// A defect injected into a raw file row, as certifiers' files really have them. Each one must
/// end up rejected by the ingest, with this reason.
public enum RawDefect: String, Sendable, CaseIterable {
    case missingApplicationDate = "missing application date"
    case juryBeforeAdmissibility = "jury before admissibility"
    case unknownCode = "unknown level code"
    case duplicatedRow = "duplicated row"
    case wrongColumnCount = "wrong column count"
}

/// Rows of one raw file formatted by a worker, with their defects at line offsets within the part;
/// the file's writer places them (parts are written in block order).
public struct RawFilePart: Sendable {
    public var row = RowBuffer(capacity: 1 << 20)
    public var lines = 0
    public var defects: [(offset: Int, defect: RawDefect, dossier: String)] = []

    public init() {}

    /// Formats one pathway in the encoder's style, altered by `defect` (a duplicated row is written twice).
    mutating func append(_ synthetic: SyntheticPathway, defect: RawDefect?, encoder: RawStyleEncoder) {
        let start = row.bytes.count
        let fields = encoder.fields
        let columns = defect == .wrongColumnCount ? fields.count - 1 : fields.count
        for position in 0..<columns {
            if position > 0 { row.byte(encoder.separator) }
            encoder.appendField(fields[position], synthetic, defect, &row)
        }
        row.endLine(crlf: encoder.crlf)
        if defect == .duplicatedRow {
            row.bytes.append(contentsOf: row.bytes[start...])
            lines += 1
        }
        if let defect { defects.append((lines, defect, synthetic.dossier)) }
        lines += 1
    }
}

/// One raw certifier file: its header, then the parts in order; defects go to the manifest with
/// their physical line numbers (the header is line 1).
public final class RawFileWriter {
    public let style: RawFileStyle
    private let output: BufferedOutput
    private let fileName: String
    private var lineNumber = 2
    public private(set) var rows = 0

    public init(style: RawFileStyle, path: String) throws(BenchError) {
        self.style = style
        output = try BufferedOutput(path: path)
        fileName = String(path.split(separator: "/").last ?? "")
        var header = RowBuffer()
        if style.byteOrderMark { header.bytes.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        for (position, column) in style.columns.enumerated() {
            if position > 0 { header.byte(style.separator) }
            RawFileStyle.appendText(column.header, style, &header)
        }
        header.endLine(crlf: style.crlf)
        try output.write(&header)
    }

    public var path: String { output.path }

    public func append(_ part: inout RawFilePart, manifest: DefectManifest) throws(BenchError) {
        for entry in part.defects {
            try manifest.record(file: fileName, line: lineNumber + entry.offset, defect: entry.defect, dossier: entry.dossier)
        }
        lineNumber += part.lines
        rows += part.lines
        try output.write(&part.row)
    }

    public func finish() throws(BenchError) -> Int {
        try output.flush()
        return output.bytesWritten
    }
}

extension RawStyleEncoder {
    /// Appends one field, formatted and labelled the style's way.
    func appendField(_ field: RawField, _ s: SyntheticPathway, _ defect: RawDefect?, _ row: inout RowBuffer) {
        let p = s.pathway, person = s.person
        func date(_ days: Int32?) { if let days { row.frenchDate(days) } }
        switch field {
        case .dossier: s.writeDossier(into: &row)
        case .birthName: row.bytes.append(contentsOf: surnamesUppercased[person.birthNameIndex])
        case .usageName: row.bytes.append(contentsOf: surnamesUppercased[person.usageNameIndex])
        case .firstName:
            row.bytes.append(contentsOf: (person.sex == "F" ? womenFirstNames : menFirstNames)[person.firstNameIndex])
        case .birthDate: date(person.birthDate)
        case .sex: row.text(person.sex)
        case .civility: row.text(person.sex == "F" ? "Mme" : "M.")
        case .postcode: person.writePostcode(into: &row)
        case .address:
            row.digits(person.streetNumber, width: 1)
            row.text(", ")
            row.bytes.append(contentsOf: streets[person.streetIndex])
        case .email: person.writeEmail(into: &row)
        case .phone: person.writePhone(into: &row)
        case .nir: person.writeNIR(into: &row)
        case .certificationCode: row.text(p.certificationCode)
        case .level: row.bytes.append(contentsOf: defect == .unknownCode ? unknownLevel : levels[Int(p.level ?? 0)])
        case .infoDate: date(p.infoDate)
        case .applicationDate: if defect != .missingApplicationDate { date(p.applicationDate) }
        case .admissibilityDate: date(p.admissibilityDate)
        case .admissible: if let value = p.admissible { row.bytes.append(contentsOf: admissible[value]!) }
        case .supportStartDate: date(p.supportStartDate)
        case .portfolioDate: date(p.portfolioDate)
        case .juryDate: date(defect == .juryBeforeAdmissibility ? (p.admissibilityDate ?? p.applicationDate) - 45 : p.juryDate)
        case .outcome: if let value = p.outcome { row.bytes.append(contentsOf: outcomes[value]!) }
        case .outcomeDate: date(p.outcomeDate)
        case .employment: if let value = p.employmentStatus { row.bytes.append(contentsOf: employment[value]!) }
        case .funding: if let value = p.funding { row.bytes.append(contentsOf: funding[value]!) }
        }
    }
}

extension RawFileStyle {
    /// Text in the style's encoding, quoted (quotes doubled) when it holds the separator, a quote or a line break.
    static func appendText(_ text: String, _ style: RawFileStyle, _ row: inout RowBuffer) {
        let separator = style.separator, quote = UInt8(ascii: "\"")
        var copy = text
        let plain = copy.withUTF8 { utf8 in
            guard utf8.allSatisfy({ $0 < 0x80 && $0 != separator && $0 != quote && $0 != 10 && $0 != 13 }) else { return false }
            row.bytes.append(contentsOf: utf8)
            return true
        }
        guard !plain else { return }
        let needsQuotes = text.utf8.contains { $0 == separator || $0 == quote || $0 == 10 || $0 == 13 }
        let quoted = needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        if style.windows1252 { Windows1252.encode(quoted, into: &row.bytes) } else { row.bytes.append(contentsOf: quoted.utf8) }
    }
}

/// `defects.csv`: every injected defect with its file, physical line and dossier number, so tests
/// can check that the ingest rejects exactly these rows and no others.
public final class DefectManifest {
    private let output: BufferedOutput
    public private(set) var counts: [RawDefect: Int] = [:]

    public init(path: String) throws(BenchError) {
        output = try BufferedOutput(path: path)
        var header = RowBuffer()
        header.text("file,line,defect,dossier")
        header.endLine(crlf: false)
        try output.write(&header)
    }

    /// `counted`: false for a row that another file of the run holds too (a workbook's copy of a
    /// CSV file's rows), so that `counts` counts each defect once.
    func record(file: String, line: Int, defect: RawDefect, dossier: String, counted: Bool = true) throws(BenchError) {
        var row = RowBuffer(capacity: 64)
        row.text(file); row.byte(UInt8(ascii: ","))
        row.integer(line); row.byte(UInt8(ascii: ","))
        row.text(defect.rawValue); row.byte(UInt8(ascii: ","))
        row.text(dossier)
        row.endLine(crlf: false)
        try output.write(&row)
        if counted { counts[defect, default: 0] += 1 }
    }

    public func finish() throws(BenchError) { try output.flush() }
}
