import Storage

/// `a - b op constant` on two stored DATE columns (a number of days between two stages, the
/// shape of the cohort and duration filters): one pass over the selection, no vector of
/// differences; a row is kept only where both dates are present.
extension FilterKernels {
    static func dateDifference(_ condition: BoundExpression, _ chunk: Chunk, dense: Bool) -> Selection? {
        let op: ComparisonOperator
        let left: Int, right: Int, bound: Int64
        switch condition {
        case .comparison(let o, .arithmetic(.subtract, .column(let a, .date), .column(let b, .date), _), .constant(.integer(let c), _)):
            (op, left, right, bound) = (o, a, b, c)
        case .comparison(let o, .constant(.integer(let c), _), .arithmetic(.subtract, .column(let a, .date), .column(let b, .date), _)):
            (op, left, right, bound) = (o.flipped, a, b, c)
        default:
            return nil
        }
        guard case .stored(let first, _) = chunk.columns[left], case .stored(let second, _) = chunk.columns[right],
              case .date(let x) = first.values, case .date(let y) = second.values else { return nil }
        let validity: ValidityBitmap?
        switch (first.validity, second.validity) {
        case (nil, nil): validity = nil
        case (let v?, nil), (nil, let v?): validity = v
        case (let v?, let w?): validity = ValidityBitmap(words: zip(v.words, w.words).map { $0 & $1 }, count: v.count)
        }
        return x.withUnsafeBufferPointer { a in
            y.withUnsafeBufferPointer { b in
                switch op {
                case .equal: keep(chunk.selection, validity: validity, dense: dense) { Int64(a[$0]) - Int64(b[$0]) == bound }
                case .notEqual: keep(chunk.selection, validity: validity, dense: dense) { Int64(a[$0]) - Int64(b[$0]) != bound }
                case .less: keep(chunk.selection, validity: validity, dense: dense) { Int64(a[$0]) - Int64(b[$0]) < bound }
                case .lessOrEqual: keep(chunk.selection, validity: validity, dense: dense) { Int64(a[$0]) - Int64(b[$0]) <= bound }
                case .greater: keep(chunk.selection, validity: validity, dense: dense) { Int64(a[$0]) - Int64(b[$0]) > bound }
                case .greaterOrEqual: keep(chunk.selection, validity: validity, dense: dense) { Int64(a[$0]) - Int64(b[$0]) >= bound }
                }
            }
        }
    }
}
