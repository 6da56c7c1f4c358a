/// Turns one CSV record into a validated pathway row, or into the reason it is refused.
///
/// One parser serves every thread: it is immutable. What a thread needs to itself (scratch
/// buffers, a prepared HMAC) lives in its `Context`, made once per chunk, so parsing a row
/// allocates nothing. Generic, not an existential: the ingest loop is specialised per parser.
protocol RowParser: Sendable {
    associatedtype Context
    func makeContext() -> Context
    func parse(_ record: CSVRecord, _ bytes: UnsafeRawBufferPointer, _ context: inout Context) -> Result<ParsedRow, RowProblem>
}

/// A row that passed every check, and the bytes of its certification code (in the file).
struct ParsedRow {
    var row: PathwayRow
    var certificationCode: UnsafeRawBufferPointer
}

/// Why a row is refused: the reason, the column at fault and the offending value — never a value
/// that identifies someone (identity fields, postcodes and pseudonyms are reported without it).
struct RowProblem: Error {
    let column: String?
    let reason: String
    let value: String?
}
