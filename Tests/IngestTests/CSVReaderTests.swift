import Bench
import Foundation
import Support
import Testing
@testable import Ingest

@Suite("CSV reader")
struct CSVReaderTests {
    static func write(_ bytes: [UInt8], _ name: String = "test.csv") throws -> String {
        let directory = NSTemporaryDirectory() + "parcours-csv-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func write(_ text: String, _ name: String = "test.csv") throws -> String {
        try write(Array(text.utf8), name)
    }

    /// Every record of the body as decoded strings, with its line: chunk by chunk as the ingest cuts
    /// them (small chunks, lines made absolute in order) when `chunked`, else in one pass; a chunked
    /// read that meets a malformed chunk starts again in one pass, as the ingest does.
    static func records(_ reader: CSVReader, chunked: Bool = false) throws -> [(line: Int, fields: [String], malformed: Bool)] {
        let encoding = reader.dialect.encoding
        func parse(_ scanner: inout CSVScanner, lineShift: Int) throws -> [(line: Int, fields: [String], malformed: Bool)] {
            let bytes = scanner.bytes
            var out: [(line: Int, fields: [String], malformed: Bool)] = []
            var record = CSVRecord()
            while try scanner.next(into: &record) {
                out.append((record.line + lineShift, (0..<record.count).map { record.string($0, in: bytes, encoding: encoding) },
                            record.malformation != nil))
            }
            return out
        }
        guard chunked else {
            var whole = reader.scanner()
            return try parse(&whole, lineShift: 0)
        }
        var all: [(line: Int, fields: [String], malformed: Bool)] = []
        var line = reader.bodyFirstLine
        do {
            for chunk in reader.chunks(largest: 1 << 16, threads: 4) {
                var scanner = reader.scanner(chunk)
                all += try parse(&scanner, lineShift: line - 1)
                line += scanner.line - 1
            }
            return all
        } catch IngestError.malformedCSV {
            var whole = reader.scanner()
            return try parse(&whole, lineShift: 0)
        }
    }

    @Test("quotes, doubled quotes, embedded line breaks, CRLF, BOM, trailing delimiter, no final line end")
    func edges() throws {
        let text = "\u{FEFF}id;name;note;\r\n1;\"Dupont; Jean\";\"il a dit \"\"oui\"\"\";\r\n2;\"deux\r\nlignes\";;\r\n3;plain;last;"
        let path = try Self.write(text)
        let reader = try CSVReader(path: path, multilineFields: true)
        #expect(reader.dialect == CSVDialect(delimiter: UInt8(ascii: ";"), encoding: .utf8, headerOffset: 3))
        #expect(reader.header == ["id", "name", "note"])
        #expect(reader.trailingDelimiter)
        let rows = try Self.records(reader)
        #expect(rows.map(\.fields) == [["1", "Dupont; Jean", "il a dit \"oui\""], ["2", "deux\r\nlignes", ""], ["3", "plain", "last"]])
        #expect(rows.map(\.line) == [2, 3, 5])
        // Without multi-line fields (the default), the quote open at the end of line 3 breaks that
        // line alone; line 4 is read as a record of its own, and no line is lost.
        let single = try Self.records(try CSVReader(path: path))
        #expect(single.map(\.line) == [2, 3, 4, 5])
        #expect(single.map(\.malformed) == [false, true, false, false])
        #expect(single[2].fields == ["lignes\"", ""] && single[3].fields == ["3", "plain", "last"])
    }

    @Test("an unclosed quote breaks its own line only, with or without multi-line fields")
    func truncatedQuote() throws {
        let path = try Self.write("a,b\n1,2\n3,\"never closed\n4,5\n")
        for multiline in [false, true] {
            let rows = try Self.records(try CSVReader(path: path, multilineFields: multiline))
            #expect(rows.map(\.line) == [2, 3, 4], "multiline \(multiline)")
            #expect(rows.map(\.malformed) == [false, true, false])
            #expect(rows[2].fields == ["4", "5"])
        }
        // At the very end of a file (truncated), the last line is broken; nothing is thrown.
        let truncated = try Self.write("a,b\n1,2\n3,\"never clo")
        let rows = try Self.records(try CSVReader(path: truncated, multilineFields: true))
        #expect(rows.map(\.malformed) == [false, true])
    }

