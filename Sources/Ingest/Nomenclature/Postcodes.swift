/// French postcodes → department codes (the generalisation the store keeps instead of the postcode).
///
/// The first two digits are the department, except in Corsica (20000-20199: 2A Corse-du-Sud,
/// 20200-20699: 2B Haute-Corse) and overseas, where the first three digits are (971..976).
enum Postcodes {
    /// Department (index in `PathwayCodes.departments`) by the postcode's first three digits.
    private static let byPrefix: [UInt8?] = (0..<1000).map { three in
        let two = three / 10
        let code: String
        switch two {
        case 20: code = three <= 201 ? "2A" : "2B"
        case 97: code = String(three)
        default: code = two < 10 ? "0\(two)" : String(two)
        }
        return PathwayCodes.index(code, in: PathwayCodes.departments)
    }

    /// The department (index in `PathwayCodes.departments`) of a five-digit postcode, or nil when
    /// it is not one or names no known department.
    static func department(_ field: UnsafeRawBufferPointer) -> UInt8? {
        guard field.count == 5 else { return nil }
        var prefix = 0
        for index in 0..<5 {
            let digit = field[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            if index < 3 { prefix = prefix * 10 + Int(digit) }
        }
        return byPrefix[prefix]
    }
}
