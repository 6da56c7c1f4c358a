import Foundation
import Support

/// A mapping file's JSON5 document as written, before `Mapping.parse` checks its meaning. A key
/// the format does not know is refused with the nearest known one ("encodng": did you mean
/// "encoding"?): a misspelt setting silently ignored would read the file the wrong way.
struct MappingDocument: Decodable {
    var name: String?
    var certifier: String?
    var encoding: String?
    var delimiter: String?
    var date_format: String?
    var fields: [String: [String]]
    var codes: [String: [String: String]]?
    var drop: [String]?
    var extraction_date: String?
    var earliest_birth_date: String?
    var earliest_stage_date: String?
    var stage_dates_after_extraction_days: Int?
    var multiline_fields: Bool?
    var sheet: String?

    /// Every key of the format, in the order docs/MAPPINGS.md lists them.
    static let keys = ["name", "certifier", "encoding", "delimiter", "date_format", "fields", "codes", "drop",
                       "extraction_date", "earliest_birth_date", "earliest_stage_date", "stage_dates_after_extraction_days",
                       "multiline_fields", "sheet"]

    /// Any key, to list the document's own.
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The top-level keys of the document, whatever they are.
    private struct KeyList: Decodable {
        let keys: [String]
        init(from decoder: any Decoder) throws {
            keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        }
    }

    static func decode(_ data: Data, source: String) throws(MappingError) -> MappingDocument {
        do {
            let decoder = JSONDecoder()
            decoder.allowsJSON5 = true
            for key in try decoder.decode(KeyList.self, from: data).keys.sorted() where !keys.contains(key) {
                let hint = Suggestion.closest(to: key, among: keys).map { "; did you mean \"\($0)\"?" } ?? "; keys are: \(keys.joined(separator: ", "))"
                throw MappingError.invalid(source: source, detail: "unknown key \"\(key)\"\(hint)")
            }
            return try decoder.decode(MappingDocument.self, from: data)
        } catch let error as MappingError {
            throw error
        } catch let error as DecodingError {
            throw .invalid(source: source, detail: explain(error))
        } catch {
            throw .invalid(source: source, detail: "\(error)")
        }
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
