/// ORDER BY: evaluates the sort keys over the whole input, sorts a permutation, gathers the rows.
/// Ties keep input order (the row position is the last key), so results are deterministic.
enum Sorter {
    static func sort(_ input: Relation, by keys: [SortKey]) throws(QueryError) -> Relation {
        guard input.count > 1 else { return input }
        // The sort keys, the permutation and the sorted copy.
        let types = input.columns.map(\.type)
        try QueryContext.reserve(input.count * (4 + MemoryEstimate.rowBytes(types) + 9 * keys.count), for: "sort")
        let whole = Chunk(columns: input.columns.map { .vector($0) }, selection: .range(0..<input.count))
        var vectors: [Vector] = []
        for key in keys { vectors.append(try ExpressionEvaluator.evaluate(key.expression, whole)) }
        let comparators = zip(vectors, keys).map { Sorter.comparator($0, $1) }
        var permutation = (0..<UInt32(input.count)).map { $0 }
        permutation.sort { a, b in
            for compare in comparators {
                let order = compare(Int(a), Int(b))
                if order != 0 { return order < 0 }
            }
            return a < b
        }
        return input.rows(permutation)
    }

    /// A three-way comparison of two rows on one key, nulls and direction applied.
    private static func comparator(_ vector: Vector, _ key: SortKey) -> (Int, Int) -> Int {
        let direction = key.descending ? -1 : 1
        let nullOrder = key.nullsFirst ? -1 : 1
        let values: (Int, Int) -> Int
        switch vector.payload {
        case .integer(let x): values = { x[$0] < x[$1] ? -1 : (x[$0] == x[$1] ? 0 : 1) }
        case .wide(let x, _): values = { x[$0] < x[$1] ? -1 : (x[$0] == x[$1] ? 0 : 1) }
        case .double(let x): values = { Value.compareDoubles(x[$0], x[$1]) }
        case .date(let x): values = { x[$0] < x[$1] ? -1 : (x[$0] == x[$1] ? 0 : 1) }
        case .boolean(let x): values = { x[$0] < x[$1] ? -1 : (x[$0] == x[$1] ? 0 : 1) }
        case .varchar(let codes, let dictionary):
            if dictionary.isSortedAndDistinct {
                values = { codes[$0] < codes[$1] ? -1 : (codes[$0] == codes[$1] ? 0 : 1) }
            } else {
                // Rank the dictionary once, then compare ranks.
                let order = (0..<dictionary.count).sorted { Value.compareBytes(dictionary[$0], dictionary[$1]) < 0 }
                var rank = [Int](repeating: 0, count: dictionary.count)
                var current = 0
                for (position, entry) in order.enumerated() {
                    if position > 0, Value.compareBytes(dictionary[order[position - 1]], dictionary[entry]) != 0 { current = position }
                    rank[entry] = current
                }
                values = { rank[Int(codes[$0])] < rank[Int(codes[$1])] ? -1 : (rank[Int(codes[$0])] == rank[Int(codes[$1])] ? 0 : 1) }
            }
        }
        guard let validity = vector.validity else { return { values($0, $1) * direction } }
        return { a, b in
            let nullA = validity[a] == 0, nullB = validity[b] == 0
            if nullA || nullB { return nullA == nullB ? 0 : (nullA ? nullOrder : -nullOrder) }
            return values(a, b) * direction
        }
    }
}