    @Test("a stray quote swallows no line: 100 lines with stray quotes read as 100 records")
    func strayQuotesLoseNoLine() throws {
        var text = "id;name;sex;note\n"
        for index in 1...100 {
            // A quote opened before a field and closed four lines later, as the issue reproduced.
            let sex = index % 10 == 3 ? "\"F" : index % 10 == 7 ? "M\"" : "F"
            text += "\(index);n\(index);\(sex);x\n"
        }
        let reader = try CSVReader(path: try Self.write(text))
        for chunked in [false, true] {
            let rows = try Self.records(reader, chunked: chunked)
            #expect(rows.count == 100 && rows.map(\.line) == Array(2...101))
            #expect(rows.filter(\.malformed).count == 10, "only the lines that open a quote are broken")
        }
        // With multi-line fields allowed, a quote that never closes within 8 lines breaks its own
        // line, and the lines it ran over are read again as records.
        let multiline = try Self.records(try CSVReader(path: try Self.write("a;b\n1;\"open\n2;x\n3;y\n4;z\n5;w\n6;v\n7;u\n8;t\n9;s\n"),
                                                         multilineFields: true))
        #expect(multiline.map(\.line) == Array(2...10))
        #expect(multiline.map(\.malformed) == [true] + [Bool](repeating: false, count: 8))
    }

    @Test("text after a closing quote breaks only its own record")
    func textAfterQuote() throws {
        let reader = try CSVReader(path: try Self.write("a,b\n1,\"x\"y\n2,z\n"))
        let rows = try Self.records(reader)
        #expect(rows.count == 2)
        #expect(rows[0].malformed && !rows[1].malformed)
        #expect(rows[1].fields == ["2", "z"] && rows[1].line == 3)
    }

