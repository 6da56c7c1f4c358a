import CByteScan

/// The whole file's encoding, checked while it is parsed (each chunk's bytes, on the worker that
/// parses it; in file order when the chunks are assembled). The dialect's encoding comes from the
/// first 64 KiB, or from the mapping: a Windows-1252 file whose first 64 KiB are ASCII would be
/// read as UTF-8, and its accented names would lose bytes before they are hashed — another
/// pseudonym than the same person's elsewhere, silently. So:
/// - read as UTF-8, a byte that is not UTF-8 stops the ingest (`EncodingContradiction`): a guess
///   is corrected (the file is read again as Windows-1252), a declaration refuses the file;
/// - read as Windows-1252 by declaration, a file that is all valid UTF-8 with accented letters is
///   refused too (the mapping says Windows-1252, the certifier's software now writes UTF-8).
struct EncodingContradiction: Error {
    /// Offset of the first byte that contradicts the encoding (for a Windows-1252 file that is
    /// UTF-8, the first multi-byte sequence's part).
    let offset: Int
    let isUTF8Text: Bool

    func detail(_ dialect: CSVDialect) -> String {
        isUTF8Text
            ? "the file is declared windows-1252 but is UTF-8 text (accented letters written as two bytes); fix the mapping's encoding or give --encoding utf-8"
            : "the file is declared UTF-8 but this line is not UTF-8 (perhaps windows-1252); fix the mapping's encoding or give --encoding windows-1252"
    }
}

/// A part's bytes checked for UTF-8 a block at a time, just ahead of the scanner: each block is
/// then in the cache when the scanner reads it, instead of the whole part being read once more
/// after it was parsed. Blocks end at the start of a character, never inside one.
struct UTF8Progress {
    static let blockBytes = 1 << 16
    /// Bytes before this offset are checked (or the check stopped at an invalid byte).
    private(set) var checkedUpTo: Int
    private let end: Int
    /// The first byte (file offset) that is not UTF-8, if one was found.
    private(set) var firstInvalid: Int?
    /// Whether valid multi-byte text came before it.
    private(set) var sawNonASCII = false

    init(_ range: Range<Int>) {
        checkedUpTo = range.lowerBound
        end = range.upperBound
    }

    /// Checks the next block (a no-op at the end, or once an invalid byte was found).
    @inline(__always)
    mutating func checkBlock(_ bytes: UnsafeRawBufferPointer) {
        guard firstInvalid == nil, checkedUpTo < end, let base = bytes.baseAddress else {
            checkedUpTo = end
            return
        }
        var blockEnd = min(end, checkedUpTo + Self.blockBytes)
        while blockEnd < end && bytes[blockEnd] & 0xC0 == 0x80 { blockEnd += 1 }  // not inside a character
        let result = parcours_utf8_check(base.assumingMemoryBound(to: UInt8.self) + checkedUpTo, UInt64(blockEnd - checkedUpTo))
        sawNonASCII = sawNonASCII || result.saw_non_ascii != 0
        if Int(result.first_invalid) < blockEnd - checkedUpTo { firstInvalid = checkedUpTo + Int(result.first_invalid) }
        checkedUpTo = blockEnd
    }

    /// Checks what remains (of a range that ends at `limit`, when given).
    mutating func finish(_ bytes: UnsafeRawBufferPointer, upTo limit: Int? = nil) {
        if let limit, limit < end { self = UTF8Progress(checkedUpTo..<limit, firstInvalid: firstInvalid, sawNonASCII: sawNonASCII) }
        while checkedUpTo < end && firstInvalid == nil { checkBlock(bytes) }
    }

    private init(_ range: Range<Int>, firstInvalid: Int?, sawNonASCII: Bool) {
        self.init(range)
        self.firstInvalid = firstInvalid
        self.sawNonASCII = sawNonASCII
    }
}

extension FileIngest.ParsedPart {
    /// Checks the part's bytes (`startOffset..<endOffset`) for UTF-8 at once (the header's bytes).
    mutating func checkUTF8(_ reader: CSVReader) {
        var progress = UTF8Progress(startOffset..<endOffset)
        progress.finish(reader.file.bytes)
        take(progress)
    }

    /// Records what a check of the part's bytes found.
    mutating func take(_ progress: UTF8Progress) {
        firstInvalidUTF8 = progress.firstInvalid
        sawNonASCII = progress.sawNonASCII
    }
}

/// What the assembled parts say of the file's encoding, in file order.
struct EncodingEvidence {
    /// Every part so far was valid UTF-8.
    var allUTF8 = true
    /// Some valid multi-byte text was seen (before any invalid byte).
    var sawNonASCII = false
    var firstNonASCIIOffset: Int?

    /// Takes a part in; throws at the first byte that contradicts a UTF-8 reading.
    mutating func take(_ part: FileIngest.ParsedPart, encoding: CSVDialect.Encoding) throws {
        if part.sawNonASCII && firstNonASCIIOffset == nil && allUTF8 { firstNonASCIIOffset = part.startOffset }
        sawNonASCII = sawNonASCII || (allUTF8 && part.sawNonASCII)
        if let invalid = part.firstInvalidUTF8 {
            if encoding == .utf8 { throw EncodingContradiction(offset: invalid, isUTF8Text: false) }
            allUTF8 = false
        }
    }

    /// At the end of the file: the header (which no part holds), and a declared Windows-1252 file
    /// that was UTF-8 text throughout.
    func finish(_ reader: CSVReader) throws {
        var header = FileIngest.ParsedPart()
        (header.startOffset, header.endOffset) = (reader.dialect.headerOffset, reader.bodyStart)
        header.checkUTF8(reader)
        let encoding = reader.dialect.encoding
        if let invalid = header.firstInvalidUTF8, encoding == .utf8 { throw EncodingContradiction(offset: invalid, isUTF8Text: false) }
        let utf8Text = allUTF8 && header.firstInvalidUTF8 == nil && (sawNonASCII || header.sawNonASCII)
        guard encoding == .windows1252, reader.dialect.encodingDeclared, utf8Text else { return }
        let bytes = reader.file.bytes
        var offset = header.sawNonASCII ? header.startOffset : firstNonASCIIOffset ?? 0
        while offset < bytes.count && bytes[offset] < 0x80 { offset += 1 }
        throw EncodingContradiction(offset: offset, isUTF8Text: true)
    }
}
