import Ingest
import Storage

/// Writes pathways as the harmonised CSV (DOMAIN.md): UTF-8, comma, header row, ISO dates,
/// empty field = null, `candidate_id` as 16 hex digits, `admissible` as Y/N.
public final class HarmonisedCSVWriter {
    private let output: BufferedOutput
    private var spare = RowBuffer()
    public private(set) var rows = 0

    public init(path: String) throws(BenchError) {
        output = try BufferedOutput(path: path)
        var header = RowBuffer()
        header.text(PathwaySchema.columnNames.joined(separator: ","))
        header.endLine(crlf: false)
        try output.write(&header)
    }

    public var path: String { output.path }

    public func write(_ p: Pathway) throws(BenchError) {
        var row = spare
        Self.format(p, into: &row)
        try output.write(&row)
        spare = row
        rows += 1
    }

    /// Rows a worker already formatted with `format(_:into:)`, in order.
    public func append(_ part: inout RowBuffer, rows count: Int) throws(BenchError) {
        try output.write(&part)
        rows += count
    }

    /// Codes never hold a comma or a quote (they come from fixed code lists), so nothing is quoted.
    public static func format(_ p: Pathway, into row: inout RowBuffer) {
        let comma = UInt8(ascii: ",")
        row.integer(Int(p.pathwayID)); row.byte(comma)
        row.hex64(p.candidateID); row.byte(comma)
        row.text(p.certifier); row.byte(comma)
        row.text(p.certificationCode); row.byte(comma)
        if let level = p.level { row.integer(Int(level)) }
        row.byte(comma)
        if let region = p.region { row.text(region) }
        row.byte(comma)
        if let department = p.department { row.text(department) }
        row.byte(comma)
        if let sex = p.sex { row.text(sex) }
        row.byte(comma)
        if let year = p.birthYear { row.integer(Int(year)) }
        row.byte(comma)
        if let status = p.employmentStatus { row.text(status) }
        row.byte(comma)
        if let funding = p.funding { row.text(funding) }
        row.byte(comma)
        if let day = p.infoDate { row.isoDate(day) }
        row.byte(comma)
        row.isoDate(p.applicationDate); row.byte(comma)
        if let day = p.admissibilityDate { row.isoDate(day) }
        row.byte(comma)
        if let admissible = p.admissible { row.byte(admissible ? UInt8(ascii: "Y") : UInt8(ascii: "N")) }
        row.byte(comma)
        if let day = p.supportStartDate { row.isoDate(day) }
        row.byte(comma)
        if let day = p.portfolioDate { row.isoDate(day) }
        row.byte(comma)
        if let day = p.juryDate { row.isoDate(day) }
        row.byte(comma)
        if let outcome = p.outcome { row.text(outcome) }
        row.byte(comma)
        if let day = p.outcomeDate { row.isoDate(day) }
        row.endLine(crlf: false)
    }

    public func finish() throws(BenchError) -> Int {
        try output.flush()
        return output.bytesWritten
    }
}