    @Test("detects , ; tab | and Windows-1252; overrides win; ambiguity is an error")
    func detection() throws {
        for (delimiter, byte) in [(",", UInt8(ascii: ",")), (";", UInt8(ascii: ";")), ("\t", UInt8(ascii: "\t")), ("|", UInt8(ascii: "|"))] {
            let reader = try CSVReader(path: try Self.write("a\(delimiter)b\(delimiter)c\n1\(delimiter)2\(delimiter)3\n"))
            #expect(reader.dialect.delimiter == byte)
        }
        var latin: [UInt8] = []
        Windows1252.encode("Prénom;Décision\nHélène;Validation totale\n", into: &latin)
        let reader = try CSVReader(path: try Self.write(latin))
        #expect(reader.dialect.encoding == .windows1252)
        #expect(reader.header == ["Prénom", "Décision"])
        #expect(try Self.records(reader).first?.fields == ["Hélène", "Validation totale"])
        let utf8 = try CSVReader(path: try Self.write("Prénom;Décision\nHélène;VT\n"))
        #expect(utf8.dialect.encoding == .utf8 && utf8.header == ["Prénom", "Décision"])
        let forced = try CSVReader(path: try Self.write("a,b;c\n1,2;3\n"), delimiter: UInt8(ascii: ";"))
        #expect(forced.header == ["a,b", "c"])
        let path = try Self.write("a,b;c\n1,2;3\n")
        #expect(throws: IngestError.ambiguousDialect(file: path, detail: "both comma and semicolon split every line into 2 fields; give --delimiter")) {
            _ = try CSVReader(path: path)
        }
        let single = try Self.write("justonecolumn\nvalue\n")
        #expect(throws: IngestError.self) { _ = try CSVReader(path: single) }
        let empty = try Self.write("")
        for delimiter in [nil, UInt8(ascii: ",")] {
            #expect(throws: IngestError.malformedCSV(file: empty, line: 1, column: 1, detail: "the file is empty: expected a header line")) {
                _ = try CSVReader(path: empty, delimiter: delimiter)
            }
        }
    }

    /// Property: on random CSV files (quotes, embedded line breaks, CRLF, empty fields), parsing in
    /// chunks on several threads gives exactly the records and lines of one sequential pass, and
    /// both give back the fields that were written.
    @Test("chunked parsing (lines made absolute in order) equals one pass on random files", arguments: [1, 2, 3])
    func chunkedEqualsSequential(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let alphabet = Array("abcdéf 12;,\"\n\r".unicodeScalars)
        var written: [[String]] = []
        var text = "h1;h2;h3\n"
        for _ in 0..<30_000 {
            var fields: [String] = []
            var lineFeeds = 0
            for _ in 0..<3 {
                let length = rng.int(0...8)
                // At most 6 line feeds a record: within the 8 lines a multi-line record may span.
                let scalars = (0..<length).map { _ in alphabet[rng.int(0...(alphabet.count - 1))] }.filter { scalar in
                    guard scalar == "\n" else { return true }
                    lineFeeds += 1
                    return lineFeeds <= 6
                }
                fields.append(String(String.UnicodeScalarView(scalars)))
            }
            written.append(fields)
            text += fields.map { field in
                // Scalars, not Characters: "\r\n" is one Character that equals neither "\r" nor "\n".
                field.unicodeScalars.contains(where: { ";\"\n\r".unicodeScalars.contains($0) }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ";") + (rng.chance(0.5) ? "\r\n" : "\n")
        }
        let reader = try CSVReader(path: try Self.write(text), delimiter: UInt8(ascii: ";"), multilineFields: true)
        let sequential = try Self.records(reader)
        let parallel = try Self.records(reader, chunked: true)
        let firstMismatch = zip(sequential.map(\.fields), written).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(firstMismatch == nil, "record \(firstMismatch?.offset ?? -1): parsed \(firstMismatch?.element.0 ?? []) written \(firstMismatch?.element.1 ?? [])")
        #expect(sequential.count == written.count)
        #expect(parallel.map(\.fields) == sequential.map(\.fields))
        #expect(parallel.map(\.line) == sequential.map(\.line))
        let chunks = reader.chunks(largest: 1 << 16, threads: 4)
        #expect(chunks.count > 1, "the file should be cut in chunks")
        #expect(chunks.first?.range.lowerBound == reader.bodyStart && chunks.last?.range.upperBound == reader.file.bytes.count)
        #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0.range.upperBound == $1.range.lowerBound && reader.file.bytes[$1.range.lowerBound - 1] == 10 },
                "chunks tile the body and start after a line feed")
    }

    @Test("chunks cut inside quoted line breaks fall back to one sequential pass")
    func strayQuoteFallback() throws {
        var text = "a;b\n"
        for index in 0..<20_000 { text += index == 10 ? "1;5\" screen\n" : "\(index);\"x\ny\"\n" }
        let reader = try CSVReader(path: try Self.write(text), delimiter: UInt8(ascii: ";"), multilineFields: true)
        let parallel = try Self.records(reader, chunked: true)
        let sequential = try Self.records(reader)
        #expect(parallel.map(\.fields) == sequential.map(\.fields))
        #expect(parallel.count == 20_000)
    }

    /// Fuzz: random bytes and mutations of a valid file never crash or hang the reader.
    @Test("random bytes never crash the reader")
    func fuzz() throws {
        var rng = SplitMix64(seed: 99)
        let valid = Array("id;name\n1;\"a;b\"\n2;\"c\"\"d\"\n3;e\r\n".utf8)
        for trial in 0..<300 {
            var bytes: [UInt8]
            if trial % 2 == 0 {
                bytes = (0..<rng.int(0...200)).map { _ in [UInt8(ascii: ";"), UInt8(ascii: "\""), 10, 13, 0xE9, UInt8(ascii: "a")][rng.int(0...5)] }
            } else {
                bytes = valid
                for _ in 0..<rng.int(1...5) { bytes[rng.int(0...(bytes.count - 1))] = UInt8(truncatingIfNeeded: rng.next()) }
            }
            let path = try Self.write(bytes)
            for multiline in [false, true] {
                if let reader = try? CSVReader(path: path, delimiter: UInt8(ascii: ";"), multilineFields: multiline) {
                    _ = try? Self.records(reader, chunked: true)
                }
            }
        }
    }
}
