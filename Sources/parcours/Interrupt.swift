import ArgumentParser
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

/// `--memory-limit` and `PARCOURS_MEMORY_LIMIT`: a size DuckDB's way (4GB, 512MiB), checked.
enum MemoryLimitOption {
    static func apply(_ option: String?) throws {
        if let text = ProcessInfo.processInfo.environment["PARCOURS_MEMORY_LIMIT"], option == nil {
            do { MemoryBudget.process.setLimit(try MemoryBudget.parse(text)) } catch {
                throw ValidationError("PARCOURS_MEMORY_LIMIT: \(error)")
            }
        }
        guard let option else { return }
        do { MemoryBudget.process.setLimit(try MemoryBudget.parse(option)) } catch {
            throw ValidationError("--memory-limit: \(error)")
        }
    }
}
