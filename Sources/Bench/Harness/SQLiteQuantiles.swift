import CSQLite
import Synchronization

/// `median(x)`, `quantile_cont(x, p)` and `quantile_disc(x, p)` for SQLite, which has no
/// quantile function, with DuckDB's definitions (exact, by sorting each group's values):
/// `quantile_cont` interpolates at position `(n - 1)·p`, `quantile_disc` takes the value at
/// `ceil(n·p) - 1` (an integer when every value was). Registered by the query suite's SQLite peer
/// and by the query tests' SQLite reference.
public enum SQLiteQuantiles {
    private struct Sample {
        var values: [Double] = []
        var allIntegers = true
        var fraction = 0.5
    }

    /// Group states live here; SQLite's aggregate context holds only the key.
    private static let samples = Mutex<(next: Int64, byKey: [Int64: Sample])>((1, [:]))

    public static func register(_ handle: OpaquePointer?) {
        for (name, arguments) in [("median", Int32(1)), ("quantile_cont", Int32(2)), ("quantile_disc", Int32(2))] {
            // The user data names the function (one copy per registration, kept for the connection's life).
            sqlite3_create_function_v2(handle, name, arguments, SQLITE_UTF8 | SQLITE_DETERMINISTIC, UnsafeMutableRawPointer(strdup(name)),
                                       nil, { context, count, values in SQLiteQuantiles.step(context!, count, values!) },
                                       { context in SQLiteQuantiles.final(context!) }, nil)
        }
    }

    static func step(_ context: OpaquePointer, _ count: Int32, _ values: UnsafeMutablePointer<OpaquePointer?>) {
        let slot = sqlite3_aggregate_context(context, 8)!.assumingMemoryBound(to: Int64.self)
        let value = values[0]
        let fraction = count > 1 ? sqlite3_value_double(values[1]) : 0.5
        let type = sqlite3_value_type(value)
        let number = sqlite3_value_double(value)
        samples.withLock { state in
            if slot.pointee == 0 {
                slot.pointee = state.next
                state.next += 1
                state.byKey[slot.pointee] = Sample()
            }
            state.byKey[slot.pointee]!.fraction = fraction
            guard type != SQLITE_NULL else { return }
            state.byKey[slot.pointee]!.values.append(number)
            if type != SQLITE_INTEGER { state.byKey[slot.pointee]!.allIntegers = false }
        }
    }

    static func final(_ context: OpaquePointer) {
        let slot = sqlite3_aggregate_context(context, 0)?.assumingMemoryBound(to: Int64.self)
        guard let key = slot?.pointee, key != 0, let sample = samples.withLock({ $0.byKey.removeValue(forKey: key) }),
              !sample.values.isEmpty else {
            return sqlite3_result_null(context)
        }
        let sorted = sample.values.sorted()
        if String(cString: sqlite3_user_data(context)!.assumingMemoryBound(to: CChar.self)) == "quantile_disc" {
            let index = max(0, Int((Double(sorted.count) * sample.fraction).rounded(.up)) - 1)
            if sample.allIntegers { sqlite3_result_int64(context, Int64(sorted[index])) } else { sqlite3_result_double(context, sorted[index]) }
            return
        }
        let position = Double(sorted.count - 1) * sample.fraction
        let low = Int(position.rounded(.down)), high = Int(position.rounded(.up))
        sqlite3_result_double(context, sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low)))
    }
}

#if canImport(Glibc)
import Glibc
#endif
