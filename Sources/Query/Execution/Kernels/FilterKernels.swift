import CVectorKernels
import Storage

/// Filters that run straight on a scan's stored columns, at their stored width, producing the
/// surviving positions without materialising a boolean vector: `column op constant`,
/// `column [NOT] IN (...)`, `column IS [NOT] NULL`, `column [NOT] LIKE`, and ANDs of filters
/// (each term only sees the rows the previous ones kept). String tests become code tests: the
/// verdict is computed once per dictionary entry. Anything else returns nil and is evaluated.
enum FilterKernels {
    /// `dense`: return the kept rows as dense indexes (0..<chunk.count) instead of positions into
    /// the columns (what an aggregate's FILTER needs). Nil when no kernel applies.
    static func select(_ condition: BoundExpression, _ chunk: Chunk, dense: Bool = false) throws(QueryError) -> Selection? {
        guard ExecutionSettings.current.fastPaths else { return nil }
        if let kept = vectorSelect(condition, chunk, dense: dense) ?? dateDifference(condition, chunk, dense: dense) { return kept }
        switch condition {
        case .and(let terms):
            var current = chunk
            let (ranges, others) = splitRanges(terms)
            for range in ranges where current.count > 0 {
                if let kept = rangeSelect(current, range) {
                    current.selection = kept
                } else {
                    for term in range.terms where current.count > 0 { current.selection = try ExpressionEvaluator.select(term, current) }
                }
            }
            for term in others where current.count > 0 {
                current.selection = try ExpressionEvaluator.select(term, current)
            }
            return dense ? .list(chunk.denseIndexes(current.selection)) : current.selection
        case .column(let index, .boolean), .not(.column(let index, .boolean)):
            guard let (column, _) = stored(chunk, index), case .bool(let values) = column.values else { return nil }
            let wanted: Bool
            if case .not = condition { wanted = false } else { wanted = true }
            return values.withUnsafeBufferPointer { b in keep(chunk.selection, validity: column.validity, dense: dense) { b[$0] == wanted } }
        case .comparison(let op, .column(let index, _), .constant(let value, _)):
            return stored(chunk, index).flatMap { compare($0.0, $0.1, op, value, chunk.selection, dense) }
        case .comparison(let op, .constant(let value, _), .column(let index, _)):
            return stored(chunk, index).flatMap { compare($0.0, $0.1, op.flipped, value, chunk.selection, dense) }
        case .isNull(.column(let index, _), let negated):
            let bitmap: ValidityBitmap?
            switch chunk.columns[index] {
            case .stored(let column, _): bitmap = column.validity
            case .validity(let validity): bitmap = validity
            default: return nil
            }
            guard let validity = bitmap else {
                if !negated { return .list([]) }
                return dense ? .list((0..<UInt32(chunk.count)).map { $0 }) : chunk.selection
            }
            if negated {
                if case .range(let range) = chunk.selection { return validRows(validity, range, dense: dense) }
                return keep(chunk.selection, validity: validity, dense: dense) { _ in true }
            }
            return validity.words.withUnsafeBufferPointer { words in
                keep(chunk.selection, validity: nil, dense: dense) { i in (words[i >> 6] >> UInt64(i & 63)) & 1 == 0 }
            }
        case .inList(.column(let index, _), let values, false) where !values.contains(.null):
            guard let (column, dictionary) = stored(chunk, index) else { return nil }
            switch column.values {
            case .dictionaryString(let strings):
                let set = Set(values.compactMap { if case .varchar(let s) = $0 { s } else { nil } })
                return byEntry(strings, dictionary, column.validity, chunk.selection, dense) { set.contains(String(decoding: $0, as: UTF8.self)) }
            default:
                return nil
            }
        case .like(.column(let index, _), let pattern, let negated):
            guard let (column, dictionary) = stored(chunk, index), case .dictionaryString(let strings) = column.values else { return nil }
            let bytes = Array(pattern.utf8)
            return bytes.withUnsafeBytes { p in
                byEntry(strings, dictionary, column.validity, chunk.selection, dense) { StringKernels.matches($0, p) != negated }
            }
        default:
            return nil
        }
    }

    /// Comparisons of one integer or date column with constants, merged into `low...high`.
    struct ColumnRange {
        var column: Int
        var low = Int64.min
        var high = Int64.max
        var terms: [BoundExpression] = []
    }

