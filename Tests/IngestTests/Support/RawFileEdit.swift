@testable import Bench
import Foundation
import Ingest

/// A generated raw certifier file as lines of fields, to damage the way real exports are damaged
/// (a stray quote, a column's values put under another) and write back in the file's own encoding,
/// separator and line ends. The generator's files hold no separator inside a field.
struct RawFileEdit {
    let style: RawFileStyle
    var header: [String]
    var lines: [[String]]

    init(_ style: RawFileStyle, path: String) throws {
        self.style = style
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        if style.byteOrderMark { bytes.removeFirst(3) }
        // "\r\n" is one Character: line ends are made "\n" before splitting.
        let text = (style.windows1252 ? Windows1252.decode(bytes) : String(decoding: bytes, as: UTF8.self))
            .replacingOccurrences(of: "\r\n", with: "\n")
        let separator = Character(Unicode.Scalar(style.separator))
        var rows = text.split(separator: "\n", omittingEmptySubsequences: true).map { line in
            (line.hasSuffix("\r") ? line.dropLast() : line).split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        }
        header = rows.removeFirst()
        lines = rows
    }

    /// The column of `field` in the header.
    func column(_ field: RawField) -> Int? {
        style.columns.firstIndex { "\($0.field)" == "\(field)" }
    }

    func write(to path: String) throws {
        let separator = String(Unicode.Scalar(style.separator))
        let end = style.crlf ? "\r\n" : "\n"
        let text = ([header] + lines).map { $0.joined(separator: separator) }.joined(separator: end) + end
        var bytes: [UInt8] = style.byteOrderMark ? [0xEF, 0xBB, 0xBF] : []
        if style.windows1252 { Windows1252.encode(text, into: &bytes) } else { bytes += Array(text.utf8) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Fields that identify someone (never to be stored or quoted) and fields that are stored.
    static let identityFields: [RawField] = [.birthName, .usageName, .firstName, .birthDate, .postcode, .address, .email, .phone, .nir]
    static let storedFields: [RawField] = [.sex, .civility, .certificationCode, .level, .infoDate, .applicationDate, .admissibilityDate,
                                           .admissible, .supportStartDate, .portfolioDate, .juryDate, .outcome, .outcomeDate, .employment, .funding]
}
