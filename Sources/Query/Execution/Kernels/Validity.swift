/// Combining null masks (bytes: 1 valid, 0 null; nil when nothing is null).
enum Validity {
    /// Valid where both are: the rule of every null-propagating operator.
    static func both(_ a: [UInt8]?, _ b: [UInt8]?) -> [UInt8]? {
        guard let a else { return b }
        guard let b else { return a }
        let result = zip(a, b).map { $0 & $1 }
        return result.contains(0) ? result : nil
    }

    static func all(_ masks: [[UInt8]?]) -> [UInt8]? {
        masks.reduce(nil as [UInt8]?) { both($0, $1) }
    }

    /// A mask with nulls, or nil when it has none.
    static func normalised(_ mask: [UInt8]) -> [UInt8]? {
        mask.contains(0) ? mask : nil
    }
}
