import Storage

/// The deterministic batches the crash test writes and checks (shared by the test and its writer
/// process, so both agree on what batch k must contain).
public enum CrashWorkload {
    public static let schema = try! TableSchema([
        ColumnDefinition("batch", .int32, nullable: false),
        ColumnDefinition("row", .int32, nullable: false),
        ColumnDefinition("label", .string),
    ])

    /// Rows in batch k: between 1 and 2,000, so commits span from one to three 700-row segments.
    public static func size(of batch: Int) -> Int { 1 + (batch &* 7919) % 2000 }

    public static func batch(_ k: Int) -> ColumnBatch {
        let count = size(of: k)
        var labels = StringColumn()
        var valid = [Bool]()
        for row in 0..<count {
            labels.append("batch \(k) row \(row) é")
            valid.append(row % 7 != 0)
        }
        return try! ColumnBatch([
            Column(.int32([Int32](repeating: Int32(k), count: count))),
            Column(.int32((0..<count).map(Int32.init))),
            Column(.string(labels), validity: ValidityBitmap(valid)),
        ])
    }
}
