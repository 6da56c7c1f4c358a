/// A streaming pull tokenizer for the XML of workbook parts: start tags (with their attributes
/// left unparsed until asked for), end tags and text, read from a `ByteWindow` without copying.
///
/// It checks what a reader must to trust a part: tags close in order (a hash per open element),
/// the document ends with every element closed, the encoding is UTF-8. Comments, processing
/// instructions and CDATA are understood; a DTD is refused, since no workbook part has one and
/// entity declarations are how XML bombs work. Names are local (a namespace prefix is dropped):
/// strict and transitional Office Open XML then read alike.
struct XMLTokenizer {
    enum Kind { case start, end, text, documentEnd }

    /// One token; its ranges index the window and are valid until the next `next()`.
    struct Token {
        var kind: Kind = .documentEnd
        /// The element's local name (start and end tags).
        var name: Range<Int> = 0..<0
        /// The bytes between the name and `>` or `/>` (start tags).
        var attributes: Range<Int> = 0..<0
        var selfClosing = false
        /// Text, raw: entities still escaped when `needsDecoding`.
        var text: Range<Int> = 0..<0
        var needsDecoding = false
    }

    var window: ByteWindow
    /// The deepest nesting a part may have (a workbook's go six deep): beyond, a part is refused
    /// rather than its stack grown.
    static let maximumDepth = 64

    /// The hashes of the open elements' names, innermost last.
    private final class OpenElements {
        let hashes = UnsafeMutablePointer<UInt64>.allocate(capacity: XMLTokenizer.maximumDepth)
        deinit { hashes.deallocate() }
    }

    private let open = OpenElements()
    private var depthOpen = 0
    /// After `skip(to:)`: the elements open at the skipped point are unknown, so end tags that
    /// close them are accepted, and the part may end with them open.
    private var resynchronised = false
    /// A self-closing tag was returned as a start: its end comes next, as from `</name>`, with
    /// the same name (its bytes stay in the window: nothing is read in between).
    private var pendingEnd = false
    private var pendingName: Range<Int> = 0..<0

    init(_ window: ByteWindow) {
        self.window = window
    }

    var depth: Int { depthOpen }

    private func error(_ index: Int, _ detail: String) -> SpreadsheetError {
        .malformedXML(part: window.part, offset: window.offset(index), detail: detail)
    }

    mutating func next() throws(SpreadsheetError) -> Token {
        var token = Token()
        if pendingEnd {
            pendingEnd = false
            depthOpen -= 1
            token.kind = .end
            token.name = pendingName
            return token
        }
        while true {
            if window.position == window.end, try !window.refill() {
                guard depthOpen == 0 || resynchronised else {
                    throw error(window.position, "the part ends inside an element (the file is truncated)")
                }
                return token
            }
            let start = window.position
            if window[start] != UInt8(ascii: "<") {
                if window.offset(start) == 0, window.end >= 2, window[0] == 0xFF && window[1] == 0xFE || window[0] == 0xFE && window[1] == 0xFF {
                    throw error(0, "UTF-16 text, where a workbook is UTF-8")
                }
                guard let less = window.firstIndex(of: UInt8(ascii: "<"), from: start) else {
                    if start == 0 && window.end == window.capacity {
                        // A text longer than the window comes in pieces (the reader appends them),
                        // each cut before an entity that might straddle the cut.
                        var cut = window.end
                        for index in max(1, window.end - 12)..<window.end where window[index] == UInt8(ascii: "&") { cut = index }
                        token.kind = .text
                        token.text = 0..<cut
                        token.needsDecoding = window.firstIndex(of: UInt8(ascii: "&"), from: 0, upTo: cut) != nil
                        window.position = cut
                        return token
                    }
                    if try window.refill() { continue }
                    // Text after the root element: only white space is allowed.
                    token.kind = .text
                    token.text = window.position..<window.end
                    window.position = window.end
                    return token
                }
                token.kind = .text
                token.text = start..<less
                token.needsDecoding = window.firstIndex(of: UInt8(ascii: "&"), from: start, upTo: less) != nil
                window.position = less
                return token
            }
            // Enough bytes to tell a comment or CDATA section (whose text may hold '>') from a tag.
            if window.end - start < 9 && !window.exhausted {
                _ = try window.refill()
                continue
            }
            if matches(start, "<!--") || matches(start, "<![CDATA[") {
                if let text = try markup(isComment: matches(start, "<!--")) { return text }
                continue
            }
            if matches(start, "<!") { throw error(start, "a document type declaration, which no workbook part has") }
            guard let close = try tagEnd(from: start) else { continue }
            window.position = close + 1
            let second = start + 1 < close ? window[start + 1] : 0
            switch second {
            case UInt8(ascii: "?"):
                try checkDeclaration(start..<close)
                continue
            case UInt8(ascii: "/"):
                let (name, local, code) = scanName(from: start + 2, to: close)
                if depthOpen > 0 {
                    depthOpen -= 1
                    guard open.hashes[depthOpen] == code else { throw error(start, "a closing tag that closes another element") }
                } else if !resynchronised {
                    throw error(start, "a closing tag that closes nothing open")
                }
                _ = name
                token.kind = .end
                token.name = local
                return token
            default:
                let selfClosing = window[close - 1] == UInt8(ascii: "/")
                let (name, local, code) = scanName(from: start + 1, to: selfClosing ? close - 1 : close)
                guard !name.isEmpty else { throw error(start, "a tag without a name") }
                guard depthOpen < Self.maximumDepth else {
                    throw error(start, "elements nested more than \(Self.maximumDepth) deep")
                }
                token.kind = .start
                token.name = local
                token.attributes = name.upperBound..<(selfClosing ? close - 1 : close)
                token.selfClosing = selfClosing
                open.hashes[depthOpen] = code
                depthOpen += 1
                pendingEnd = selfClosing
                pendingName = local
                return token
            }
        }
    }

