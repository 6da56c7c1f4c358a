import Foundation

/// Where each mapped field sits in one file: the mapping's header spellings matched against the
/// file's header. Every column of the file must be claimed by exactly one field or be dropped, so
/// a new column (perhaps a new identifier) is never read or skipped without someone deciding it.
struct HeaderResolution: Sendable {
    /// Column index of each field, by `MappedField.allCases` order; nil when the file lacks it.
    let columns: [Int?]
    /// Optional fields the mapping names but the file does not have (their values are null).
    let missing: [MappedField]
    /// Columns whose values are never stored as they are: the identity, the postcode, the pathway
    /// key, and every dropped column (e-mail, phone, NIR, address...). A reject never quotes a
    /// value equal to one of them on the same row.
    let unstoredColumns: [Int]

    func column(_ field: MappedField) -> Int? { columns[field.ordinal] }

    /// Case, accents, punctuation spacing, surrounding spaces and line breaks folded: "Date  de
    /// Recevabilité ", "Date de⏎recevabilité" (Alt+Enter in a spreadsheet's cell, a quoted line
    /// break in a CSV header) and "date de recevabilite" are the same header.
    static func normalise(_ header: String) -> String {
        let folded = header.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        return folded.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{A0}" || $0.isNewline }).joined(separator: " ")
    }

    init(header: [String], mapping: Mapping, file: String) throws(IngestError) {
        let normalised = header.map(Self.normalise)
        var claimedBy = [MappedField?](repeating: nil, count: header.count)
        var columns = [Int?](repeating: nil, count: MappedField.allCases.count)
        var missing: [MappedField] = []
        for field in MappedField.allCases {
            guard let spellings = mapping.fields[field] else { continue }
            let wanted = Set(spellings.map(Self.normalise))
            let matches = normalised.indices.filter { wanted.contains(normalised[$0]) }
            if matches.count > 1 {
                throw .badHeader(file: file, detail: "columns \(matches.map { "'\(header[$0])'" }.joined(separator: " and ")) both match field '\(field.rawValue)' of mapping \(mapping.name)")
            }
            guard let index = matches.first else {
                if MappedField.required.contains(field) {
                    throw .badHeader(file: file, detail: "no column for '\(field.rawValue)' (mapping \(mapping.name) looks for \(spellings.map { "'\($0)'" }.joined(separator: ", ")))")
                }
                missing.append(field)
                continue
            }
            if let other = claimedBy[index] {
                throw .badHeader(file: file, detail: "column '\(header[index])' matches both '\(other.rawValue)' and '\(field.rawValue)' in mapping \(mapping.name)")
            }
            claimedBy[index] = field
            columns[field.ordinal] = index
        }
        let dropped = Set(mapping.dropped.map(Self.normalise))
        let unclaimed = header.indices.filter { claimedBy[$0] == nil && !dropped.contains(normalised[$0]) }
        guard unclaimed.isEmpty else {
            throw .badHeader(file: file, detail: "column(s) \(unclaimed.map { "'\(header[$0])'" }.joined(separator: ", ")) are neither mapped nor dropped by mapping \(mapping.name); add them to \"fields\" or to \"drop\"")
        }
        self.columns = columns
        self.missing = missing
        unstoredColumns = header.indices.filter { index in claimedBy[index].map { !$0.isStored } ?? true }
    }
}
