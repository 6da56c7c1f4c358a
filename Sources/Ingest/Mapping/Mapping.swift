import Foundation

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

    /// The JSON document, as written.
    private struct Document: Decodable {
        var name: String?
        var certifier: String?
        var encoding: String?
        var delimiter: String?
        var date_format: String?
        var fields: [String: [String]]
        var codes: [String: [String: String]]?
        var drop: [String]?
    }

    public static func load(path: String) throws(MappingError) -> Mapping {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        return try parse(data, source: path)
    }

    /// Parses and checks a mapping; `source` names it in errors.
    public static func parse(_ data: Data, source: String) throws(MappingError) -> Mapping {
        let document: Document
        do {
            let decoder = JSONDecoder()
            decoder.allowsJSON5 = true
            document = try decoder.decode(Document.self, from: data)
        } catch let error as DecodingError {
            throw .invalid(source: source, detail: Self.explain(error))
        } catch {
            throw .invalid(source: source, detail: "\(error)")
        }
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
        let name = document.name ?? ((source as NSString).lastPathComponent as NSString).deletingPathExtension
        return Mapping(name: name, certifier: document.certifier, encoding: encoding, delimiter: delimiter,
                       dateFormat: dateFormat, fields: fields, codes: codes, dropped: document.drop ?? [])
    }

    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "missing \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "not valid JSON\(path(context).isEmpty ? "" : " at \(path(context))"): \((context.underlyingError as NSError?)?.userInfo["NSDebugDescription"] ?? context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// What a source column can feed: a harmonised column, a part of the identity (folded into the
/// pseudonym, never stored), the pathway key, or a quasi-identifier generalised on the way in
/// (postcode → department, birth date → birth year).
public enum MappedField: String, Sendable, CaseIterable, Hashable {
    case pathwayKey = "pathway_key"
    case birthName = "birth_name", firstName = "first_name", birthDate = "birth_date"
    case postcode
    case certifier, certificationCode = "certification_code", level, region, department, sex
    case birthYear = "birth_year", employmentStatus = "employment_status", funding
    case infoDate = "info_date", applicationDate = "application_date", admissibilityDate = "admissibility_date"
    case admissible, supportStartDate = "support_start_date", portfolioDate = "portfolio_date"
    case juryDate = "jury_date", outcome, outcomeDate = "outcome_date"

    /// Position in `allCases` (a switch, not a dictionary: it is looked up for every field of every row).
    var ordinal: Int {
        switch self {
        case .pathwayKey: 0
        case .birthName: 1
        case .firstName: 2
        case .birthDate: 3
        case .postcode: 4
        case .certifier: 5
        case .certificationCode: 6
        case .level: 7
        case .region: 8
        case .department: 9
        case .sex: 10
        case .birthYear: 11
        case .employmentStatus: 12
        case .funding: 13
        case .infoDate: 14
        case .applicationDate: 15
        case .admissibilityDate: 16
        case .admissible: 17
        case .supportStartDate: 18
        case .portfolioDate: 19
        case .juryDate: 20
        case .outcome: 21
        case .outcomeDate: 22
        }
    }

    static let required: [MappedField] = [.pathwayKey, .birthName, .firstName, .birthDate, .certificationCode, .applicationDate]

    /// Fields whose values identify a person: never echoed in a reject, never stored as such.
    var isIdentifying: Bool {
        switch self {
        case .birthName, .firstName, .birthDate, .postcode: true
        default: false
        }
    }

    /// The harmonised codes of a coded field, sorted (a code is stored as its index there); nil
    /// for other fields.
    var codeList: [String]? {
        switch self {
        case .certifier: PathwayCodes.certifiers
        case .level: Level.valid.map(String.init)
        case .region: PathwayCodes.regions
        case .department: PathwayCodes.departments
        case .sex: PathwayCodes.sexes
        case .employmentStatus: PathwayCodes.employmentStatuses
        case .funding: PathwayCodes.fundings
        case .admissible: ["N", "Y"]
        case .outcome: PathwayCodes.outcomes
        default: nil
        }
    }

    /// What a code table of this field may map to.
    var harmonisedCodes: Set<String>? { codeList.map(Set.init) }

    var isDate: Bool {
        switch self {
        case .birthDate, .infoDate, .applicationDate, .admissibilityDate, .supportStartDate, .portfolioDate, .juryDate, .outcomeDate: true
        default: false
        }
    }
}

/// How raw files write dates. `auto` (the default) decides from the data and refuses to guess
/// when day and month cannot be told apart.
public enum DateFormat: String, Sendable, CaseIterable {
    case dayMonthYear = "dd/mm/yyyy"
    case monthDayYear = "mm/dd/yyyy"
    case iso = "yyyy-mm-dd"
}

/// Why a mapping cannot be used.
public enum MappingError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String)
    case invalid(source: String, detail: String)

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read the mapping file \(path)"
        case .invalid(let source, let detail): "mapping \(source): \(detail) (see docs/MAPPINGS.md)"
        }
    }
}
