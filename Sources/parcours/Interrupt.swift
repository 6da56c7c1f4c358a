import Foundation
import Query

/// Ctrl-C during a statement cancels that statement (the engine stops at its next chunk and
/// reports "the query was cancelled"); between statements it ends the program as usual.
enum Interrupt {
    /// The cancellation the query command's engine polls; the signal handler only sets it.
    static let cancellation = QueryCancellation()

    static func whileRunning(_ cancellation: QueryCancellation?) {
        guard cancellation === Interrupt.cancellation else { return }
        Interrupt.cancellation.reset()
        signal(SIGINT) { _ in Interrupt.cancellation.cancel() } // an atomic store: async-signal-safe
    }

    static func restore() {
        signal(SIGINT, SIG_DFL)
    }
}
