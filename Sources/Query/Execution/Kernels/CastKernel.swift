import Storage

/// `CAST(x AS type)` over vectors. Numeric casts are typed loops; casts from strings parse each
/// distinct string used once; casts to strings format each row. A value that does not convert is
/// an error naming it (DuckDB's behaviour), not a silent NULL.
enum CastKernel {
    static func cast(_ vector: Vector, to type: SQLType) throws(QueryError) -> Vector {
        if vector.type == type { return vector }
        if let exact = try exact(vector, to: type) { return exact }
        let validity = vector.validity
        switch (vector.payload, type) {
        case (.integer(let x), .double): return Vector(.double(x.map { Double($0) }), validity: validity)
        case (.boolean(let x), .integer): return Vector(.integer(x.map { Int64($0) }), validity: validity)
        case (.boolean(let x), .double): return Vector(.double(x.map { Double($0) }), validity: validity)
        case (.integer(let x), .boolean): return Vector(.boolean(x.map { $0 != 0 ? 1 : 0 }), validity: validity)
        case (.double(let x), .boolean): return Vector(.boolean(x.map { $0 != 0 ? 1 : 0 }), validity: validity)
        case (.double(let x), .integer):
            var failed: Double?
            let result = x.enumerated().map { index, value -> Int64 in
                if let rounded = ValueCast.integer(rounding: value) { return rounded }
                if !vector.isNull(index) { failed = value }
                return 0
            }
            if let failed { throw .execution("Conversion error: \(Value.format(failed)) is out of the range of BIGINT") }
            return Vector(.integer(result), validity: validity)
        case (.varchar(let codes, let dictionary), _):
            return try parse(codes, dictionary, validity, to: type)
        case (_, .varchar):
            var builder = StringVectorBuilder(capacity: vector.count)
            for index in 0..<vector.count {
                builder.append(vector.isNull(index) ? "" : ValueCast.text(vector.value(at: index)))
            }
            return Vector(builder.payload(), validity: validity)
        case (_, .null):
            return vector
        default:
            throw .execution("cannot cast \(vector.type) to \(type)")
        }
    }

    private static func parse(_ codes: [UInt32], _ dictionary: StringDictionary, _ validity: [UInt8]?, to type: SQLType) throws(QueryError) -> Vector {
        var parsed: [UInt32: Value] = [:]
        var values: [Value] = []
        values.reserveCapacity(codes.count)
        for (index, code) in codes.enumerated() {
            if let validity, validity[index] == 0 {
                values.append(.null)
                continue
            }
            if let known = parsed[code] {
                values.append(known)
                continue
            }
            do {
                let value = try ValueCast.parse(dictionary[Int(code)], as: type)
                parsed[code] = value
                values.append(value)
            } catch {
                throw .execution("Conversion error: \(error.description)")
            }
        }
        return Vector.from(values, type: type)
    }
}

/// `CASE WHEN ... THEN ... ELSE ... END`, evaluated lazily as SQL requires: each THEN only on the
/// rows whose WHEN chose it (so `CASE WHEN d <> 0 THEN n % d END` never divides by zero).
enum CaseKernel {
    static func evaluate(_ branches: [BoundCaseBranch], otherwise: BoundExpression, type: SQLType, _ chunk: Chunk) throws(QueryError) -> Vector {
        let count = chunk.count
        var remaining = (0..<UInt32(count)).map { $0 }
        var pieces: [(rows: [UInt32], vector: Vector)] = []
        for branch in branches where !remaining.isEmpty {
            let part = chunk.subset(remaining)
            let condition = try ExpressionEvaluator.evaluate(branch.when, part)
            guard case .boolean(let truth) = condition.payload else { preconditionFailure("WHEN is boolean") }
            var taken: [UInt32] = [], left: [UInt32] = []
            for (index, row) in remaining.enumerated() {
                if truth[index] != 0 && !condition.isNull(index) { taken.append(row) } else { left.append(row) }
            }
            if !taken.isEmpty {
                pieces.append((taken, try ExpressionEvaluator.evaluate(branch.then, chunk.subset(taken))))
            }
            remaining = left
        }
        if !remaining.isEmpty {
            pieces.append((remaining, try ExpressionEvaluator.evaluate(otherwise, chunk.subset(remaining))))
        }
        return Scatter.assemble(pieces, count: count, type: type)
    }
}

/// Puts vectors computed for disjoint sets of rows back into one vector of `count` rows.
enum Scatter {
    static func assemble(_ pieces: [(rows: [UInt32], vector: Vector)], count: Int, type: SQLType) -> Vector {
        var validity = [UInt8](repeating: 0, count: count)
        for piece in pieces {
            for (index, row) in piece.rows.enumerated() where !piece.vector.isNull(index) { validity[Int(row)] = 1 }
        }
        let mask = Validity.normalised(validity)
        switch type {
        case .boolean:
            var out = [UInt8](repeating: 0, count: count)
            for piece in pieces { if case .boolean(let v) = piece.vector.payload { for (i, r) in piece.rows.enumerated() { out[Int(r)] = v[i] } } }
            return Vector(.boolean(out), validity: mask)
        case .integer, .null:
            var out = [Int64](repeating: 0, count: count)
            for piece in pieces { if case .integer(let v) = piece.vector.payload { for (i, r) in piece.rows.enumerated() { out[Int(r)] = v[i] } } }
            return Vector(.integer(out), validity: mask)
        case .hugeint, .decimal:
            var out = [Int128](repeating: 0, count: count)
            for piece in pieces { if case .wide(let v, _) = piece.vector.payload { for (i, r) in piece.rows.enumerated() { out[Int(r)] = v[i] } } }
            return Vector(.wide(out, type), validity: mask)
        case .double:
            var out = [Double](repeating: 0, count: count)
            for piece in pieces { if case .double(let v) = piece.vector.payload { for (i, r) in piece.rows.enumerated() { out[Int(r)] = v[i] } } }
            return Vector(.double(out), validity: mask)
        case .date:
            var out = [Int32](repeating: 0, count: count)
            for piece in pieces { if case .date(let v) = piece.vector.payload { for (i, r) in piece.rows.enumerated() { out[Int(r)] = v[i] } } }
            return Vector(.date(out), validity: mask)
        case .varchar:
            var strings = StringColumn()
            var out = [UInt32](repeating: 0, count: count)
            for piece in pieces {
                guard case .varchar(let codes, let dictionary) = piece.vector.payload else { continue }
                let base = UInt32(strings.count)
                for index in 0..<dictionary.count { strings.append(dictionary[index]) }
                for (i, r) in piece.rows.enumerated() { out[Int(r)] = codes[i] + base }
            }
            if strings.count == 0 { strings.append("") }
            return Vector(.varchar(codes: out, dictionary: StringDictionary(strings, isSortedAndDistinct: false)), validity: mask)
        }
    }
}
