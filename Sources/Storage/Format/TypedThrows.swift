/// Runs `body`, whose only possible error is an `E` thrown through a `rethrows` API that erases the
/// error type (e.g. `Array.withUnsafeBytes`), and restores the typed error.
@inline(__always)
func rethrowing<E: Error, R>(_: E.Type, _ body: () throws -> R) throws(E) -> R {
    do {
        return try body()
    } catch let error as E {
        throw error
    } catch {
        preconditionFailure("unexpected error type: \(error)")
    }
}
