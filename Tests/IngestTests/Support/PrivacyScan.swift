@testable import Bench
import Foundation
import Ingest
@testable import Storage
import StorageTestSupport

/// What the privacy tests share: the identity values a generated sample holds, running the real
/// `parcours` binary, and a search of every byte of a store (catalog, its log, segments) and of
/// what commands printed for any of those values.
enum PrivacyScan {
    static var parcoursPath: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("parcours").path
    }

    /// Runs `parcours` to completion; its standard output and error.
    static func parcours(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let child = try ChildProcess(parcoursPath, arguments)
        let run = child.collect()
        return (run.status, run.output + run.errors)
    }

    /// Runs `parcours` as another user (`setpriv`, so the test needs root).
    static func parcours(as user: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let child = try ChildProcess("/usr/bin/setpriv", ["--reuid=\(user)", "--regid=nogroup", "--clear-groups", parcoursPath] + arguments)
        let run = child.collect()
        return (run.status, run.output + run.errors)
    }

    /// `text` in the forms files write it: UTF-8 and Windows-1252.
    static func encodings(_ text: String) -> [[UInt8]] {
        var latin: [UInt8] = []
        Windows1252.encode(text, into: &latin)
        return [Array(text.utf8), latin]
    }

    /// Every identifying value a raw file of the sample holds, in the forms files write them.
    static func identityValues(_ options: GeneratorOptions) -> Set<[UInt8]> {
        var values = Set<[UInt8]>()
        func add(_ text: String) { for form in encodings(text) { values.insert(form) } }
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

    /// Identity values found in `store`: in every byte of every file (catalog, WAL, segments;
    /// long values only in raw bytes, where a chance match in compressed data is impossible), and
    /// as whole text values of the catalog and of the segments' strings.
    static func leaks(in store: String, identities: Set<[UInt8]>) throws -> [String] {
        var found: [String] = []
        guard let files = FileManager.default.enumerator(atPath: store)?.compactMap({ $0 as? String }) else { return ["no store at \(store)"] }
        for file in files {
            guard let bytes = FileManager.default.contents(atPath: store + "/" + file).map(Array.init) else { continue }
            for value in occurrences(of: identities, minimum: 8, in: bytes) {
                found.append("\(file) holds \(String(decoding: value, as: UTF8.self))")
            }
        }
        let catalog = try SQLiteDatabase(path: store + "/catalog.sqlite", readOnly: true)
        var texts: [[UInt8]] = []
        for table in try catalog.query("SELECT name FROM sqlite_master WHERE type = 'table'").map({ try $0.text(0) }) {
            for row in try catalog.query("SELECT * FROM \"\(table)\"") {
                for value in row.values { if case .text(let text) = value { texts.append(Array(text.utf8)) } }
            }
        }
        if let table = try Store.open(at: store).snapshot().tables.first(where: { $0.name == PathwaySchema.tableName }) {
            for segment in table.segments {
                for column in try table.read(segment, columns: Array(0..<table.schema.count)) {
                    for row in 0..<column.count { if case .text(let text)? = column.value(at: row) { texts.append(Array(text.utf8)) } }
                }
            }
        }
        for text in texts where identities.contains(text) {
            found.append("a stored text value holds an identity: \(String(decoding: text, as: UTF8.self).prefix(60))")
        }
        return found
    }

    /// Identity values printed (four bytes and more). Taken out first: `directory` (a random test
    /// folder named in every path printed) and files' SHA-256 digests — hex strings whose digits
    /// can hold a postcode by chance.
    static func printed(_ output: String, identities: Set<[UInt8]>, directory: String) -> [String] {
        let cleaned = output.replacingOccurrences(of: directory, with: "<dir>")
            .replacingOccurrences(of: "sha256 [0-9a-f]+", with: "sha256 <digest>", options: .regularExpression)
        return occurrences(of: identities, minimum: 4, in: Array(cleaned.utf8)).map { value in
            let text = String(decoding: value, as: UTF8.self)
            // With where it was printed, for the failure's message.
            guard let range = cleaned.range(of: text) else { return text }
            let start = cleaned.index(range.lowerBound, offsetBy: -40, limitedBy: cleaned.startIndex) ?? cleaned.startIndex
            let end = cleaned.index(range.upperBound, offsetBy: 40, limitedBy: cleaned.endIndex) ?? cleaned.endIndex
            return "\(text) in …\(cleaned[start..<end])…"
        }
    }
}
