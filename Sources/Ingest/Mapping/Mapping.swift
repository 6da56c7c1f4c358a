import Foundation
import Storage

/// How to read one certifier's raw export: which source column feeds which field (with the header
/// spellings it may take), the certifier's local labels and the harmonised codes they stand for,
/// the date format, which columns form the identity and which are dropped unread.
///
/// Loaded from a JSON5 file — JSON that may carry comments and trailing commas (docs/MAPPINGS.md;
/// commented examples in `mappings/`). Invariants after `load`: every field name is known, every code table belongs to a
/// coded field and maps to a harmonised code, the identity and the pathway key are mapped, and
/// the certifier is either a constant or a mapped column.
public struct Mapping: Sendable {
    public let name: String
    public let certifier: String?
    public let encoding: CSVDialect.Encoding?
    public let delimiter: UInt8?
    public let dateFormat: DateFormat?
    /// Field → header spellings (compared with case, accents and spacing folded).
    public let fields: [MappedField: [String]]
    /// Field → (source label → harmonised code).
    public let codes: [MappedField: [String: String]]
    /// Headers read by nothing: they are skipped, never stored (identity columns not used for the
    /// pseudonym, e-mails, phones, addresses...).
    public let dropped: [String]
    /// The day the certifier extracted its file (default: the day of ingest); the date windows
    /// (`DateWindows`) are counted from it.
    public let extractionDate: CivilDate?
    public let earliestBirthDate: CivilDate?
    public let earliestStageDate: CivilDate?
    public let stageDaysAfterExtraction: Int?
    /// Whether a quoted field may hold line breaks (off: a quote left open at the end of its line
    /// makes that line a reject, and the next line is read as a record of its own).
    public let multilineFields: Bool
    /// The sheet of an `.xlsx` workbook to read (default: the first visible one).
    public let sheet: String?
    /// The file's own text, as written (a provider keeps it in the store).
    public let text: String

    /// A mapping file is a few kilobytes; anything this large is not one.
    public static let maximumBytes = 1 << 20

    public static func load(path: String) throws(MappingError) -> Mapping {
        let data: [UInt8]
        do throws(StorageError) {
            data = try RegularFile.read(path, maximumBytes: maximumBytes)
        } catch {
            throw .unreadable(path: path, reason: error.description)
        }
        return try parse(Data(data), source: path)
    }

    /// Parses and checks a mapping; `source` names it in errors.
    public static func parse(_ data: Data, source: String) throws(MappingError) -> Mapping {
        let document = try MappingDocument.decode(data, source: source)
        var fields: [MappedField: [String]] = [:]
        for (name, headers) in document.fields {
            guard let field = MappedField(rawValue: name) else {
                throw .invalid(source: source, detail: "unknown field '\(name)' in \"fields\"; fields are: \(MappedField.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard !headers.isEmpty else { throw .invalid(source: source, detail: "field '\(name)' lists no header") }
            fields[field] = headers
        }
        var codes: [MappedField: [String: String]] = [:]
        for (name, table) in document.codes ?? [:] {
            guard let field = MappedField(rawValue: name), let allowed = field.harmonisedCodes else {
                throw .invalid(source: source, detail: "\"codes\" has a table for '\(name)', which is not a coded field (coded fields: \(MappedField.allCases.filter { $0.harmonisedCodes != nil }.map(\.rawValue).joined(separator: ", ")))")
            }
            for (label, code) in table where !allowed.contains(code) {
                throw .invalid(source: source, detail: "codes.\(name): '\(label)' maps to '\(code)', which is not a harmonised \(name) (\(allowed.sorted().joined(separator: ", ")))")
            }
            codes[field] = table
        }
        for required in MappedField.required where fields[required] == nil {
            throw .invalid(source: source, detail: "the mapping must say which column holds '\(required.rawValue)'")
        }
        if let certifier = document.certifier {
            guard fields[.certifier] == nil else {
                throw .invalid(source: source, detail: "\"certifier\" is given both as a constant ('\(certifier)') and as a column; keep one")
            }
            guard Certifier(rawValue: certifier) != nil else {
                throw .invalid(source: source, detail: "unknown certifier '\(certifier)'; certifiers: \(Certifier.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        } else if fields[.certifier] == nil {
            throw .invalid(source: source, detail: "give \"certifier\" (one code for the whole file) or map a certifier column")
        }
        let encoding: CSVDialect.Encoding?
        switch document.encoding?.lowercased() {
        case nil: encoding = nil
        case "utf-8", "utf8": encoding = .utf8
        case "windows-1252", "cp1252", "ansi": encoding = .windows1252
        case let other?: throw .invalid(source: source, detail: "unknown encoding '\(other)'; use utf-8 or windows-1252")
        }
        var delimiter: UInt8?
        if let text = document.delimiter {
            let named: [String: UInt8] = [",": 44, ";": 59, "tab": 9, "\t": 9, "|": 124]
            guard let byte = named[text] else { throw .invalid(source: source, detail: "delimiter '\(text)' is not one of , ; tab |") }
            delimiter = byte
        }
        var dateFormat: DateFormat?
        if let text = document.date_format {
            guard let format = DateFormat(rawValue: text) else {
                throw .invalid(source: source, detail: "date_format '\(text)' is not one of \(DateFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            dateFormat = format
        }
        func date(_ key: String, _ text: String?) throws(MappingError) -> CivilDate? {
            guard let text else { return nil }
            guard let date = CivilDate(iso: text) else { throw .invalid(source: source, detail: "\(key) '\(text)' is not a date written YYYY-MM-DD") }
            return date
        }
        let name = document.name ?? ((source as NSString).lastPathComponent as NSString).deletingPathExtension
        return Mapping(name: name, certifier: document.certifier, encoding: encoding, delimiter: delimiter,
                       dateFormat: dateFormat, fields: fields, codes: codes, dropped: document.drop ?? [],
                       extractionDate: try date("extraction_date", document.extraction_date),
                       earliestBirthDate: try date("earliest_birth_date", document.earliest_birth_date),
                       earliestStageDate: try date("earliest_stage_date", document.earliest_stage_date),
                       stageDaysAfterExtraction: document.stage_dates_after_extraction_days,
                       multilineFields: document.multiline_fields ?? false, sheet: document.sheet,
                       text: String(decoding: data, as: UTF8.self))
    }

    /// The date windows of a file read through this mapping, extracted on `extractionDate` (the
    /// option's, else the mapping's, else today).
    public func windows(extractionDate given: CivilDate?) throws(DateWindowError) -> DateWindows {
        try DateWindows(extractionDate: given ?? extractionDate ?? CivilDate.today(),
                        earliestBirthDate: earliestBirthDate ?? DateWindows.defaultEarliestBirthDate,
                        earliestStageDate: earliestStageDate ?? DateWindows.defaultEarliestStageDate,
                        stageDaysAfterExtraction: stageDaysAfterExtraction ?? DateWindows.defaultStageDaysAfterExtraction)
    }
}
