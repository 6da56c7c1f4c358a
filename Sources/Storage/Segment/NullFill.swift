/// Replaces the unspecified values at null positions by a neighbouring valid value before encoding.
///
/// Why: null slots then cost nothing — they extend runs, keep deltas small, add no dictionary entry
/// and leave min/max untouched. Leading nulls take the first valid value; an all-null column is
/// filled with zeros (or empty strings).
enum NullFill {
    static func filled<T>(_ values: [T], _ validity: ValidityBitmap, zero: T) -> [T] {
        var result = values
        var last = (0..<values.count).first(where: validity.isValid).map { values[$0] } ?? zero
        for i in 0..<result.count {
            if validity.isValid(i) { last = result[i] } else { result[i] = last }
        }
        return result
    }

    static func filled(_ strings: StringColumn, _ validity: ValidityBitmap) -> StringColumn {
        var result = StringColumn()
        result.reserve(count: strings.count, bytes: strings.bytes.count)
        var last = (0..<strings.count).first(where: validity.isValid) ?? -1
        strings.bytes.withUnsafeBytes { bytes in
            for i in 0..<strings.count {
                if validity.isValid(i) { last = i }
                if last < 0 {
                    result.append(utf8: UnsafeRawBufferPointer(start: nil, count: 0))
                } else {
                    let start = Int(strings.offsets[last]), end = Int(strings.offsets[last + 1])
                    result.append(utf8: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                }
            }
        }
        return result
    }
}
