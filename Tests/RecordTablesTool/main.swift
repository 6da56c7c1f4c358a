import Foundation
import QueryRecordTables

// Writes the test records' tables for DuckDB (schema.sql and one JSON-lines file per table) into
// the folder given as the only argument; run by scripts/record-query-tests.
let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: parcours-record-tables DIRECTORY\n".utf8))
    exit(2)
}
do {
    try RecordTables.dump(to: arguments[1])
} catch {
    FileHandle.standardError.write(Data("parcours-record-tables: \(error)\n".utf8))
    exit(1)
}
