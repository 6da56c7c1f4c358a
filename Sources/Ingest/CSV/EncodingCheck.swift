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

extension FileIngest.ParsedPart {
    /// Checks the part's bytes (`startOffset..<endOffset`) for UTF-8: vectorised over ASCII runs.
    mutating func checkUTF8(_ reader: CSVReader) {
        guard endOffset > startOffset, let base = reader.file.bytes.baseAddress else { return }
        let result = parcours_utf8_check(base.assumingMemoryBound(to: UInt8.self) + startOffset, UInt64(endOffset - startOffset))
        let invalid = Int(result.first_invalid)
        firstInvalidUTF8 = invalid < endOffset - startOffset ? startOffset + invalid : nil
        sawNonASCII = result.saw_non_ascii != 0
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
