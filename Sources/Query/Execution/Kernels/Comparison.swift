import Storage

/// `= <> < <= > >=` over vectors; NULL on either side gives NULL. Strings compare by their UTF-8
/// bytes; a comparison with a constant string is decided once per dictionary entry, then looked
/// up by code.
enum Comparison {
    static func compare(_ a: Vector, _ op: ComparisonOperator, _ constant: Value) -> Vector {
        if constant.isNull {
            return Vector(.boolean([UInt8](repeating: 0, count: a.count)), validity: [UInt8](repeating: 0, count: a.count))
        }
        let result: [UInt8]
        switch (a.payload, constant) {
        case (.integer(let x), .integer(let c)): result = map(x, c, op)
        case (.wide(let x, let type), _) where constant.wide(scale: type.asDecimal?.scale ?? 0) != nil:
            result = map(x, constant.wide(scale: type.asDecimal?.scale ?? 0) ?? 0, op)
        case (.double(let x), _) where constant.numeric != nil: result = map(x, constant.numeric ?? 0, op)
        case (.date(let x), .date(let c)): result = map(x, c, op)
        case (.boolean(let x), .boolean(let c)): result = map(x, UInt8(c ? 1 : 0), op)
        case (.varchar(let codes, let dictionary), .varchar(let c)):
            var text = c
            result = text.withUTF8 { target in
                StringKernels.mapEntries(codes, dictionary) { entry in
                    verdict(StringKernels.compareBytes(entry, UnsafeRawBufferPointer(target)), op)
                }
            }
        default: preconditionFailure("comparison of \(a.type) with \(constant.type)")
        }
        return Vector(.boolean(result), validity: a.validity)
    }

    static func compare(_ a: Vector, _ op: ComparisonOperator, _ b: Vector) -> Vector {
        let validity = Validity.both(a.validity, b.validity)
        let result: [UInt8]
        switch (a.payload, b.payload) {
        case (.integer(let x), .integer(let y)): result = zipMap(x, y, op)
        case (.wide(let x, _), .wide(let y, _)): result = zipMap(x, y, op)
        case (.double(let x), .double(let y)): result = zipMap(x, y, op)
        case (.date(let x), .date(let y)): result = zipMap(x, y, op)
        case (.boolean(let x), .boolean(let y)): result = zipMap(x, y, op)
        case (.varchar(let x, let dx), .varchar(let y, let dy)):
            if dx === dy, dx.isSortedAndDistinct {
                result = zipMap(x, y, op)
            } else {
                result = dx.strings.bytes.withUnsafeBytes { bx in
                    dy.strings.bytes.withUnsafeBytes { by in
                        zip(x, y).map { cx, cy in
                            verdict(StringKernels.compareBytes(StringKernels.entry(dx.strings, bx, Int(cx)),
                                                               StringKernels.entry(dy.strings, by, Int(cy))), op)
                        }
                    }
                }
            }
        default: preconditionFailure("comparison of \(a.type) with \(b.type)")
        }
        return Vector(.boolean(result), validity: validity)
    }

    @inline(__always)
    static func verdict(_ order: Int, _ op: ComparisonOperator) -> UInt8 {
        let holds: Bool
        switch op {
        case .equal: holds = order == 0
        case .notEqual: holds = order != 0
        case .less: holds = order < 0
        case .lessOrEqual: holds = order <= 0
        case .greater: holds = order > 0
        case .greaterOrEqual: holds = order >= 0
        }
        return holds ? 1 : 0
    }

    @inline(__always)
    static func map<T: Comparable>(_ values: [T], _ c: T, _ op: ComparisonOperator) -> [UInt8] {
        switch op {
        case .equal: values.map { $0 == c ? 1 : 0 }
        case .notEqual: values.map { $0 != c ? 1 : 0 }
        case .less: values.map { $0 < c ? 1 : 0 }
        case .lessOrEqual: values.map { $0 <= c ? 1 : 0 }
        case .greater: values.map { $0 > c ? 1 : 0 }
        case .greaterOrEqual: values.map { $0 >= c ? 1 : 0 }
        }
    }