    /// The conjuncts that compare an integer or date column with a constant, merged per column
    /// when a column has several (`x >= a AND x < b` reads `x` once); the other conjuncts as they are.
    static func splitRanges(_ terms: [BoundExpression]) -> (ranges: [ColumnRange], others: [BoundExpression]) {
        var ranges: [Int: ColumnRange] = [:]
        var others: [BoundExpression] = []
        for term in terms {
            guard case .comparison(let op, .column(let index, let type), .constant(let value, _)) = term,
                  type == .integer || type == .date, op != .equal, op != .notEqual else {
                others.append(term)
                continue
            }
            let c: Int64
            switch value {
            case .integer(let v): c = v
            case .date(let d): c = Int64(d)
            default:
                others.append(term)
                continue
            }
            var range = ranges[index] ?? ColumnRange(column: index)
            switch op {
            case .greater: range.low = max(range.low, c == .max ? c : c + 1)
            case .greaterOrEqual: range.low = max(range.low, c)
            case .less: range.high = min(range.high, c == .min ? c : c - 1)
            default: range.high = min(range.high, c)
            }
            range.terms.append(term)
            ranges[index] = range
        }
        var merged: [ColumnRange] = []
        for range in ranges.values.sorted(by: { $0.column < $1.column }) {
            if range.terms.count > 1 { merged.append(range) } else { others.append(contentsOf: range.terms) }
        }
        return (merged, others)
    }

    /// The rows of `chunk` whose stored integer or date column lies in the range; nil when the
    /// column is not a stored integer column (the caller evaluates the terms instead).
    private static func rangeSelect(_ chunk: Chunk, _ range: ColumnRange) -> Selection? {
        guard let (column, _) = stored(chunk, range.column) else { return nil }
        guard range.low <= range.high else { return .list([]) }
        if case .range(let rows) = chunk.selection {
            switch column.values {
            case .int32(let v), .date(let v): return int32Range(v, column.validity, range.low, range.high, rows, dense: false)
            default: break
            }
        }
        let low = range.low, span = UInt64(bitPattern: range.high &- range.low)
        func run<T: FixedWidthInteger>(_ values: [T]) -> Selection {
            values.withUnsafeBufferPointer { b in
                keep(chunk.selection, validity: column.validity) { UInt64(bitPattern: Int64(b[$0]) &- low) <= span }
            }
        }
        switch column.values {
        case .int8(let v): return run(v)
        case .int16(let v): return run(v)
        case .int32(let v), .date(let v): return run(v)
        case .int64(let v): return run(v)
        default: return nil
        }
    }

    private static func stored(_ chunk: Chunk, _ index: Int) -> (Column, StringDictionary?)? {
        if case .stored(let column, let dictionary) = chunk.columns[index] { return (column, dictionary) }
        return nil
    }

    private static func compare(_ column: Column, _ dictionary: StringDictionary?, _ op: ComparisonOperator, _ value: Value,
                                _ selection: Selection, _ dense: Bool) -> Selection? {
        if value.isNull { return .list([]) }
        let validity = column.validity
        switch (column.values, value) {
        case (.int8(let v), .integer(let c)): return integers(v, c, op, validity, selection, dense)
        case (.int16(let v), .integer(let c)): return integers(v, c, op, validity, selection, dense)
        case (.int32(let v), .integer(let c)):
            if case .range(let rows) = selection, let (low, high) = bounds(op, c) { return int32Range(v, validity, low, high, rows, dense: dense) }
            return integers(v, c, op, validity, selection, dense)
        case (.int64(let v), .integer(let c)): return integers(v, c, op, validity, selection, dense)
        case (.date(let v), .date(let c)):
            if case .range(let rows) = selection, let (low, high) = bounds(op, Int64(c)) { return int32Range(v, validity, low, high, rows, dense: dense) }
            return integers(v, Int64(c), op, validity, selection, dense)
        case (.bool(let v), .boolean(let c)):
            return v.withUnsafeBufferPointer { b in keep(selection, validity: validity, dense: dense) { Comparison.verdict(b[$0] == c ? 0 : (b[$0] ? 1 : -1), op) != 0 } }
        case (.float64(let v), _):
            guard let c = value.numeric else { return nil }
            return v.withUnsafeBufferPointer { b in keep(selection, validity: validity, dense: dense) { Comparison.verdict(Value.compareDoubles(b[$0], c), op) != 0 } }
        case (.dictionaryString(let strings), .varchar(var text)) where op == .equal && strings.isSortedAndDistinct:
            // One entry at most can be equal: find its code once, then compare codes.
            let code: UInt32? = text.withUTF8 { target in
                let entries = strings.dictionary
                return entries.bytes.withUnsafeBytes { bytes in
                    var low = 0, high = entries.count
                    while low < high {
                        let middle = (low + high) / 2
                        let order = StringKernels.compareBytes(StringKernels.entry(entries, bytes, middle), UnsafeRawBufferPointer(target))
                        if order == 0 { return UInt32(middle) }
                        if order < 0 { low = middle + 1 } else { high = middle }
                    }
                    return nil
                }
            }
            guard let code else { return .list([]) }
            if case .range(let range) = selection { return equalCodes(strings.codes, code, validity, range, dense: dense) }
            return strings.codes.withUnsafeBufferPointer { codes in keep(selection, validity: validity, dense: dense) { codes[$0] == code } }
        case (.dictionaryString(let strings), .varchar(var text)):
            return text.withUTF8 { target in
                byEntry(strings, dictionary, validity, selection, dense) {
                    Comparison.verdict(StringKernels.compareBytes($0, UnsafeRawBufferPointer(target)), op) != 0
                }
            }
        default:
            return nil
        }
    }

