import Bench
import Foundation
import Support
import Testing
@testable import Ingest

/// The CSV scanner's fast paths checked against a plain byte-at-a-time scanner written for the
/// test, on random inputs made of the bytes that matter (delimiters, quotes, CR, LF) and others.
@Suite("CSV scanner oracle")
struct ScannerOracleTests {
    struct Field: Equatable { let start: Int, end: Int, escaped: Bool }
    struct Record: Equatable { let line: Int, offset: Int, fields: [Field], malformed: Bool }

    /// RFC 4180 as the scanner documents it, one byte at a time, no cleverness. Without
    /// `multiline`, a quote open at a line feed breaks the record there; with it, a quoted field
    /// may span up to `CSVScanner.maximumRecordLines` lines, and one that runs past them (or past
    /// the end of the data) breaks its record, whose first line is skipped and the next read again.
    static func oracle(_ bytes: [UInt8], delimiter: UInt8, dropsTrailingEmptyField: Bool, multiline: Bool = false)
        -> (records: [Record], failed: Bool) {
        var records: [Record] = []
        var position = 0, line = 1
        let quote = UInt8(ascii: "\""), newline = UInt8(10), cr = UInt8(13)
        func skipLine() {
            while position < bytes.count {
                let skipped = bytes[position]
                position += 1
                if skipped == newline { line += 1; break }
            }
        }
        while position < bytes.count {
            let start = position, startLine = line
            var fields: [Field] = []
            var malformed = false
            recordLoop: while true {
                if position < bytes.count && bytes[position] == quote {
                    position += 1
                    let fieldStart = position
                    var escaped = false
                    while true {
                        guard position < bytes.count else {
                            malformed = true
                            if multiline { (position, line) = (start, startLine); skipLine() }
                            break recordLoop
                        }
                        if bytes[position] == quote {
                            if position + 1 < bytes.count && bytes[position + 1] == quote { escaped = true; position += 2; continue }
                            fields.append(Field(start: fieldStart, end: position, escaped: escaped))
                            position += 1
                            break
                        }
                        if bytes[position] == newline {
                            line += 1
                            position += 1
                            malformed = !multiline || line - startLine >= CSVScanner.maximumRecordLines
                            if malformed {
                                if multiline { (position, line) = (start, startLine); skipLine() }
                                break recordLoop
                            }
                            continue
                        }
                        position += 1
                    }
                } else {
                    let fieldStart = position
                    while position < bytes.count && bytes[position] != delimiter && bytes[position] != newline { position += 1 }
                    var end = position
                    if end > fieldStart && bytes[end - 1] == cr && (position == bytes.count || bytes[position] == newline) { end -= 1 }
                    fields.append(Field(start: fieldStart, end: end, escaped: false))
                }
                guard position < bytes.count else { break recordLoop }
                let byte = bytes[position]
                if byte == delimiter {
                    position += 1
                    if position == bytes.count { fields.append(Field(start: position, end: position, escaped: false)); break recordLoop }
                    continue
                }
                if byte == newline { position += 1; line += 1; break recordLoop }
                if byte == cr && position + 1 < bytes.count && bytes[position + 1] == newline { position += 2; line += 1; break recordLoop }
                malformed = true
                skipLine()
                break recordLoop
            }
            if !malformed && dropsTrailingEmptyField && fields.count > 1 && fields.last!.start == fields.last!.end { fields.removeLast() }
            records.append(Record(line: startLine, offset: start, fields: fields, malformed: malformed))
        }
        return (records, false)
    }

    static func scanned(_ bytes: [UInt8], delimiter: UInt8, dropsTrailingEmptyField: Bool, multiline: Bool = false)
        -> (records: [Record], failed: Bool) {
        bytes.withUnsafeBytes { raw in
            var scanner = CSVScanner(bytes: raw, range: 0..<raw.count, firstLine: 1, delimiter: delimiter, file: "t")
            scanner.dropsTrailingEmptyField = dropsTrailingEmptyField
            scanner.multilineFields = multiline
            var record = CSVRecord()
            var records: [Record] = []
            do {
                while try scanner.next(into: &record) {
                    records.append(Record(line: record.line, offset: record.offset,
                                          fields: (0..<record.count).map { Field(start: record.start($0), end: record.end($0), escaped: record.isEscaped($0)) },
                                          malformed: record.malformation != nil))
                }
            } catch {
                return (records, true)
            }
            return (records, false)
        }
    }

    @Test("the scanner and the oracle agree on random inputs", arguments: [UInt8(ascii: ";"), UInt8(ascii: ",")])
    func agree(delimiter: UInt8) {
        var rng = SplitMix64(seed: UInt64(delimiter))
        let alphabet: [UInt8] = [delimiter, delimiter, UInt8(ascii: "\""), 10, 13, UInt8(ascii: "a"), UInt8(ascii: "b"),
                                 UInt8(ascii: "1"), 0xC3, 0xA9, UInt8(ascii: "-"), UInt8(ascii: ":"), 0x0B, 0x80]
        for trial in 0..<3_000 {
            let length = Int(rng.next() % 120)
            // Mostly plain text (the fast path), sometimes dense with specials.
            let dense = trial % 3 == 0
            let bytes = (0..<length).map { _ in
                dense || rng.next() % 6 == 0 ? alphabet[Int(rng.next() % UInt64(alphabet.count))] : UInt8(ascii: "x")
            }
            for drops in [false, true] {
                for multiline in [false, true] {
                    let expected = Self.oracle(bytes, delimiter: delimiter, dropsTrailingEmptyField: drops, multiline: multiline)
                    let actual = Self.scanned(bytes, delimiter: delimiter, dropsTrailingEmptyField: drops, multiline: multiline)
                    #expect(actual.failed == expected.failed && actual.records == expected.records,
                            "trial \(trial) drops=\(drops) multiline=\(multiline): \(bytes)")
                    if actual.records != expected.records { return }
                    // Every line is in a record: the records' first lines cover each line once,
                    // unless a quoted field spans lines (with multi-line fields).
                    if !multiline, let last = actual.records.last {
                        #expect(actual.records.map(\.line) == Array(1...last.line), "trial \(trial): a line is lost or read twice")
                    }
                }
            }
        }
    }
}