    @inline(__always)
    static func zipMap<T: Comparable>(_ x: [T], _ y: [T], _ op: ComparisonOperator) -> [UInt8] {
        switch op {
        case .equal: zip(x, y).map { $0 == $1 ? 1 : 0 }
        case .notEqual: zip(x, y).map { $0 != $1 ? 1 : 0 }
        case .less: zip(x, y).map { $0 < $1 ? 1 : 0 }
        case .lessOrEqual: zip(x, y).map { $0 <= $1 ? 1 : 0 }
        case .greater: zip(x, y).map { $0 > $1 ? 1 : 0 }
        case .greaterOrEqual: zip(x, y).map { $0 >= $1 ? 1 : 0 }
        }
    }
}

/// AND, OR, NOT with SQL's three-valued logic (false AND NULL is false, true OR NULL is true).
enum Logic {
    static func and(_ a: Vector, _ b: Vector) -> Vector { combine(a, b, isAnd: true) }
    static func or(_ a: Vector, _ b: Vector) -> Vector { combine(a, b, isAnd: false) }

    private static func combine(_ a: Vector, _ b: Vector, isAnd: Bool) -> Vector {
        guard case .boolean(let x) = a.payload, case .boolean(let y) = b.payload else { preconditionFailure("logic on non-booleans") }
        if a.validity == nil, b.validity == nil {
            return Vector(.boolean(isAnd ? zip(x, y).map { $0 & $1 } : zip(x, y).map { $0 | $1 }))
        }
        let count = x.count
        let va = a.validity ?? [UInt8](repeating: 1, count: count)
        let vb = b.validity ?? [UInt8](repeating: 1, count: count)
        var values = [UInt8](repeating: 0, count: count)
        var validity = [UInt8](repeating: 1, count: count)
        for i in 0..<count {
            let aTrue = x[i] & va[i], bTrue = y[i] & vb[i]
            let aFalse = (x[i] ^ 1) & va[i], bFalse = (y[i] ^ 1) & vb[i]
            if isAnd {
                values[i] = aTrue & bTrue
                validity[i] = (aTrue & bTrue) | aFalse | bFalse
            } else {
                values[i] = aTrue | bTrue
                validity[i] = aTrue | bTrue | (aFalse & bFalse)
            }
        }
        return Vector(.boolean(values), validity: Validity.normalised(validity))
    }

    static func not(_ a: Vector) -> Vector {
        guard case .boolean(let x) = a.payload else { preconditionFailure("NOT on a non-boolean") }
        return Vector(.boolean(x.map { $0 ^ 1 }), validity: a.validity)
    }
}

/// `x [NOT] IN (constants)`: a miss is NULL when the list holds a NULL, as SQL requires.
enum Membership {
    static func inList(_ a: Vector, _ values: [Value], negated: Bool) -> Vector {
        let hasNull = values.contains(.null)
        let members = values.filter { !$0.isNull }
        var hits: [UInt8]
        switch a.payload {
        case .integer(let x):
            let set = Set(members.compactMap { if case .integer(let v) = $0 { v } else { nil } })
            hits = x.map { set.contains($0) ? 1 : 0 }
        case .wide(let x, let type):
            let scale = type.asDecimal?.scale ?? 0
            let set = Set(members.compactMap { $0.wide(scale: scale) })
            hits = x.map { set.contains($0) ? 1 : 0 }
        case .double(let x):
            let set = Set(members.compactMap(\.numeric))
            hits = x.map { set.contains($0) ? 1 : 0 }
        case .date(let x):
            let set = Set(members.compactMap { if case .date(let v) = $0 { v } else { nil } })
            hits = x.map { set.contains($0) ? 1 : 0 }
        case .boolean(let x):
            let set = Set(members.compactMap { if case .boolean(let v) = $0 { UInt8(v ? 1 : 0) } else { nil } })
            hits = x.map { set.contains($0) ? 1 : 0 }
        case .varchar(let codes, let dictionary):
            let set = Set(members.compactMap { if case .varchar(let v) = $0 { v } else { nil } })
            hits = StringKernels.mapEntries(codes, dictionary) { entry in
                set.contains(String(decoding: entry, as: UTF8.self)) ? 1 : 0
            }
        }
        var validity = a.validity
        if hasNull {
            let base = validity ?? [UInt8](repeating: 1, count: hits.count)
            validity = Validity.normalised(zip(base, hits).map { $0 & $1 })
        }
        if negated { hits = hits.map { $0 ^ 1 } }
        return Vector(.boolean(hits), validity: validity)
    }
}
