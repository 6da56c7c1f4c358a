/// Evaluates a bound expression over a chunk, a vector at a time: one switch per node and vector,
/// then a typed loop over the rows (no per-row dispatch). The result is dense: one value per
/// selected row of the chunk, in order.
enum ExpressionEvaluator {
    static func evaluate(_ expression: BoundExpression, _ chunk: Chunk) throws(QueryError) -> Vector {
        let count = chunk.count
        switch expression {
        case .column(let index, _):
            return chunk.vector(index)
        case .constant(let value, let type):
            return Vector.constant(value, type: type, count: count)
        case .negate(let operand, _):
            return try Arithmetic.negate(try evaluate(operand, chunk))
        case .arithmetic(let op, let left, let right, let type):
            return try Arithmetic.apply(op, try evaluate(left, chunk), try evaluate(right, chunk), type: type)
        case .comparison(let op, let left, let right):
            if let constant = right.constantValue {
                return Comparison.compare(try evaluate(left, chunk), op, constant)
            }
            if let constant = left.constantValue {
                return Comparison.compare(try evaluate(right, chunk), op.flipped, constant)
            }
            return Comparison.compare(try evaluate(left, chunk), op, try evaluate(right, chunk))
        case .and(let terms):
            var result = try evaluate(terms[0], chunk)
            for term in terms.dropFirst() { result = Logic.and(result, try evaluate(term, chunk)) }
            return result
        case .or(let terms):
            var result = try evaluate(terms[0], chunk)
            for term in terms.dropFirst() { result = Logic.or(result, try evaluate(term, chunk)) }
            return result
        case .not(let operand):
            return Logic.not(try evaluate(operand, chunk))
        case .isNull(let operand, let negated):
            let validity: [UInt8]?
            if case .column(let index, _) = operand { validity = chunk.validityBytes(index) } else { validity = try evaluate(operand, chunk).validity }
            let mask = validity ?? [UInt8](repeating: 1, count: count)
            return Vector(.boolean(negated ? mask : mask.map { $0 ^ 1 }))
        case .inList(let operand, let values, let negated):
            return Membership.inList(try evaluate(operand, chunk), values, negated: negated)
        case .like(let operand, let pattern, let negated):
            return StringKernels.like(try evaluate(operand, chunk), pattern: pattern, negated: negated)
        case .caseWhen(let branches, let otherwise, let type):
            return try CaseKernel.evaluate(branches, otherwise: otherwise, type: type, chunk)
        case .cast(let operand, let type):
            return try CastKernel.cast(try evaluate(operand, chunk), to: type)
        case .function(let function, let arguments, let type):
            return try Functions.apply(function, arguments, type: type, chunk)
        case .aggregate:
            preconditionFailure("aggregates are computed by the aggregation, not evaluated")
        }
    }

    /// The dense indexes (0..<count) of the chunk's rows where `condition` is true.
    static func selectDense(_ condition: BoundExpression, _ chunk: Chunk) throws(QueryError) -> [UInt32] {
        if let fast = try FilterKernels.select(condition, chunk, dense: true) { return fast.positions }
        return chunk.denseIndexes(try select(condition, chunk))
    }

    /// Evaluates a condition and returns the positions (into the chunk's columns) where it is true.
    static func select(_ condition: BoundExpression, _ chunk: Chunk) throws(QueryError) -> Selection {
        if let fast = try FilterKernels.select(condition, chunk) { return fast }
        let result = try evaluate(condition, chunk)
        guard case .boolean(let values) = result.payload else { preconditionFailure("a condition is boolean") }
        // Branch-free: write every candidate position, advance the cursor when the row holds.
        let count = chunk.count
        var kept = [UInt32](repeating: 0, count: count)
        var n = 0
        let validity = result.validity ?? []
        let hasValidity = result.validity != nil
        values.withUnsafeBufferPointer { truth in
            validity.withUnsafeBufferPointer { valid in
                kept.withUnsafeMutableBufferPointer { output in
                    switch chunk.selection {
                    case .range(let range):
                        for dense in 0..<count {
                            output[n] = UInt32(truncatingIfNeeded: range.lowerBound &+ dense)
                            n &+= (truth[dense] & (hasValidity ? valid[dense] : 1)) != 0 ? 1 : 0
                        }
                    case .list(let positions):
                        positions.withUnsafeBufferPointer { positions in
                            for dense in 0..<count {
                                output[n] = positions[dense]
                                n &+= (truth[dense] & (hasValidity ? valid[dense] : 1)) != 0 ? 1 : 0
                            }
                        }
                    }
                }
            }
        }
        kept.removeLast(count - n)
        return .list(kept)
    }
}

extension Chunk {
    /// The chunk restricted to some of its rows, given by dense indexes (0..<count, ascending).
    func subset(_ dense: [UInt32]) -> Chunk {
        switch selection {
        case .range(let range):
            let base = UInt32(range.lowerBound)
            return Chunk(columns: columns, selection: .list(dense.map { $0 + base }))
        case .list(let positions):
            return Chunk(columns: columns, selection: .list(dense.map { positions[Int($0)] }))
        }
    }
}
