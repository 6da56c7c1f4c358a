@testable import Bench
import Foundation
@testable import Ingest
import Storage
import Support
import Testing

/// The row parsers fuzzed through the whole ingest path (scanner, mapped parser, rejects): lines of
/// a real Labour-ministry export damaged at random — identity values put under stored columns,
/// quotes, delimiters, line ends, control and non-UTF-8 bytes inserted, characters deleted, lines
/// cut. Whatever the damage: no trap, every line is a record that is stored or rejected, and no
/// reject keeps a value that is, or holds, an identity value of the file. Seeds replay exactly.
@Suite("Row parser fuzzing")
struct RowParserFuzzTests {
    static let key = try! PseudonymisationKey(bytes: AdversarialPrivacyTests.keyBytes)

    /// Undamaged lines of a generated export, and every identity value they hold, normalised.
    static let sample: (edit: RawFileEdit, identities: Set<String>) = {
        let directory = HarmonisedIngestTests.directory("fuzz-sample")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try? SampleGenerator.run(GeneratorOptions(rows: 4_000, seed: 17, defectRate: 0), directory: directory, harmonised: false)
        guard let edit = try? RawFileEdit(.travail, path: directory + "/raw/travail.csv") else { fatalError("no sample") }
        var identities = Set<String>()
        let columns = RawFileEdit.identityFields.compactMap(edit.column)
        for line in edit.lines {
            for column in columns where column < line.count {
                let value = Pseudonymiser.normalise(line[column])
                if value.count >= 3 { identities.insert(value) }
            }
        }
        return (edit, identities)
    }()

    static let insertions = [";", "\"", "\"\"", "\r", "\n", "\r\n", "\t", "é", "\u{1B}", "\u{0}", ";\"", "\";", " "]

    /// A damaged copy of `line`, as text (one or more physical lines).
    static func damaged(_ line: [String], edit: RawFileEdit, rng: inout SplitMix64) -> String {
        var fields = line
        let identity = RawFileEdit.identityFields.compactMap(edit.column), stored = RawFileEdit.storedFields.compactMap(edit.column)
        if rng.chance(0.6), let from = identity.randomElement(using: &rng), let to = stored.randomElement(using: &rng) {
            fields[to] = fields[from]
        }
        var text = Array(fields.joined(separator: ";"))
        for _ in 0..<rng.int(0...3) {
            switch rng.int(0...3) {
            case 0, 1: text.insert(contentsOf: insertions[rng.int(0...(insertions.count - 1))], at: rng.int(0...text.count))
            case 2 where !text.isEmpty: text.remove(at: rng.int(0...(text.count - 1)))
            default: text = Array(text.prefix(rng.int(0...text.count)))
            }
        }
        return String(text)
    }

    @Test("damaged lines: no trap, every line stored or rejected, no identity kept in a reject", arguments: [1, 2, 3, 4] as [UInt64])
    func fuzz(seed: UInt64) throws {
        let (edit, identities) = Self.sample
        #expect(edit.lines.count > 400 && identities.count > 1_000)
        let mapping = try RawIngestTests.mapping(.travail)
        var rng = SplitMix64(seed: seed)
        var kept = 0, rejected = 0
        // PARCOURS_FUZZ_FILES=2000 for a longer run by hand.
        let files = Int(ProcessInfo.processInfo.environment["PARCOURS_FUZZ_FILES"] ?? "") ?? 40
        for trial in 0..<files {
            var text = "\u{FEFF}" + edit.header.joined(separator: ";") + "\r\n"
            for _ in 0..<50 { text += Self.damaged(edit.lines[rng.int(0...(edit.lines.count - 1))], edit: edit, rng: &rng) + "\r\n" }
            // Sometimes bytes that are not UTF-8 at all.
            var bytes = Array(text.utf8)
            if trial % 7 == 3 { bytes.insert(0xE9, at: rng.int(bytes.count / 2...(bytes.count - 1))) }
            let file = try CSVReaderTests.write(bytes)
            let reader: CSVReader
            do {
                reader = try CSVReader(path: file, delimiter: UInt8(ascii: ";"), encoding: .utf8)
            } catch {
                continue  // a header broken by the damage: a clear error, nothing read
            }
            guard let resolution = try? HeaderResolution(header: reader.header, mapping: mapping, file: file) else { continue }
            let windows = try DateWindows(extractionDate: CivilDate(year: 2026, month: 1, day: 31))
            let parser = MappedRowParser(mapping: mapping, resolution: resolution, fieldCount: reader.header.count, encoding: .utf8,
                                         dateFormat: .dayMonthYear, key: Self.key, windows: windows)
            var scanner = reader.scanner()
            let part = try FileIngest.parsePart(&scanner, parser, reader: reader, maximumRows: .max)
            // Every physical line is one record, stored or rejected.
            #expect(part.rowsRead == reader.bodyLines(lineFeeds: part.lineCount), "trial \(trial)")
            #expect(part.rowsRead == (part.batch?.rowCount ?? 0) + part.rejected.count, "trial \(trial)")
            rejected += part.rejected.count
            for row in part.rejected {
                guard let value = row.value else { continue }
                kept += 1
                let normalised = Pseudonymiser.normalise(value)
                // Held inside: a name, or a long number (a date, a phone, a NIR); a five-digit postcode
                // inside a longer number is chance.
                let leaked = identities.contains(normalised)
                    || identities.contains { $0.count >= 5 && ($0.count >= 8 || $0.contains(where: \.isLetter)) && normalised.contains($0) }
                let line = String(decoding: bytes[row.byteOffset...].prefix { $0 != 10 }, as: UTF8.self)
                #expect(!leaked, "seed \(seed) trial \(trial) line \(row.line): \(row.column ?? "-") (\(row.reason)) kept \(value) from \(line.debugDescription)")
                #expect(value.unicodeScalars.allSatisfy { !Printable.needsEscape($0) }, "a kept value holds a control character")
            }
            try? FileManager.default.removeItem(atPath: (file as NSString).deletingLastPathComponent)
        }
        #expect(rejected > 500 && kept > 10, "the damage was rejected, and some harmless values kept (\(rejected) rejects, \(kept) values)")
    }
}
