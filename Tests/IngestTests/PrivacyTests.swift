@testable import Bench
import Foundation
import Ingest
@testable import Storage
import StorageTestSupport
import Testing

/// Runs the real `parcours` binary over the generator's raw files (which carry names, birth dates,
/// postcodes, e-mails, phones, NIR and addresses), then looks for every one of those values in
/// every byte of the store, in every text value of its catalog and segments, and in everything the
/// commands printed. None may be found; nor may the key.
@Suite("Privacy")
struct PrivacyTests {
    static var parcoursPath: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("parcours").path
    }

    /// Runs `parcours` to completion; its standard output and error.
    static func parcours(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let child = try ChildProcess(parcoursPath, arguments)
        let status = child.waitForExit()
        return (status, child.readOutput() + child.readErrors())
    }

    /// Every identifying value a raw file of the sample holds, in the forms files write them.
    static func identityValues(_ options: GeneratorOptions) -> Set<[UInt8]> {
        var values = Set<[UInt8]>()
        func add(_ text: String) {
            values.insert(Array(text.utf8))
            var latin: [UInt8] = []
            Windows1252.encode(text, into: &latin)
            values.insert(latin)
        }
        var generator = PathwayGenerator(options)
        while let synthetic = generator.next() {
            let person = synthetic.person
            for name in [person.birthName, person.usageName, person.firstName] {
                add(name)
                add(name.uppercased())
            }
            let birth = CivilDate(daysSinceEpoch: person.birthDate)
            add(birth.description)
            add(String(format: "%02d/%02d/%04d", birth.day, birth.month, birth.year))
            for text in [person.postcode, person.email, person.phone, person.nir, person.street] { add(text) }
        }
        return values
    }

    /// The values of `needles` (at least `minimum` bytes long) found in `haystack`.
    static func occurrences(of needles: Set<[UInt8]>, minimum: Int, in haystack: [UInt8]) -> Set<[UInt8]> {
        let candidates = needles.filter { $0.count >= minimum }
        var byPrefix: [[UInt8]: [[UInt8]]] = [:]
        for needle in candidates { byPrefix[Array(needle.prefix(minimum)), default: []].append(needle) }
        var found = Set<[UInt8]>()
        guard haystack.count >= minimum else { return found }
        for start in 0...(haystack.count - minimum) {
            guard let matches = byPrefix[Array(haystack[start..<(start + minimum)])] else { continue }
            for needle in matches where start + needle.count <= haystack.count && haystack[start..<(start + needle.count)].elementsEqual(needle) {
                found.insert(needle)
            }
        }
        return found
    }

    @Test("no identity value of the input, nor the key, reaches the store or any output")
    func nothingIdentifyingIsKept() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.parcoursPath), "build the parcours executable first")
        let directory = HarmonisedIngestTests.directory("privacy")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let options = GeneratorOptions(rows: 3_000, seed: 13, defectRate: 0.03)
        _ = try SampleGenerator.run(options, directory: directory + "/files", harmonised: false)
        let keyBytes = Array("privacy test key: 32 secret bytes".utf8)
        try Data(keyBytes).write(to: URL(fileURLWithPath: directory + "/key"))
        let store = directory + "/store"
        var outputs = ""
        for style in RawFileStyle.all {
            let run = try Self.parcours(["ingest", store, directory + "/files/raw/\(style.name).csv",
                                         "--mapping", RawIngestTests.mappingsDirectory + "/\(style.name).json5",
                                         "--key-file", directory + "/key"])
            #expect(run.status == 0, "ingest \(style.name): \(run.output)")
            outputs += run.output
        }
        for command in [["rejects", store, "--limit", "0"], ["describe", store], ["log", store], ["verify", store]] {
            let run = try Self.parcours(command)
            #expect(run.status == 0, "\(command[0]): \(run.output)")
            outputs += run.output
        }
        #expect(outputs.contains("rejected"), "the commands printed their reports")

        let identities = Self.identityValues(options)
        #expect(identities.count > 10_000)
        // The search finds what is there: the raw files themselves are full of identities.
        for style in RawFileStyle.all {
            let raw = try #require(FileManager.default.contents(atPath: directory + "/files/raw/\(style.name).csv").map(Array.init))
            #expect(Self.occurrences(of: identities, minimum: 8, in: raw).count > 500, "control: \(style.name)")
        }
        // 1. Every byte of every file of the store (segments are compressed: long values only, where
        //    a chance match in binary data is impossible).
        var storeFiles = 0
        for file in FileManager.default.enumerator(atPath: store)!.compactMap({ $0 as? String }) {
            let path = store + "/" + file
            guard let bytes = FileManager.default.contents(atPath: path).map(Array.init) else { continue }
            storeFiles += 1
            let found = Self.occurrences(of: identities, minimum: 8, in: bytes)
            #expect(found.isEmpty, "\(file) holds \(found.prefix(5).map { String(decoding: $0, as: UTF8.self) })")
            #expect(Self.occurrences(of: [keyBytes], minimum: 8, in: bytes).isEmpty, "\(file) holds the key")
        }
        #expect(storeFiles >= 3)
        // 2. Every text value in the catalog and every string value in the segments, whole values.
        let catalog = try SQLiteDatabase(path: store + "/catalog.sqlite", readOnly: true)
        var texts: [[UInt8]] = []
        for table in try catalog.query("SELECT name FROM sqlite_master WHERE type = 'table'").map({ try $0.text(0) }) {
            for row in try catalog.query("SELECT * FROM \"\(table)\"") {
                for value in row.values { if case .text(let text) = value { texts.append(Array(text.utf8)) } }
            }
        }
        let snapshot = try Store.open(at: store).snapshot().table(PathwaySchema.tableName)
        for segment in snapshot.segments {
            for column in try snapshot.read(segment, columns: Array(0..<snapshot.schema.count)) {
                for row in 0..<column.count { if case .text(let text)? = column.value(at: row) { texts.append(Array(text.utf8)) } }
            }
        }
        let leaked = texts.filter { identities.contains($0) }
        #expect(leaked.isEmpty, "stored text values that identify: \(leaked.prefix(5).map { String(decoding: $0, as: UTF8.self) })")
        // 3. Everything the commands printed (text: values of four bytes and more). The test's own
        //    folder, a random name printed with every file, is taken out first: its hex digits
        //    could hold a postcode by chance.
        let printed = Self.occurrences(of: identities, minimum: 4, in: Array(outputs.replacingOccurrences(of: directory, with: "<dir>").utf8))
        #expect(printed.isEmpty, "printed: \(printed.prefix(5).map { String(decoding: $0, as: UTF8.self) })")
        #expect(!outputs.contains(String(decoding: keyBytes, as: UTF8.self)))
    }
}
