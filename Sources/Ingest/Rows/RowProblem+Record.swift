extension RowProblem {
    /// The problem of a record whose structure is broken (an unbalanced quote, text after a
    /// closing quote, a wrong number of fields), or nil when it is sound. Such a record's fields
    /// cannot be trusted to be what their columns say: its reject keeps no value.
    static func structural(_ record: CSVRecord, fieldCount: Int) -> RowProblem? {
        if let malformation = record.malformation { return RowProblem(column: nil, reason: malformation) }
        guard record.count == fieldCount else {
            return RowProblem(column: nil, reason: "wrong column count: \(record.count) fields, expected \(fieldCount)")
        }
        return nil
    }
}

extension RejectEvidence {
    /// What the reject of `problem` keeps: (value, description of a withheld value). A harmonised
    /// code the rules derived is kept; a field or a date is judged by its column's shape and
    /// against the row's identity (`identity`, asked only when the shape passes).
    func judge(_ problem: RowProblem, _ record: CSVRecord, _ bytes: UnsafeRawBufferPointer, encoding: CSVDialect.Encoding,
               identity: () -> RowIdentity? = { RowIdentity() }) -> (value: String?, description: String?) {
        guard let column = problem.column else { return (nil, nil) }
        let text: String
        switch problem.evidence {
        case .none: return (nil, nil)
        case .code(let code): return (code, nil)
        case .date(let days): text = CivilDate(daysSinceEpoch: days).description
        case .field(let index):
            guard index >= 0, index < record.count else { return (nil, nil) }
            text = record.string(index, in: bytes, encoding: encoding).trimmingSpaces()
        }
        return judge(text, column: column, identity: identity)
    }
}

import Storage
