/// Turns one CSV record into a validated pathway row, or into the reason it is refused.
///
/// One parser serves every thread: it is immutable. What a thread needs to itself (scratch
/// buffers, a prepared HMAC) lives in its `Context`, made once per chunk, so parsing a row
/// allocates nothing. Generic, not an existential: the ingest loop is specialised per parser.
protocol RowParser: Sendable {
    associatedtype Context
    func makeContext() -> Context
    func parse(_ record: CSVRecord, _ bytes: UnsafeRawBufferPointer, _ context: inout Context) -> Result<ParsedRow, RowProblem>
    /// The reject a refused record becomes: what it may keep of the offending value is decided
    /// here (`RejectEvidence`), on the cold path, with the whole record at hand.
    func rejectedRow(_ problem: RowProblem, _ record: CSVRecord, _ bytes: UnsafeRawBufferPointer) -> RejectedRow
}

/// A row that passed every check, and the bytes of its certification code (in the file).
struct ParsedRow {
    var row: PathwayRow
    var certificationCode: UnsafeRawBufferPointer
}

/// Why a row is refused: the reason, the column at fault, and where the offending value is — never
/// the value itself, which the parser's `rejectedRow` judges before anything keeps it.
struct RowProblem: Error {
    /// What points at the offending value.
    enum Evidence {
        /// None: the record's structure is broken, or the problem is the absence of a value.
        case none
        /// Field `index` of the record (judged by its column's strict shape and the row's identity).
        case field(Int)
        /// A harmonised code the rules derived (a department, an outcome): safe as it is.
        case code(String)
        /// A date the parser read (days since 1970-01-01): judged like a field holding it.
        case date(Int32)
    }

    let column: String?
    let reason: String
    let evidence: Evidence

    init(column: String?, reason: String, evidence: Evidence = .none) {
        self.column = column
        self.reason = reason
        self.evidence = evidence
    }
}
