import Foundation

/// A query result written to a file by `COPY … TO`: CSV (RFC 4180 with the statement's options;
/// an empty string quoted, so that it differs from NULL; the one CSV writer of query results, the
/// CLI's CSV mode included) or newline-delimited JSON objects. The
/// file is written under a temporary name in the same folder, flushed to disk, then renamed over
/// the target: a file that exists is replaced whole or not at all, never left half-written. The
/// text goes to the file in slices of about 1 MiB, never whole in memory.
enum ResultFile {
    /// Text is handed on once it holds this many bytes.
    static let sliceBytes = 1 << 20

    static func write(_ result: QueryResult, to path: String, options: CopyOptions) throws(QueryError) {
        try replaceAtomically(path) { (flush: (inout String) throws(QueryError) -> Void) throws(QueryError) in
            var text = ""
            switch options.format {
            case .csv: try csv(result, options, into: &text, flush: flush)
            case .json: try json(result, into: &text, flush: flush)
            }
            try flush(&text)
        }
    }

    /// Appends the CSV text of `result` to `text`, handing it to `flush` (which empties it)
    /// whenever it passes `sliceBytes`.
    static func csv(_ result: QueryResult, _ options: CopyOptions, into text: inout String,
                    flush: (inout String) throws(QueryError) -> Void = { _ in }) throws(QueryError) {
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
            if text.utf8.count >= sliceBytes { try flush(&text) }
        }
    }

    static func json(_ result: QueryResult, into text: inout String,
                     flush: (inout String) throws(QueryError) -> Void = { _ in }) throws(QueryError) {
        let names = result.columns.map { JSONText.quoted($0.name) }
        for row in 0..<result.rowCount {
            text += "{" + result.columns.indices.map { "\(names[$0]):\(JSONText.value(result.value(row: row, column: $0)))" }
                .joined(separator: ",") + "}\n"
            if text.utf8.count >= sliceBytes { try flush(&text) }
        }
    }

    /// Runs `produce` with a function that appends text to a temporary file beside `path` (and
    /// empties the text), then syncs the file and renames it to `path`; on any failure the
    /// temporary file is removed and `path` is left as it was.
    static func replaceAtomically(_ path: String,
                                  _ produce: ((inout String) throws(QueryError) -> Void) throws(QueryError) -> Void) throws(QueryError) {
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
        func append(_ text: inout String) throws(QueryError) {
            var written = 0
            var bytes = text.utf8.withContiguousStorageIfAvailable { Array($0) } ?? Array(text.utf8)
            text = ""
            bytes.withUnsafeMutableBytes { buffer in
                while written < buffer.count, let base = buffer.baseAddress {
                    let count = Glibc.write(descriptor, base + written, buffer.count - written)
                    if count < 0 { if errno == EINTR { continue }; failure = String(cString: strerror(errno)); return }
                    written += count
                }
            }
            if let failure { throw .execution("COPY: cannot write \(path): \(failure)") }
        }
        do {
            try produce(append)
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
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
        try? ResultFile.csv(self, options, into: &text)
        return text
    }

    /// The result as newline-delimited JSON objects (what `COPY … TO 'f.json'` writes).
    public func jsonText() -> String {
        var text = ""
        try? ResultFile.json(self, into: &text)
        return text
    }
}

#if canImport(Glibc)
import Glibc
#endif