    /// A tag's qualified name from `start` (up to white space, `/` or `limit`), its local part
    /// (after a namespace prefix), and its FNV-1a hash (an end tag must close the element last
    /// opened), in one pass.
    @inline(__always)
    private func scanName(from start: Int, to limit: Int) -> (name: Range<Int>, local: Range<Int>, hash: UInt64) {
        var index = start, localStart = start
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        while index < limit {
            let byte = window[index]
            if byte <= 0x20 || byte == UInt8(ascii: "/") { break }
            if byte == UInt8(ascii: ":") { localStart = index + 1 }
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            index += 1
        }
        return (start..<index, localStart..<index, hash)
    }

    /// The common content of the element just opened, read in one step instead of five tokens:
    /// when the window holds `prefix`, then text without markup, then `suffix` — which must
    /// close `prefix`'s elements and the one just opened (`<v>`, `</v></c>` for a cell) —, the
    /// text's range (and whether it holds entities), with the window moved past `suffix` and the
    /// open element closed. Nil, with nothing moved, when the bytes are anything else: the caller
    /// then reads tokens.
    mutating func simpleContent(_ prefix: StaticString, _ suffix: StaticString) -> (text: Range<Int>, needsDecoding: Bool)? {
        let start = window.position + prefix.utf8CodeUnitCount
        guard depthOpen > 0, !pendingEnd, matches(window.position, prefix),
              let less = window.firstIndex(of: UInt8(ascii: "<"), from: start), matches(less, suffix) else { return nil }
        window.position = less + suffix.utf8CodeUnitCount
        depthOpen -= 1
        return (start..<less, window.firstIndex(of: UInt8(ascii: "&"), from: start, upTo: less) != nil)
    }

    /// Skips the part's bytes up to the first `<` starting an element whose qualified name ends with
    /// `name` (searched in the raw bytes, without tokenizing what lies before: the rows of a sheet
    /// whose merged cells, written after them, are wanted first). False when the part has none.
    mutating func skip(to name: StaticString) throws(SpreadsheetError) -> Bool {
        resynchronised = true
        depthOpen = 0
        pendingEnd = false
        let count = name.utf8CodeUnitCount, first = name.utf8Start[0]
        while true {
            var from = window.position
            while let found = window.firstIndex(of: first, from: from) {
                guard found + count < window.end else { break }
                if matches(found, name), found > 0 {
                    let after = window[found + count]
                    var back = found - 1
                    while back > window.position && window[back] != UInt8(ascii: "<") && window[back] != UInt8(ascii: ">")
                        && window[back] != 0x20 { back -= 1 }
                    if window[back] == UInt8(ascii: "<") && (after == 0x20 || after == UInt8(ascii: ">") || after == UInt8(ascii: "/")) {
                        window.position = back
                        return true
                    }
                }
                from = found + 1
            }
            // Keep a name's length of bytes: a match may straddle the refill.
            window.position = max(window.position, window.end - count - 16)
            guard try window.refill() else { return false }
        }
    }

