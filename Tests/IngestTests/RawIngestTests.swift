@testable import Bench
import Foundation
import Testing
@testable import Ingest
import Storage

/// The generator's three raw certifier styles, ingested through the mappings shipped in `mappings/`.
@Suite("Raw certifier files")
struct RawIngestTests {
    static let key = try! PseudonymisationKey(bytes: Array("raw-ingest test key, 32 bytes ok".utf8))
    static let options = GeneratorOptions(rows: 12_000, seed: 5, defectRate: 0.02)

    static var mappingsDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("mappings").path
    }

    static func mapping(_ style: RawFileStyle) throws -> Mapping {
        try Mapping.load(path: mappingsDirectory + "/\(style.name).json5")
    }

    /// `raw/defects.csv`: (file, line) → (defect, dossier).
    static func manifest(_ directory: String) throws -> [String: [Int: (defect: String, dossier: String)]] {
        let text = try String(contentsOfFile: directory + "/raw/defects.csv", encoding: .utf8)
        var result: [String: [Int: (String, String)]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",").map(String.init)
            result[fields[0], default: [:]][Int(fields[1])!] = (fields[2], fields[3])
        }
        return result
    }

    /// The generated pathways of `style`'s certifiers, as the ingest must store them: pathway id
    /// and pseudonym computed from the dossier and the identity (the pseudonym through the
    /// `String` path, independent of the ingest's byte-level folding), columns the style lacks null.
    /// `workbook`: the rows come from the style's `.xlsx` file, whose strings are Unicode (a
    /// Windows-1252 CSV file loses the letters it lacks).
    static func expectedRows(_ style: RawFileStyle, excluding dossiers: Set<String>, workbook: Bool = false) -> [Int64: Pathway] {
        let pseudonymiser = Pseudonymiser(key: key)
        let hash = key.pathwayKeyHash
        var generator = PathwayGenerator(options)
        var rows: [Int64: Pathway] = [:]
        let fields = Set(style.columns.map { "\($0.field)" })
        while let synthetic = generator.next() {
            var p = synthetic.pathway
            guard style.certifiers.map(\.rawValue).contains(p.certifier), !dossiers.contains(synthetic.dossier) else { continue }
            let keyBytes = Array((p.certifier + "\u{1F}" + synthetic.dossier).utf8)
            p.pathwayID = Int64(bitPattern: keyBytes.withUnsafeBytes { hash.hash($0) } >> 1)
            // A Windows-1252 file cannot hold every name ("Kovač" becomes "KOVA?"): the pseudonym is
            // that of the name as the file holds it, as in real exports.
            func asWritten(_ name: String) -> String {
                guard style.windows1252 && !workbook else { return name }
                var bytes: [UInt8] = []
                Windows1252.encode(name, into: &bytes)
                return Windows1252.decode(bytes)
            }
            p.candidateID = try! pseudonymiser.pseudonym(birthName: asWritten(synthetic.person.birthName),
                                                          firstName: asWritten(synthetic.person.firstName),
                                                          birthDate: synthetic.person.birthDate)
            if !fields.contains("infoDate") { p.infoDate = nil }
            rows[p.pathwayID] = p
        }
        return rows
    }

    static func storedRows(_ store: Store) throws -> [Int64: Pathway] {
        try rows(of: try store.snapshot().table(PathwaySchema.tableName))
    }

    static func rows(of table: TableSnapshot) throws -> [Int64: Pathway] {
        var rows: [Int64: Pathway] = [:]
        var scan = try table.scan(columns: PathwaySchema.columnNames)
        while let batch = try scan.next() {
            batch.forEachRow { row in
                let p = PathwayColumnsReader.pathway(batch.columns, row)
                rows[p.pathwayID] = p
            }
        }
        return rows
    }

    @Test("each style ingests with exactly the manifest's rejects, and stores exactly the generated pathways",
          arguments: RawFileStyle.all.map(\.name))
    func styles(name: String) throws {
        let style = RawFileStyle.all.first { $0.name == name }!
        let directory = HarmonisedIngestTests.directory("raw-\(name)")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try SampleGenerator.run(Self.options, directory: directory, harmonised: false, workbooks: true)
        let csv = try checkStyle(style, directory: directory, format: "csv")
        // The same rows as a workbook (`parcours generate --xlsx`): the same rejects on the same
        // (row) numbers, for the same reasons; a row that lost a column in the CSV file has one too
        // many in the sheet.
        let workbook = try checkStyle(style, directory: directory, format: "xlsx")
        #expect(csv.count == workbook.count)
        for (line, reason) in csv {
            if reason.hasPrefix("wrong column count") {
                #expect(workbook[line]?.hasPrefix("wrong column count: a value beyond the header's last column") == true, "row \(line): \(workbook[line] ?? "not rejected")")
            } else {
                #expect(workbook[line] == reason, "row \(line)")
            }
        }
    }

    /// Ingests `style`'s file in `format` and checks it; its rejects' reasons by line.
    private func checkStyle(_ style: RawFileStyle, directory: String, format: String) throws -> [Int: String] {
        let name = style.name
        let defects = try Self.manifest(directory)["\(name).\(format)"] ?? [:]
        #expect(Set(defects.values.map(\.defect)) == Set(RawDefect.allCases.map(\.rawValue)), "every defect kind is exercised")

        let store = try Store.create(at: directory + "/store-\(format)", options: StoreOptions(rowGroupSize: 2_048))
        var options = IngestOptions()
        options.chunkBytes = 1 << 18
        let summary = try FileIngest.run(file: directory + "/raw/\(name).\(format)", into: store, mapping: try Self.mapping(style),
                                         key: Self.key, options: options)
        let rejectedLines = Set(summary.rejected.map(\.line))
        #expect(rejectedLines == Set(defects.keys), "\(format): rejected lines differ from the manifest's")
        #expect(summary.rejected.count == defects.count)
        for row in summary.rejected where defects[row.line]?.defect == RawDefect.duplicatedRow.rawValue {
            #expect(row.reason.hasPrefix("duplicated pathway"))
        }
        #expect(summary.rowsRead == summary.rowsStored + summary.rejected.count)

        // A duplicated row's first copy is stored; rows with any other defect are not.
        let excluded = Set(defects.values.filter { $0.defect != RawDefect.duplicatedRow.rawValue }.map(\.dossier))
        let expected = Self.expectedRows(style, excluding: excluded, workbook: format == "xlsx")
        let stored = try Self.storedRows(store)
        #expect(stored.count == expected.count)
        var mismatches = 0
        for (id, pathway) in expected where stored[id] != pathway {
            mismatches += 1
            if mismatches <= 3 { Issue.record("\(format): pathway \(id): stored \(String(describing: stored[id])), expected \(pathway)") }
        }
        #expect(mismatches == 0)
        let batch = try #require(try IngestLedger(store).batches().first)
        #expect(batch.mapping == name && batch.keyFingerprint == Self.key.fingerprint)
        #expect(try store.verify().isHealthy)
        return Dictionary(summary.rejected.map { ($0.line, $0.reason) }, uniquingKeysWith: { first, _ in first })
    }

    @Test("a raw file needs the key; a store refuses a batch under another key and stays as it was")
    func keys() throws {
        let directory = HarmonisedIngestTests.directory("raw-keys")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try SampleGenerator.run(GeneratorOptions(rows: 2_000, seed: 8), directory: directory, harmonised: false)
        let store = try Store.create(at: directory + "/store")
        let educ = try Self.mapping(.educationNationale), sante = try Self.mapping(.santeSocial)
        #expect(throws: PrivacyError.noKey) {
            _ = try FileIngest.run(file: directory + "/raw/educ-nat.csv", into: store, mapping: educ, key: nil)
        }
        _ = try FileIngest.run(file: directory + "/raw/educ-nat.csv", into: store, mapping: educ, key: Self.key)
        let before = try store.log()
        let other = try PseudonymisationKey(bytes: Array("a different key, also long enough".utf8))
        let file = directory + "/raw/sante-social.csv"
        #expect(throws: IngestError.keyMismatch(file: file, storeFingerprint: Self.key.fingerprint, givenFingerprint: other.fingerprint)) {
            _ = try FileIngest.run(file: file, into: store, mapping: sante, key: other)
        }
        #expect(try store.log() == before)
        _ = try FileIngest.run(file: file, into: store, mapping: sante, key: Self.key)
        #expect(try IngestLedger(store).batches().count == 2)
    }
    @Test("a newer extraction supersedes the older rows of the same dossiers, atomically; older snapshots keep them")
    func newerExtraction() throws {
        let directory = HarmonisedIngestTests.directory("raw-supersede")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try SampleGenerator.run(GeneratorOptions(rows: 4_000, seed: 9), directory: directory, harmonised: false)
        let v1 = directory + "/raw/educ-nat.csv"
        let mapping = try Self.mapping(.educationNationale)
        let store = try Store.create(at: directory + "/store", options: StoreOptions(rowGroupSize: 500))
        let first = try FileIngest.run(file: v1, into: store, mapping: mapping, key: Self.key)

        // The newer extraction: 150 clean rows of the first, their "Situation" now "Autre", and
        // one dossier the first did not have.
        let defects = try Self.manifest(directory)["educ-nat.csv"] ?? [:]
        let defectDossiers = Set(defects.values.map(\.dossier))
        let lines = try Data(contentsOf: URL(fileURLWithPath: v1)).split(separator: 0x0A, omittingEmptySubsequences: false)
        let employment = RawFileStyle.educationNationale.columns.firstIndex { $0.header == "Situation" }!
        var newer = [Array(lines[0])]
        for line in lines.dropFirst().prefix(400) {
            var fields = line.split(separator: 0x3B, omittingEmptySubsequences: false).map(Array.init)
            guard fields.count == 20, !defectDossiers.contains(String(decoding: fields[0], as: UTF8.self)), newer.count <= 150 else { continue }
            fields[employment] = Array("Autre".utf8)
            newer.append(Array(fields.joined(separator: [0x3B])))
        }
        var added = newer[1].split(separator: 0x3B, omittingEmptySubsequences: false).map(Array.init)
        added[0] = Array("ED9999999".utf8)
        newer.append(Array(added.joined(separator: [0x3B])))
        let v2 = directory + "/educ-nat-2.csv"
        try Data(Array(newer.joined(separator: [0x0A])) + [0x0A]).write(to: URL(fileURLWithPath: v2))

        let second = try FileIngest.run(file: v2, into: store, mapping: mapping, key: Self.key)
        #expect(second.rejected.isEmpty)
        #expect(second.rowsStored == 151 && second.rowsSuperseded == 150)
        let table = try store.snapshot().table(PathwaySchema.tableName)
        #expect(table.rowCount == first.rowsStored + 1 && table.deletedRowCount == 150)
        let now = try Self.storedRows(store), before = try Self.rows(of: try store.snapshot(asOf: first.snapshot).table(PathwaySchema.tableName))
        #expect(now.count == first.rowsStored + 1 && before.count == first.rowsStored)
        let changed = now.filter { $0.value.employmentStatus == "OTHER" && before[$0.key]?.employmentStatus != "OTHER" }
        #expect(changed.count >= 100, "the newer rows are the live ones")
        for (id, pathway) in now where before[id] != nil {
            var older = before[id]!
            older.employmentStatus = pathway.employmentStatus
            #expect(older == pathway, "only the employment status changed")
        }
        let batches = try IngestLedger(store).batches()
        #expect(batches.last?.rowsSuperseded == 150)
        #expect(try store.log().last?.rowsDeleted == 150)
        #expect(try store.verify().isHealthy)
    }
}

