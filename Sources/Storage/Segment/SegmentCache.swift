import Synchronization

/// A segment file mapped into memory with its footer parsed and checked, shared by every reader
/// of that file in the process. It remembers which chunks' checksums were verified: segment files
/// are immutable, so a chunk whose bytes matched their checksum once in this mapping is not hashed
/// again on the next query (the role of DuckDB's buffer pool or ClickHouse's caches: a warm query
/// pays for decoding, not for copying and re-hashing the same bytes).
final class MappedSegment: @unchecked Sendable {
    let file: MappedFile
    let footer: SegmentFooter
    private let verified: Mutex<[Bool]>

    init(path: String) throws(StorageError) {
        do {
            file = try MappedFile(path)
        } catch .missingFile {
            throw .missingSegment(file: path)
        }
        footer = try SegmentFooter.read(from: file)
        verified = Mutex([Bool](repeating: false, count: footer.chunks.count))
    }

    func isVerified(_ chunk: Int) -> Bool { verified.withLock { $0[chunk] } }

    func markVerified(_ chunk: Int) { verified.withLock { $0[chunk] = true } }
}

/// The segments this process has mapped, by path, least recently used dropped beyond `capacity`.
///
/// An entry serves a path only while the file there keeps the identity it had when mapped
/// (device, inode, size, modification time; one `stat` per lookup): a store deleted and recreated
/// at the same path, or a file rewritten in place, is mapped and verified afresh.
enum SegmentCache {
    /// Mapped files kept. Each costs address space and one mapping (Linux allows 65,530 by
    /// default), not memory: the pages belong to the page cache.
    static let capacity = 2048

    private struct Entry {
        let segment: MappedSegment
        var lastUse: UInt64
    }

    private static let entries = Mutex<(byPath: [String: Entry], clock: UInt64, missesSinceSweep: Int)>(([:], 0, 0))

    /// Misses between two sweeps. A sweep drops the entries whose file is gone or replaced (a
    /// deleted store's files, which a mapping would otherwise keep on disk and in memory until
    /// evicted): one `stat` per entry, every `sweepInterval` new mappings.
    static let sweepInterval = 64

    /// The mapped segment at `path`, mapped now if it is not in the cache or the file changed.
    static func segment(at path: String) throws(StorageError) -> MappedSegment {
        let identity = try FileIdentity.of(path)
        let hit: MappedSegment? = entries.withLock { state in
            guard var entry = state.byPath[path], entry.segment.file.identity == identity else { return nil }
            state.clock += 1
            entry.lastUse = state.clock
            state.byPath[path] = entry
            return entry.segment
        }
        if let hit { return hit }
        // Mapped outside the lock: another thread may map the same file meanwhile; the last one
        // stored wins and both are correct.
        let mapped = try MappedSegment(path: path)
        let sweep: [(String, FileIdentity)]? = entries.withLock { state in
            state.clock += 1
            state.byPath[path] = Entry(segment: mapped, lastUse: state.clock)
            if state.byPath.count > capacity {
                let oldest = state.byPath.min { $0.value.lastUse < $1.value.lastUse }!.key
                state.byPath[oldest] = nil
            }
            state.missesSinceSweep += 1
            guard state.missesSinceSweep >= sweepInterval else { return nil }
            state.missesSinceSweep = 0
            return state.byPath.map { ($0.key, $0.value.segment.file.identity) }
        }
        if let sweep {
            // The stats outside the lock; an entry replaced meanwhile is left alone.
            let stale = sweep.filter { path, identity in (try? FileIdentity.of(path)) != identity }
            entries.withLock { state in
                for (path, identity) in stale where state.byPath[path]?.segment.file.identity == identity { state.byPath[path] = nil }
            }
        }
        return mapped
    }

    /// Whether the file at `path` is mapped (for tests).
    static func isMapped(_ path: String) -> Bool { entries.withLock { $0.byPath[path] != nil } }
}
