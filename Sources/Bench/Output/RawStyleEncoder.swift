import Ingest

/// A raw style's constant texts (labels, names, street names) encoded once in the style's encoding
/// and quoted if needed, so formatting a row appends byte arrays instead of transcoding strings.
/// A class: passing it per row must not retain its dozen arrays one by one.
final class RawStyleEncoder: Sendable {
    let style: RawFileStyle
    let admissible: [Bool: [UInt8]]
    let outcomes: [String: [UInt8]]
    let employment: [String: [UInt8]]
    let funding: [String: [UInt8]]
    /// Index: level 0...8 (0 = no level).
    let levels: [[UInt8]]
    let unknownLevel: [UInt8]
    let surnamesUppercased: [[UInt8]]
    let womenFirstNames: [[UInt8]]
    let menFirstNames: [[UInt8]]
    let streets: [[UInt8]]
    let separator: UInt8
    let crlf: Bool
    let fields: [RawField]

    init(_ style: RawFileStyle) {
        self.style = style
        separator = style.separator
        crlf = style.crlf
        fields = style.columns.map(\.field)
        func encode(_ text: String) -> [UInt8] {
            var row = RowBuffer(capacity: text.utf8.count + 2)
            RawFileStyle.appendText(text, style, &row)
            return row.bytes
        }
        admissible = style.admissible.mapValues(encode)
        outcomes = style.outcomes.mapValues(encode)
        employment = style.employment.mapValues(encode)
        funding = style.funding.mapValues(encode)
        levels = (0...8).map { encode(style.level($0 == 0 ? nil : Int8($0))) }
        unknownLevel = encode(style.unknownLevel)
        surnamesUppercased = FrenchNames.surnamesUppercased.map(encode)
        womenFirstNames = FrenchNames.womenFirstNames.map(encode)
        menFirstNames = FrenchNames.menFirstNames.map(encode)
        streets = FrenchNames.streets.map(encode)
    }
}