    /// The index of the `>` ending the tag at `start`, refilling the window as needed; nil when
    /// the window moved (the caller starts the token again). A `>` may sit in a quoted value: the
    /// first `>` ends the tag when the bytes before it hold no quote left open (counted without a
    /// branch per byte, the common case); otherwise the tag is walked quote by quote.
    private mutating func tagEnd(from start: Int) throws(SpreadsheetError) -> Int? {
        if let close = window.firstIndex(of: UInt8(ascii: ">"), from: start + 1) {
            var doubles = 0, others = 0
            for index in (start + 1)..<close {
                let byte = window[index]
                doubles &+= byte == UInt8(ascii: "\"") ? 1 : 0
                others &+= byte == UInt8(ascii: "'") || byte == UInt8(ascii: "<") ? 1 : 0
            }
            if doubles & 1 == 0 && others == 0 { return close }
        }
        var index = start + 1
        while index < window.end {
            let byte = window[index]
            if byte == UInt8(ascii: ">") { return index }
            if byte == UInt8(ascii: "<") { throw error(index, "a '<' inside a tag") }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                guard let closing = window.firstIndex(of: byte, from: index + 1) else { break }
                index = closing
            }
            index += 1
        }
        guard try window.refill() else { throw error(start, "the part ends inside a tag (the file is truncated)") }
        return nil
    }

    /// A comment (skipped: nil) or a CDATA section (its text), from `position`, which the
    /// window may move: the section's start is then the window's new position.
    private mutating func markup(isComment: Bool) throws(SpreadsheetError) -> Token? {
        let terminator: [UInt8] = isComment ? Array("-->".utf8) : Array("]]>".utf8)
        let bodyOffset = isComment ? 4 : 9
        var start = window.position, from = start + bodyOffset
        while true {
            if let found = find(terminator, from: from) {
                window.position = found + terminator.count
                guard !isComment else { return nil }
                var token = Token()
                token.kind = .text
                token.text = (start + bodyOffset)..<found
                return token
            }
            let scanned = window.end - start
            guard try window.refill() else { throw error(start, "the part ends inside a comment or CDATA section") }
            start = window.position
            from = start + max(bodyOffset, scanned - terminator.count + 1)
        }
    }

    private func find(_ needle: [UInt8], from: Int) -> Int? {
        var index = from
        while let candidate = window.firstIndex(of: needle[0], from: index) {
            guard candidate + needle.count <= window.end else { return nil }
            if (1..<needle.count).allSatisfy({ window[candidate + $0] == needle[$0] }) { return candidate }
            index = candidate + 1
        }
        return nil
    }

    /// Refuses a declaration of another encoding than UTF-8 (Excel writes only UTF-8).
    private func checkDeclaration(_ tag: Range<Int>) throws(SpreadsheetError) {
        guard matches(tag.lowerBound, "<?xml") else { return }
        var attributes = XMLAttributes(window, tag.lowerBound + 5..<max(tag.lowerBound + 5, tag.upperBound - 1))
        while let (name, value) = attributes.next() {
            guard equals(name, "encoding") else { continue }
            let text = String(decoding: window.bytes(value), as: UTF8.self).lowercased()
            guard text == "utf-8" || text == "utf8" else { throw error(tag.lowerBound, "another encoding than UTF-8, the only one of workbooks") }
        }
    }

    @inline(__always)
    func matches(_ index: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= window.end else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<count where window[index + offset] != pointer[offset] { return false }
        return true
    }

    /// Whether the bytes in `range` are `literal`.
    @inline(__always)
    func equals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        range.count == literal.utf8CodeUnitCount && matches(range.lowerBound, literal)
    }

}