    private static func integers<T: FixedWidthInteger>(_ values: [T], _ c: Int64, _ op: ComparisonOperator, _ validity: ValidityBitmap?,
                                                        _ selection: Selection, _ dense: Bool) -> Selection {
        values.withUnsafeBufferPointer { b in
            switch op {
            case .equal: keep(selection, validity: validity, dense: dense) { Int64(b[$0]) == c }
            case .notEqual: keep(selection, validity: validity, dense: dense) { Int64(b[$0]) != c }
            case .less: keep(selection, validity: validity, dense: dense) { Int64(b[$0]) < c }
            case .lessOrEqual: keep(selection, validity: validity, dense: dense) { Int64(b[$0]) <= c }
            case .greater: keep(selection, validity: validity, dense: dense) { Int64(b[$0]) > c }
            case .greaterOrEqual: keep(selection, validity: validity, dense: dense) { Int64(b[$0]) >= c }
            }
        }
    }

    /// The rows of `range` holding `code` (and not null): the vector kernel, sixteen rows at a time.
    private static func equalCodes(_ codes: [UInt32], _ code: UInt32, _ validity: ValidityBitmap?, _ range: Range<Int>,
                                   dense: Bool) -> Selection {
        let words = validity?.words ?? []
        return rows(in: range, dense: dense) { out, shift in
            codes.withUnsafeBufferPointer { codes in
                words.withUnsafeBufferPointer { w in
                    parcours_select_equal_u32(codes.baseAddress!, validity == nil ? nil : w.baseAddress, range.lowerBound,
                                              range.upperBound, code, shift, out)
                }
            }
        }
    }

    /// `x op c` as `low...high` (nil for `<>`, which is not one range).
    private static func bounds(_ op: ComparisonOperator, _ c: Int64) -> (Int64, Int64)? {
        switch op {
        case .equal: (c, c)
        case .notEqual: nil
        case .less: c == .min ? (1, 0) : (.min, c - 1)
        case .lessOrEqual: (.min, c)
        case .greater: c == .max ? (1, 0) : (c + 1, .max)
        case .greaterOrEqual: (c, .max)
        }
    }

    /// The rows of `range` whose 32-bit value lies in `low...high` (and not null): the vector
    /// kernel, with the bounds clamped to 32 bits.
    private static func int32Range(_ values: [Int32], _ validity: ValidityBitmap?, _ low: Int64, _ high: Int64, _ range: Range<Int>,
                                   dense: Bool) -> Selection {
        guard low <= high, low <= Int64(Int32.max), high >= Int64(Int32.min) else { return .list([]) }
        let low32 = Int32(max(low, Int64(Int32.min))), high32 = Int32(min(high, Int64(Int32.max)))
        let words = validity?.words ?? []
        return rows(in: range, dense: dense) { out, shift in
            values.withUnsafeBufferPointer { v in
                words.withUnsafeBufferPointer { w in
                    parcours_select_range_i32(v.baseAddress!, validity == nil ? nil : w.baseAddress, range.lowerBound, range.upperBound,
                                              low32, high32, shift, out)
                }
            }
        }
    }