/// Reads `Pathway`s back from scanned columns (tests only: a value at a time).
enum PathwayColumnsReader {
    static func pathway(_ columns: [Column], _ row: Int) -> Pathway {
        func integer(_ index: Int) -> Int64? {
            if case .integer(let value) = columns[index].value(at: row) { return value }
            return nil
        }
        func text(_ index: Int) -> String? {
            if case .text(let value) = columns[index].value(at: row) { return value }
            return nil
        }
        func date(_ index: Int) -> Int32? { integer(index).map { Int32($0) } }
        var p = Pathway(pathwayID: integer(0)!, candidateID: UInt64(bitPattern: integer(1)!), certifier: text(2)!,
                        certificationCode: text(3)!, applicationDate: date(12)!)
        p.level = integer(4).map { Int8($0) }
        p.region = text(5)
        p.department = text(6)
        p.sex = text(7)
        p.birthYear = integer(8).map { Int16($0) }
        p.employmentStatus = text(9)
        p.funding = text(10)
        p.infoDate = date(11)
        p.admissibilityDate = date(13)
        p.admissible = integer(14).map { $0 != 0 }
        p.supportStartDate = date(15)
        p.portfolioDate = date(16)
        p.juryDate = date(17)
        p.outcome = text(18)
        p.outcomeDate = date(19)
        return p
    }
}

