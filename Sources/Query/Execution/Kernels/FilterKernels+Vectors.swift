/// Filters on computed columns (a projection's output, such as the flags and day counts of the
/// indicator queries' FILTER clauses): a comparison with a constant, or a boolean column, tested
/// branch-free over the selection like the stored-column kernels — instead of materialising a
/// boolean vector and collecting its true rows one append at a time.
extension FilterKernels {
    static func vectorSelect(_ condition: BoundExpression, _ chunk: Chunk, dense: Bool) -> Selection? {
        switch condition {
        case .column(let index, .boolean), .not(.column(let index, .boolean)):
            guard case .vector(let vector) = chunk.columns[index], case .boolean(let values) = vector.payload else { return nil }
            let wanted: UInt8
            if case .not = condition { wanted = 0 } else { wanted = 1 }
            return values.withUnsafeBufferPointer { b in
                withValidity(vector.validity, chunk.selection, dense) { valid, i in valid(i) & ((b[i] != 0 ? 1 : 0) == wanted ? 1 : 0) }
            }
        case .comparison(let op, .column(let index, _), .constant(let value, _)):
            guard case .vector(let vector) = chunk.columns[index] else { return nil }
            return compare(vector, op, value, chunk.selection, dense)
        case .comparison(let op, .constant(let value, _), .column(let index, _)):
            guard case .vector(let vector) = chunk.columns[index] else { return nil }
            return compare(vector, op.flipped, value, chunk.selection, dense)
        default:
            return nil
        }
    }

    private static func compare(_ vector: Vector, _ op: ComparisonOperator, _ value: Value, _ selection: Selection, _ dense: Bool) -> Selection? {
        if value.isNull { return .list([]) }
        switch (vector.payload, value) {
        case (.integer(let v), .integer(let c)): return integers(v, c, op, vector.validity, selection, dense)
        case (.date(let v), .date(let c)): return integers(v, Int64(c), op, vector.validity, selection, dense)
        case (.double(let v), _):
            guard let c = value.numeric else { return nil }
            return v.withUnsafeBufferPointer { b in
                withValidity(vector.validity, selection, dense) { valid, i in valid(i) & UInt8(truncatingIfNeeded: Comparison.verdict(Value.compareDoubles(b[i], c), op)) }
            }
        default: return nil
        }
    }

    private static func integers<T: FixedWidthInteger>(_ values: [T], _ c: Int64, _ op: ComparisonOperator, _ validity: [UInt8]?,
                                                        _ selection: Selection, _ dense: Bool) -> Selection {
        // Nulls hold 0 in the payload: test the value, then drop the null rows that passed.
        let kept = values.withUnsafeBufferPointer { b in
            switch op {
            case .equal: keep(selection, validity: nil, dense: dense) { Int64(b[$0]) == c }
            case .notEqual: keep(selection, validity: nil, dense: dense) { Int64(b[$0]) != c }
            case .less: keep(selection, validity: nil, dense: dense) { Int64(b[$0]) < c }
            case .lessOrEqual: keep(selection, validity: nil, dense: dense) { Int64(b[$0]) <= c }
            case .greater: keep(selection, validity: nil, dense: dense) { Int64(b[$0]) > c }
            case .greaterOrEqual: keep(selection, validity: nil, dense: dense) { Int64(b[$0]) >= c }
            }
        }
        guard let validity else { return kept }
        return droppingNulls(kept, validity, selection, dense)
    }

    /// The kept rows whose validity byte is set (`kept` holds positions, or dense indexes into
    /// `selection` when `dense`).
    private static func droppingNulls(_ kept: Selection, _ validity: [UInt8], _ selection: Selection, _ dense: Bool) -> Selection {
        let rows = kept.positions
        var out = [UInt32](repeating: 0, count: rows.count)
        var n = 0
        let all = dense ? selection.positions : []
        rows.withUnsafeBufferPointer { r in
            validity.withUnsafeBufferPointer { v in
                all.withUnsafeBufferPointer { a in
                    out.withUnsafeMutableBufferPointer { o in
                        for index in 0..<r.count {
                            let position = dense ? Int(a[Int(r[index])]) : Int(r[index])
                            o[n] = r[index]
                            n &+= v[position] != 0 ? 1 : 0
                        }
                    }
                }
            }
        }
        out.removeLast(rows.count - n)
        return .list(out)
    }

    /// `keep` with a vector's validity bytes: `test(valid, i)` returns 1 to keep row i, where
    /// `valid(i)` is 1 for a non-null row (always 1 without validity).
    @inline(__always)
    private static func withValidity(_ validity: [UInt8]?, _ selection: Selection, _ dense: Bool,
                                     _ test: ((Int) -> UInt8, Int) -> UInt8) -> Selection {
        guard let validity else { return keep(selection, validity: nil, dense: dense) { test({ _ in 1 }, $0) != 0 } }
        return validity.withUnsafeBufferPointer { v in
            keep(selection, validity: nil, dense: dense) { i in test({ v[$0] != 0 ? 1 : 0 }, i) != 0 }
        }
    }
}