    /// The valid rows of `range`: the bitmap's set bits, by the vector kernel.
    private static func validRows(_ validity: ValidityBitmap, _ range: Range<Int>, dense: Bool) -> Selection {
        rows(in: range, dense: dense) { out, shift in
            validity.words.withUnsafeBufferPointer { w in parcours_set_rows(w.baseAddress!, range.lowerBound, range.upperBound, shift, out) }
        }
    }

    /// A selection of the rows a kernel writes into a buffer of `range.count` slots (positions,
    /// or dense indexes when `dense`); the whole range as a range when every row is kept.
    private static func rows(in range: Range<Int>, dense: Bool, _ kernel: (UnsafeMutablePointer<UInt32>, UInt32) -> Int) -> Selection {
        guard !range.isEmpty else { return .list([]) }
        let shift = UInt32(dense ? range.lowerBound : 0)
        var kept = [UInt32](unsafeUninitializedCapacity: range.count) { buffer, initialised in
            initialised = kernel(buffer.baseAddress!, shift)
        }
        if !dense, kept.count == range.count {
            kept = []
            return .range(range)
        }
        return .list(kept)
    }

    /// Keeps the rows whose string satisfies `test`, deciding once per dictionary entry when the
    /// dictionary is small next to the rows.
    private static func byEntry(_ strings: DictionaryStrings, _ shared: StringDictionary?, _ validity: ValidityBitmap?,
                                _ selection: Selection, _ dense: Bool, _ test: (UnsafeRawBufferPointer) -> Bool) -> Selection {
        let dictionary = strings.dictionary
        return dictionary.bytes.withUnsafeBytes { bytes in
            strings.codes.withUnsafeBufferPointer { codes in
                if dictionary.count <= max(selection.count * 2, 256) {
                    let table = (0..<dictionary.count).map { test(StringKernels.entry(dictionary, bytes, $0)) }
                    return table.withUnsafeBufferPointer { t in keep(selection, validity: validity, dense: dense) { t[Int(codes[$0])] } }
                }
                return keep(selection, validity: validity, dense: dense) { test(StringKernels.entry(dictionary, bytes, Int(codes[$0]))) }
            }
        }
    }

    /// The selected positions that are not null and pass `test` (their dense indexes when
    /// `dense`). Branch-free: every position is written, the cursor advances only for kept rows.
    @inline(__always)
    static func keep(_ selection: Selection, validity: ValidityBitmap?, dense: Bool = false, _ test: (Int) -> Bool) -> Selection {
        let count = selection.count
        let words = validity?.words ?? []
        let hasValidity = validity != nil
        var n = 0
        // Not `init(unsafeUninitializedCapacity:)`: the optimizer leaves that initializer out of
        // line here, and `test` then becomes an indirect call per row (measured: 3x slower).
        var kept = [UInt32](repeating: 0, count: count)
        kept.withUnsafeMutableBufferPointer { output in
            words.withUnsafeBufferPointer { w in
                switch selection {
                case .range(let range):
                    let shift = dense ? range.lowerBound : 0
                    if hasValidity {
                        for i in range {
                            output[n] = UInt32(truncatingIfNeeded: i &- shift)
                            n &+= Int(truncatingIfNeeded: (w[i &>> 6] &>> UInt64(i & 63)) & 1) & (test(i) ? 1 : 0)
                        }
                    } else {
                        for i in range {
                            output[n] = UInt32(truncatingIfNeeded: i &- shift)
                            n &+= test(i) ? 1 : 0
                        }
                    }
                case .list(let positions):
                    positions.withUnsafeBufferPointer { list in
                        for o in 0..<list.count {
                            let p = list[o], i = Int(p)
                            output[n] = dense ? UInt32(truncatingIfNeeded: o) : p
                            let valid = hasValidity ? Int(truncatingIfNeeded: (w[i &>> 6] &>> UInt64(i & 63)) & 1) : 1
                            n &+= valid & (test(i) ? 1 : 0)
                        }
                    }
                }
            }
        }
        kept.removeLast(count - n)
        if !dense, kept.count == count, case .range = selection {
            kept = []
            return selection
        }
        return .list(kept)
    }
}
