import Foundation

import Parquet

/// A query's rows written to a file by `COPY … TO`: CSV (see `CSVFormatter`), newline-delimited
/// JSON objects, or Parquet (see `ParquetTypeMap`). Rows stream from the executor in batches
/// (a store segment's rows, about 122,880), formatted or encoded on the query's threads and
/// written in order; the whole result is never held unless the plan computes it whole (a sort,
/// an aggregate). The file is written under a temporary name in the same folder, flushed to
/// disk, then renamed over the target: a file that exists is replaced whole or not at all.
enum ResultFile {
    /// Rows per batch: a Parquet row group (DuckDB's row group size), a slice of CSV text.
    static let batchRows = 122_880

    /// Writes the rows of `plan` run by `executor`; returns how many were written.
    static func write(_ plan: PlanNode, executor: Executor, to path: String, options: CopyOptions) throws(QueryError) -> Int {
        let columns = plan.columns.map { QueryResult.Column(name: $0.name, type: $0.type) }
        let types = columns.map(\.type)
        var rows = 0
        try replaceAtomically(path) { (append: ([UInt8]) throws(QueryError) -> Void) throws(QueryError) in
            switch options.format {
            case .csv:
                let formatter = CSVFormatter(options)
                if options.byteOrderMark { try append([0xEF, 0xBB, 0xBF]) }
                if options.header {
                    var header: [UInt8] = []
                    formatter.header(columns.map(\.name), into: &header)
                    try append(header)
                }
                try executor.stream(plan, batchRows: batchRows, transform: { (_, relation) throws(QueryError) in
                    var text: [UInt8] = []
                    try formatter.rows(relation, into: &text)
                    return (relation.count, text)
                }, consume: { (batch: (Int, [UInt8])) throws(QueryError) in
                    rows += batch.0
                    try append(batch.1)
                })
            case .json:
                try executor.stream(plan, batchRows: batchRows, transform: { (_, relation) throws(QueryError) in
                    var text = ""
                    json(QueryResult(columns: columns, relation: relation), into: &text)
                    return (relation.count, Array(text.utf8))
                }, consume: { (batch: (Int, [UInt8])) throws(QueryError) in
                    rows += batch.0
                    try append(batch.1)
                })
            case .parquet:
                rows = try parquet(plan, executor: executor, columns: columns, types: types, options: options, append: append)
            }
        }
        return rows
    }

    private static func parquet(_ plan: PlanNode, executor: Executor, columns: [QueryResult.Column], types: [SQLType],
                                options: CopyOptions, append: ([UInt8]) throws(QueryError) -> Void) throws(QueryError) -> Int {
        let schema = columns.map { ParquetColumn(name: $0.name, type: ParquetTypeMap.type($0.type)) }
        var parquetOptions = ParquetOptions()
        parquetOptions.compression = options.compression
        let encoders = (0..<executor.threads).map { _ in ParquetRowGroupEncoder(columns: schema, options: parquetOptions) }
        /// A step of the Parquet writer, its error as the query's.
        func step<T>(_ body: () throws(ParquetError) -> T) throws(QueryError) -> T {
            do { return try body() } catch { throw ParquetTypeMap.error(error, columns: columns) }
        }
        var file = try step { () throws(ParquetError) in try ParquetFileBuilder(columns: schema, options: parquetOptions) }
        try append(file.start())
        try executor.stream(plan, batchRows: options.rowGroupSize ?? batchRows, transform: { (worker, relation) throws(QueryError) in
            let data = relation.columns.indices.map { ParquetTypeMap.data(relation.columns[$0], type: types[$0]) }
            return try step { () throws(ParquetError) in try encoders[worker].encode(data, rows: relation.count) }
        }, consume: { (group: EncodedRowGroup) throws(QueryError) in
            try append(try step { () throws(ParquetError) in try file.place(group) })
        })
        try append(try step { () throws(ParquetError) in try file.finish() })
        return file.rowCount
    }

    static func json(_ result: QueryResult, into text: inout String) {
        let names = result.columns.map { JSONText.quoted($0.name) }
        for row in 0..<result.rowCount {
            text += "{" + result.columns.indices.map { "\(names[$0]):\(JSONText.value(result.value(row: row, column: $0)))" }
                .joined(separator: ",") + "}\n"
        }
    }

    /// Runs `produce` with a function that appends text to a temporary file beside `path` (and
    /// empties the text), then syncs the file and renames it to `path`; on any failure the
    /// temporary file is removed and `path` is left as it was.
    static func replaceAtomically(_ path: String,
                                  _ produce: (([UInt8]) throws(QueryError) -> Void) throws(QueryError) -> Void) throws(QueryError) {
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
        func append(_ bytes: [UInt8]) throws(QueryError) {
            var written = 0
            bytes.withUnsafeBytes { buffer in
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
        let formatter = CSVFormatter(options)
        var bytes: [UInt8] = []
        formatter.header(columns.map(\.name), into: &bytes)
        try? formatter.rows(relation, into: &bytes) // a result in memory holds less than 4 GiB per row
        return String(decoding: bytes, as: UTF8.self)
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
