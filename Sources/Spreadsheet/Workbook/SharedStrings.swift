/// The workbook's shared-string table (`xl/sharedStrings.xml`): the text of every `<si>`, its
/// rich-text runs joined and its phonetic guides (`<rPh>`) left out, unescaped, in one buffer.
/// Held in memory while the sheet is read (cells refer to it by index), within
/// `maximumSharedStringBytes`.
struct SharedStrings {
    private var bytes: [UInt8] = []
    /// String i is `bytes[offsets[i]..<offsets[i + 1]]`.
    private var offsets: [Int] = [0]

    var count: Int { offsets.count - 1 }

    init() {}

    init(_ tokenizer: inout XMLTokenizer, limits: SpreadsheetLimits) throws(SpreadsheetError) {
        var inItem = false, inText = false, phoneticDepth = 0, itemStart = 0
        while true {
            let token = try tokenizer.next()
            switch token.kind {
            case .documentEnd:
                return
            case .start:
                if tokenizer.equals(token.name, "si") {
                    inItem = true
                    itemStart = bytes.count
                } else if tokenizer.equals(token.name, "rPh") {
                    phoneticDepth += 1
                } else if inItem && phoneticDepth == 0 && tokenizer.equals(token.name, "t") {
                    inText = true
                }
            case .end:
                if tokenizer.equals(token.name, "si") {
                    inItem = false
                    XMLText.unescapeOfficeEscapes(&bytes, from: itemStart)
                    guard String(validating: bytes[itemStart...], as: UTF8.self) != nil else {
                        throw .malformedXML(part: tokenizer.window.part, offset: tokenizer.window.offset(tokenizer.window.position),
                                            detail: "shared string \(count) is not UTF-8")
                    }
                    offsets.append(bytes.count)
                    guard bytes.count + 8 * offsets.count <= limits.maximumSharedStringBytes else {
                        throw .limitExceeded(limit: SpreadsheetLimits.sharedStringBytesName,
                                             detail: "the shared strings hold more than \(limits.maximumSharedStringBytes) bytes")
                    }
                } else if tokenizer.equals(token.name, "rPh") {
                    phoneticDepth -= 1
                } else if tokenizer.equals(token.name, "t") {
                    inText = false
                }
            case .text:
                guard inText else { continue }
                let raw = tokenizer.window.bytes(token.text)
                if token.needsDecoding {
                    guard XMLText.decode(raw, into: &bytes) else {
                        throw .malformedXML(part: tokenizer.window.part, offset: tokenizer.window.offset(token.text.lowerBound), detail: "an unknown entity")
                    }
                } else {
                    bytes.append(contentsOf: raw)
                }
                guard bytes.count + 8 * offsets.count <= limits.maximumSharedStringBytes else {
                    throw .limitExceeded(limit: SpreadsheetLimits.sharedStringBytesName,
                                         detail: "the shared strings hold more than \(limits.maximumSharedStringBytes) bytes")
                }
            }
        }
    }

    /// String `index`, or nil past the end.
    func string(_ index: Int) -> ArraySlice<UInt8>? {
        guard index >= 0, index < count else { return nil }
        return bytes[offsets[index]..<offsets[index + 1]]
    }
}
