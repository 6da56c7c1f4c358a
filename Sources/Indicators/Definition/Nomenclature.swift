import Foundation

/// The words a publication uses for codes: certifier names, levels with their diplomas,
/// employment and funding situations, department and region names. One file per language,
/// `Nomenclature/labels-fr.csv` and `labels-en.csv` (columns `breakdown,code,label`; breakdown `*`
/// for the values every breakdown shares: `all`, `unknown`, `none`), so that the labels are data
/// (readable as a reference table by SQL) rather than Swift literals.
///
/// Invariant: a code absent from the file is shown as itself; the tests check that every code of
/// the ingest's code lists has a label in every language.
public struct Nomenclature: Sendable {
    public let language: Language
    private let labels: [String: [String: String]]

    public static let french = Nomenclature.load(.fr)
    public static let english = Nomenclature.load(.en)

    public static func standard(_ language: Language) -> Nomenclature { language == .fr ? french : english }

    /// The label of `code` in `breakdown` (or of a shared value), nil when the file has none.
    public func label(_ breakdown: String, _ code: String) -> String? {
        labels[breakdown]?[code] ?? labels["*"]?[code]
    }

    /// Every (breakdown, code) the file labels.
    public var entries: [(breakdown: String, code: String, label: String)] {
        labels.flatMap { breakdown, codes in codes.map { (breakdown, $0.key, $0.value) } }
    }

    /// The file of `language` from the module's resources (found as the SQL files are, not through
    /// `Bundle.module`, which stops the process when they are missing); an unreadable file gives
    /// an empty nomenclature (codes shown as they are) rather than stopping a publication.
    static func load(_ language: Language) -> Nomenclature {
        let file = "labels-\(language.rawValue).csv"
        guard let folder = IndicatorSet.resourceFolder("Nomenclature", holding: file),
              let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else {
            return Nomenclature(language: language, labels: [:])
        }
        return Nomenclature(language: language, csv: text)
    }

    init(language: Language, labels: [String: [String: String]]) {
        self.language = language
        self.labels = labels
    }

    /// Reads `breakdown,code,label` lines (RFC 4180 quotes; the header line first).
    init(language: Language, csv: String) {
        var labels: [String: [String: String]] = [:]
        for record in Nomenclature.records(csv).dropFirst() where record.count == 3 {
            labels[record[0], default: [:]][record[1]] = record[2]
        }
        self.init(language: language, labels: labels)
    }

    static func records(_ text: String) -> [[String]] {
        var records: [[String]] = [], fields: [String] = [], field = ""
        var quoted = false, afterQuote = false
        for character in text {
            if quoted {
                if character == "\"" { quoted = false; afterQuote = true } else { field.append(character) }
                continue
            }
            switch character {
            case "\"":
                if afterQuote { field.append("\"") }
                quoted = true
            case ",": fields.append(field); field = ""
            case "\n", "\r\n":
                fields.append(field)
                records.append(fields)
                fields = []
                field = ""
            case "\r": break
            default: field.append(character)
            }
            afterQuote = false
        }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); records.append(fields) }
        return records
    }
}
