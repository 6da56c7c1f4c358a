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

/// Writes pathways in one certifier's raw style (`RawFileStyle`), injecting the defects it is
/// told to, and logs each defect with its line number to the defects manifest.
public final class RawFileWriter {
    public let style: RawFileStyle
    private let output: BufferedOutput
    private let fileName: String
    /// Physical line of the next row (the header is line 1).
    private var lineNumber = 2
    /// Capacity kept between rows (see `RowBuffer` on why rows are formatted in a local value).
    private var spare = RowBuffer()
    public private(set) var rows = 0

    public init(style: RawFileStyle, path: String) throws(BenchError) {
        self.style = style
        output = try BufferedOutput(path: path)
        fileName = String(path.split(separator: "/").last ?? "")
        var header = RowBuffer()
        if style.byteOrderMark { header.bytes.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        for (position, column) in style.columns.enumerated() {
            if position > 0 { header.byte(style.separator) }
            Self.appendText(column.header, style, &header)
        }
        header.endLine(crlf: style.crlf)
        try output.write(&header)
    }

    public var path: String { output.path }

    /// Writes one pathway; `defect` alters it (and is recorded in `manifest` with its line).
    public func write(_ synthetic: SyntheticPathway, defect: RawDefect?, manifest: DefectManifest) throws(BenchError) {
        var row = spare
        let columns = defect == .wrongColumnCount ? style.columns.count - 1 : style.columns.count
        for position in 0..<columns {
            if position > 0 { row.byte(style.separator) }
            Self.appendField(style.columns[position].field, synthetic, defect, style, &row)
        }
        row.endLine(crlf: style.crlf)
        if defect == .duplicatedRow {
            var copy = row
            try output.write(&copy)
            lineNumber += 1
            rows += 1
        }
        try output.write(&row)
        spare = row
        if let defect {
            try manifest.record(file: fileName, line: lineNumber, defect: defect, dossier: synthetic.dossier)
        }
        lineNumber += 1
        rows += 1
    }

    public func finish() throws(BenchError) -> Int {
        try output.flush()
        return output.bytesWritten
    }

    /// Appends one field, formatted and labelled the style's way.
    private static func appendField(
        _ field: RawField, _ s: SyntheticPathway, _ defect: RawDefect?, _ style: RawFileStyle, _ row: inout RowBuffer
    ) {
        let p = s.pathway, person = s.person
        func date(_ days: Int32?) { if let days { row.frenchDate(days) } }
        func text(_ value: String) { appendText(value, style, &row) }
        switch field {
        case .dossier: s.writeDossier(into: &row)
        case .birthName: text(FrenchNames.surnamesUppercased[person.birthNameIndex])
        case .usageName: text(FrenchNames.surnamesUppercased[person.usageNameIndex])
        case .firstName: text(person.firstName)
        case .birthDate: date(person.birthDate)
        case .sex: text(person.sex)
        case .civility: text(person.sex == "F" ? "Mme" : "M.")
        case .postcode: person.writePostcode(into: &row)
        case .address: text(person.street)
        case .email: person.writeEmail(into: &row)
        case .phone: person.writePhone(into: &row)
        case .nir: person.writeNIR(into: &row)
        case .certificationCode: text(p.certificationCode)
        case .level: text(defect == .unknownCode ? style.unknownLevel : style.level(p.level))
        case .infoDate: date(p.infoDate)
        case .applicationDate: if defect != .missingApplicationDate { date(p.applicationDate) }
        case .admissibilityDate: date(p.admissibilityDate)
        case .admissible: if let admissible = p.admissible { text(style.admissible[admissible]!) }
        case .supportStartDate: date(p.supportStartDate)
        case .portfolioDate: date(p.portfolioDate)
        case .juryDate: date(defect == .juryBeforeAdmissibility ? (p.admissibilityDate ?? p.applicationDate) - 45 : p.juryDate)
        case .outcome: if let outcome = p.outcome { text(style.outcomes[outcome]!) }
        case .outcomeDate: date(p.outcomeDate)
        case .employment: if let status = p.employmentStatus { text(style.employment[status]!) }
        case .funding: if let funding = p.funding { text(style.funding[funding]!) }
        }
    }

    /// Text in the style's encoding, quoted (quotes doubled) when it holds the separator, a quote or a line break.
    private static func appendText(_ text: String, _ style: RawFileStyle, _ row: inout RowBuffer) {
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

    func record(file: String, line: Int, defect: RawDefect, dossier: String) throws(BenchError) {
        var row = RowBuffer(capacity: 64)
        row.text(file); row.byte(UInt8(ascii: ","))
        row.integer(line); row.byte(UInt8(ascii: ","))
        row.text(defect.rawValue); row.byte(UInt8(ascii: ","))
        row.text(dossier)
        row.endLine(crlf: false)
        try output.write(&row)
        counts[defect, default: 0] += 1
    }

    public func finish() throws(BenchError) { try output.flush() }
}
