import ArgumentParser
import Foundation
import Query

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
