import Storage

/// A materialised intermediate result: equal-length dense vectors, one per column. What blocking
/// operators (sort, join build, aggregation output) produce and what the query returns.
struct Relation: Sendable {
    var columns: [Vector]
    var count: Int

    init(columns: [Vector], count: Int) {
        precondition(columns.allSatisfy { $0.count == count }, "relation columns differ in length")
        self.columns = columns
        self.count = count
    }

    static func empty(_ types: [SQLType]) -> Relation {
        Relation(columns: types.map { Vector.from([], type: $0) }, count: 0)
    }

    /// The rows in chunks of at most `size`, as an operator reads them.
    func chunks(size: Int = Pipeline.vectorSize) -> [Chunk] {
        stride(from: 0, to: count, by: size).map { start in
            Chunk(columns: columns.map { .vector($0) }, selection: .range(start..<min(start + size, count)))
        }
    }

    func rows(_ positions: [UInt32]) -> Relation {
        Relation(columns: columns.map { Gather.vector($0, positions: positions) }, count: positions.count)
    }

    /// The pieces one after another (all with the same column types).
    static func concatenate(_ pieces: [Relation], types: [SQLType]) -> Relation {
        let parts = pieces.filter { $0.count > 0 }
        if parts.count == 1 { return parts[0] }
        guard !parts.isEmpty else { return .empty(types) }
        let columns = types.indices.map { index in VectorConcatenation.concatenate(parts.map { $0.columns[index] }) }
        return Relation(columns: columns, count: parts.reduce(0) { $0 + $1.count })
    }
}

/// Joins vectors of one type end to end; string vectors with different dictionaries get one
/// dictionary holding each source dictionary once.
enum VectorConcatenation {
    static func concatenate(_ vectors: [Vector]) -> Vector {
        guard let first = vectors.first else { preconditionFailure("nothing to concatenate") }
        let validity: [UInt8]? = vectors.contains { $0.validity != nil }
            ? Validity.normalised(vectors.flatMap { $0.validity ?? [UInt8](repeating: 1, count: $0.count) }) : nil
        switch first.payload {
        case .boolean: return Vector(.boolean(vectors.flatMap { (v: Vector) -> [UInt8] in if case .boolean(let x) = v.payload { return x }; return [] }), validity: validity)
        case .integer: return Vector(.integer(vectors.flatMap { (v: Vector) -> [Int64] in if case .integer(let x) = v.payload { return x }; return [] }), validity: validity)
        case .wide(_, let type): return Vector(.wide(vectors.flatMap { (v: Vector) -> [Int128] in if case .wide(let x, _) = v.payload { return x }; return [] }, type), validity: validity)
        case .double: return Vector(.double(vectors.flatMap { (v: Vector) -> [Double] in if case .double(let x) = v.payload { return x }; return [] }), validity: validity)
        case .date: return Vector(.date(vectors.flatMap { (v: Vector) -> [Int32] in if case .date(let x) = v.payload { return x }; return [] }), validity: validity)
        case .varchar:
            var strings = StringColumn()
            var bases: [Int: UInt32] = [:]
            var codes: [UInt32] = []
            codes.reserveCapacity(vectors.reduce(0) { $0 + $1.count })
            var only: StringDictionary?
            var shared = true
            for vector in vectors {
                guard case .varchar(let part, let dictionary) = vector.payload else { continue }
                if only == nil { only = dictionary } else if only !== dictionary { shared = false }
                let base: UInt32
                if let known = bases[dictionary.id] {
                    base = known
                } else {
                    base = UInt32(strings.count)
                    bases[dictionary.id] = base
                    for index in 0..<dictionary.count { strings.append(dictionary[index]) }
                }
                codes.append(contentsOf: part.map { $0 + base })
            }
            if shared, let only {
                return Vector(.varchar(codes: codes, dictionary: only), validity: validity)
            }
            return Vector(.varchar(codes: codes, dictionary: StringDictionary(strings, isSortedAndDistinct: false)),
                          validity: validity)
        }
    }
}

/// What operators reserve from the memory budget for the rows they materialise: a row's values
/// (booleans 1 byte, dates and string codes 4, numbers 8, HUGEINTs and DECIMALs 16) and a
/// validity byte per column.
/// Estimates, not exact: strings' bytes live in shared dictionaries, counted once where made.
enum MemoryEstimate {
    static func rowBytes(_ types: [SQLType]) -> Int {
        types.reduce(0) { total, type in
            switch type {
            case .boolean: total + 2
            case .date, .varchar: total + 5
            case .integer, .double, .null: total + 9
            case .hugeint, .decimal: total + 17
            }
        }
    }
}
