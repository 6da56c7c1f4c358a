import Foundation

/// A query result written to a file by `COPY … TO`: CSV (RFC 4180 with the statement's options;
/// an empty string quoted, so that it differs from NULL; the one CSV writer of query results, the
/// CLI's CSV mode included) or newline-delimited JSON objects. The
/// file is written under a temporary name in the same folder, flushed to disk, then renamed over
/// the target: a file that exists is replaced whole or not at all, never left half-written.
enum ResultFile {
    static func write(_ result: QueryResult, to path: String, options: CopyOptions) throws(QueryError) {
        var text = ""
        switch options.format {
        case .csv: csv(result, options, into: &text)
        case .json: json(result, into: &text)
        }
        try replaceAtomically(path, with: Data(text.utf8))
    }

    static func csv(_ result: QueryResult, _ options: CopyOptions, into text: inout String) {
        let quote = options.quote, delimiter = options.delimiter
        func field(_ value: String, text: Bool = false) -> String {
            let numeric = text && options.quotesNumericText && Double(value.trimmingCharacters(in: .whitespaces)) != nil
            let needsQuotes = numeric || value.isEmpty || value == options.nullString || value.contains(where: { character in
                String(character) == delimiter || String(character) == quote || character == "\n" || character == "\r" })
            return needsQuotes ? quote + value.replacingOccurrences(of: quote, with: quote + quote) + quote : value
        }
        if options.header {
            text += result.columns.map { field($0.name) }.joined(separator: delimiter) + "\n"
        }
        for row in 0..<result.rowCount {
            var line: [String] = []
            line.reserveCapacity(result.columns.count)
            for column in result.columns.indices {
                switch result.value(row: row, column: column) {
                case .null: line.append(options.nullString)
                case .date(let days) where options.dateFormat != nil: line.append(field(options.dateFormat?.format(days: days) ?? ""))
                case .varchar(let text): line.append(field(text, text: true))
                case let value: line.append(field(value.description))
                }
            }
            // A lone NULL would be a blank line, which CSV readers skip: it is quoted instead.
            let joined = line.joined(separator: delimiter)
            text += (joined.isEmpty && result.columns.count == 1 ? quote + quote : joined) + "\n"
        }
    }

    static func json(_ result: QueryResult, into text: inout String) {
        let names = result.columns.map { JSONText.quoted($0.name) }
        for row in 0..<result.rowCount {
            text += "{" + result.columns.indices.map { "\(names[$0]):\(JSONText.value(result.value(row: row, column: $0)))" }
                .joined(separator: ",") + "}\n"
        }
    }

    /// Writes `data` to a temporary file beside `path`, syncs it, and renames it to `path`.
    static func replaceAtomically(_ path: String, with data: Data) throws(QueryError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw .execution("COPY: the folder \(folder) does not exist")
        }
        let temporary = folder + "/." + url.lastPathComponent + ".parcours-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw .execution("COPY: cannot write in \(folder): \(String(cString: strerror(errno)))") }
        var failure: String?
        data.withUnsafeBytes { bytes in
            var written = 0
            while written < bytes.count, let base = bytes.baseAddress {
                let count = Glibc.write(descriptor, base + written, bytes.count - written)
                if count < 0 { if errno == EINTR { continue }; failure = String(cString: strerror(errno)); return }
                written += count
            }
        }
        if failure == nil && fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        close(descriptor)
        if failure == nil && rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw .execution("COPY: cannot write \(path): \(failure)")
        }
    }
}

extension QueryResult {
    /// The result as CSV with a header line and DuckDB's defaults (what `COPY … TO 'f.csv'`
    /// writes); `quotingNumericText`: text that reads as a number quoted too (the CLI's CSV mode).
    public func csvText(quotingNumericText: Bool = false) -> String {
        var options = CopyOptions()
        options.quotesNumericText = quotingNumericText
        var text = ""
        ResultFile.csv(self, options, into: &text)
        return text
    }

    /// The result as newline-delimited JSON objects (what `COPY … TO 'f.json'` writes).
    public func jsonText() -> String {
        var text = ""
        ResultFile.json(self, into: &text)
        return text
    }
}

#if canImport(Glibc)
import Glibc
#endif
