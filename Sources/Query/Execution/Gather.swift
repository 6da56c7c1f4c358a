import Storage

/// Copies the selected rows of a stored column or a vector into a dense vector, widening stored
/// integers to 64 bits. One typed loop per call; no per-row dispatch.
enum Gather {
    static func stored(_ column: Column, dictionary: StringDictionary?, _ selection: Selection) -> Vector {
        let validity = column.validity.flatMap { bitmap in gatherBitsIfAnyNull(bitmap, selection) }
        let payload: Vector.Payload
        switch column.values {
        case .bool(let values): payload = .boolean(values.withUnsafeBufferPointer { b in pick(b, selection) { $0 ? 1 : 0 } })
        case .int8(let values): payload = .integer(values.withUnsafeBufferPointer { b in pick(b, selection) { Int64($0) } })
        case .int16(let values): payload = .integer(values.withUnsafeBufferPointer { b in pick(b, selection) { Int64($0) } })
        case .int32(let values): payload = .integer(values.withUnsafeBufferPointer { b in pick(b, selection) { Int64($0) } })
        case .int64(let values): payload = .integer(values.withUnsafeBufferPointer { b in pick(b, selection) { $0 } })
        case .float64(let values): payload = .double(values.withUnsafeBufferPointer { b in pick(b, selection) { $0 } })
        case .date(let values): payload = .date(values.withUnsafeBufferPointer { b in pick(b, selection) { $0 } })
        case .dictionaryString(let strings):
            payload = .varchar(codes: strings.codes.withUnsafeBufferPointer { b in pick(b, selection) { $0 } },
                               dictionary: dictionary ?? StringDictionary(strings.dictionary, isSortedAndDistinct: strings.isSortedAndDistinct))
        case .string(let flat):
            let codes = selection.positions // each row is its own dictionary entry
            payload = .varchar(codes: codes, dictionary: dictionary ?? StringDictionary(flat, isSortedAndDistinct: false))
        }
        return Vector(payload, validity: validity)
    }

    static func vector(_ vector: Vector, _ selection: Selection) -> Vector {
        let validity = vector.validity.map { mask in mask.withUnsafeBufferPointer { b in pick(b, selection) { $0 } } }
        let payload: Vector.Payload
        switch vector.payload {
        case .boolean(let values): payload = .boolean(values.withUnsafeBufferPointer { b in pick(b, selection) { $0 } })
        case .integer(let values): payload = .integer(values.withUnsafeBufferPointer { b in pick(b, selection) { $0 } })
        case .wide(let values, let type): payload = .wide(values.withUnsafeBufferPointer { b in pick(b, selection) { $0 } }, type)
        case .double(let values): payload = .double(values.withUnsafeBufferPointer { b in pick(b, selection) { $0 } })
        case .date(let values): payload = .date(values.withUnsafeBufferPointer { b in pick(b, selection) { $0 } })
        case .varchar(let codes, let dictionary):
            payload = .varchar(codes: codes.withUnsafeBufferPointer { b in pick(b, selection) { $0 } }, dictionary: dictionary)
        }
        return Vector(payload, validity: validity.flatMap { $0.contains(0) ? $0 : nil })
    }

    /// The vector's rows at `positions` (any order, repeats allowed): sorts and joins use it.
    static func vector(_ vector: Vector, positions: [UInt32]) -> Vector {
        Gather.vector(vector, .list(positions))
    }

    @inline(__always)
    static func pick<T, R>(_ source: UnsafeBufferPointer<T>, _ selection: Selection, _ convert: (T) -> R) -> [R] {
        let count = selection.count
        return [R](unsafeUninitializedCapacity: count) { output, initialized in
            switch selection {
            case .range(let range):
                var o = 0
                for i in range {
                    output.initializeElement(at: o, to: convert(source[i]))
                    o &+= 1
                }
            case .list(let positions):
                positions.withUnsafeBufferPointer { list in
                    for o in 0..<count { output.initializeElement(at: o, to: convert(source[Int(list[o])])) }
                }
            }
            initialized = count
        }
    }

    /// Validity bits of the selected rows as bytes (1 valid, 0 null).
    static func gatherBits(_ bitmap: ValidityBitmap, _ selection: Selection) -> [UInt8] {
        gatherBitsNoting(bitmap, selection).bytes
    }

    /// Like `gatherBits`, nil when every selected row is valid (a vector without nulls carries no
    /// mask; known from the same pass, not from a search of the bytes).
    static func gatherBitsIfAnyNull(_ bitmap: ValidityBitmap, _ selection: Selection) -> [UInt8]? {
        let (bytes, allValid) = gatherBitsNoting(bitmap, selection)
        return allValid ? nil : bytes
    }

    private static func gatherBitsNoting(_ bitmap: ValidityBitmap, _ selection: Selection) -> (bytes: [UInt8], allValid: Bool) {
        var bytes = [UInt8](repeating: 0, count: selection.count)
        var all: UInt8 = 1
        bitmap.words.withUnsafeBufferPointer { words in
            bytes.withUnsafeMutableBufferPointer { out in
                switch selection {
                case .range(let range):
                    var o = 0
                    for i in range {
                        let bit = UInt8(truncatingIfNeeded: words[i &>> 6] &>> UInt64(i & 63)) & 1
                        out[o] = bit
                        all &= bit
                        o &+= 1
                    }
                case .list(let positions):
                    positions.withUnsafeBufferPointer { list in
                        for o in 0..<list.count {
                            let i = Int(list[o])
                            let bit = UInt8(truncatingIfNeeded: words[i &>> 6] &>> UInt64(i & 63)) & 1
                            out[o] = bit
                            all &= bit
                        }
                    }
                }
            }
        }
        return (bytes, all == 1)
    }
}
