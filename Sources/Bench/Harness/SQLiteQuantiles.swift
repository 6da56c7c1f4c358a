import CSQLite
import Synchronization

/// `median(x)` and `quantile_cont(x, p)` for the SQLite peer, which has no quantile function:
/// registered as aggregates written in Swift (exact, by sorting each group's values), so the
/// query suite's SQL runs unchanged apart from dates (see `QuerySuite.sqliteDialect`).
enum SQLiteQuantiles {
    private struct Sample {
        var values: [Double] = []
        var fraction = 0.5
    }

    /// Group states live here; SQLite's aggregate context holds only the key.
    private static let samples = Mutex<(next: Int64, byKey: [Int64: Sample])>((1, [:]))

    static func register(_ handle: OpaquePointer?) {
        for (name, arguments) in [("median", Int32(1)), ("quantile_cont", Int32(2))] {
            sqlite3_create_function_v2(handle, name, arguments, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil, nil,
                                       { context, count, values in SQLiteQuantiles.step(context!, count, values!) },
                                       { context in SQLiteQuantiles.final(context!) }, nil)
        }
    }

    static func step(_ context: OpaquePointer, _ count: Int32, _ values: UnsafeMutablePointer<OpaquePointer?>) {
        let slot = sqlite3_aggregate_context(context, 8)!.assumingMemoryBound(to: Int64.self)
        let value = values[0]
        let fraction = count > 1 ? sqlite3_value_double(values[1]) : 0.5
        let isNull = sqlite3_value_type(value) == SQLITE_NULL
        let number = sqlite3_value_double(value)
        samples.withLock { state in
            if slot.pointee == 0 {
                slot.pointee = state.next
                state.next += 1
                state.byKey[slot.pointee] = Sample()
            }
            state.byKey[slot.pointee]!.fraction = fraction
            if !isNull { state.byKey[slot.pointee]!.values.append(number) }
        }
    }

    static func final(_ context: OpaquePointer) {
        let slot = sqlite3_aggregate_context(context, 0)?.assumingMemoryBound(to: Int64.self)
        guard let key = slot?.pointee, key != 0, let sample = samples.withLock({ $0.byKey.removeValue(forKey: key) }),
              !sample.values.isEmpty else {
            return sqlite3_result_null(context)
        }
        let sorted = sample.values.sorted()
        let position = Double(sorted.count - 1) * sample.fraction
        let low = Int(position.rounded(.down)), high = Int(position.rounded(.up))
        sqlite3_result_double(context, sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low)))
    }
}
