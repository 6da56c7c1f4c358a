import Dispatch
import Synchronization

/// A byte range of a CSV file that starts at a record boundary, with its first physical line.
public struct CSVChunk: Sendable, Equatable {
    public let range: Range<Int>
    public let firstLine: Int
}

/// Cuts a file into chunks that start exactly at record boundaries, so several threads can parse
/// one file and the results can be merged in order.
///
/// A newline inside a quoted field is not a boundary, so a chunk's start depends on whether it lies
/// inside quotes. Pass 1 (parallel) counts quotes and newlines per slice; the parity of the quotes
/// before a slice tells whether it starts inside a quoted field, and the newlines give line
/// numbers. Pass 2 moves each cut to the first line end outside quotes. This is exact for files
/// whose quotes are balanced as RFC 4180 writes them; a stray quote in an unquoted field can
/// mislead it, which `CSVReader` detects (a chunk's records must end exactly where the next chunk
/// starts) before falling back to one sequential pass.
public enum CSVChunkPlanner {
    /// `release`, when given, is told each slice pass 1 has read, so the caller can drop its pages
    /// from memory (pass 1 reads the whole file before anything is parsed).
    public static func plan(_ bytes: UnsafeRawBufferPointer, range: Range<Int>, firstLine: Int, chunks wanted: Int,
                            release: (@Sendable (Range<Int>) -> Void)? = nil) -> [CSVChunk] {
        let count = max(1, min(wanted, range.count / (1 << 16)))
        guard count > 1 else { return [CSVChunk(range: range, firstLine: firstLine)] }
        let sliceSize = range.count / count
        let cuts = (0...count).map { $0 == count ? range.upperBound : range.lowerBound + $0 * sliceSize }
        // Pass 1: quotes and newlines in every slice.
        let counts = Mutex<[Int: (quotes: Int, newlines: Int)]>([:])
        nonisolated(unsafe) let base = bytes
        DispatchQueue.concurrentPerform(iterations: count) { slice in
            let (quotes, newlines) = countQuotesAndNewlines(base, cuts[slice]..<cuts[slice + 1])
            counts.withLock { $0[slice] = (quotes, newlines) }
            release?(cuts[slice]..<cuts[slice + 1])
        }
        let perSlice = counts.withLock { $0 }
        // Pass 2: move every inner cut to just after the first line end outside quotes.
        var starts = [range.lowerBound]
        var lines = [firstLine]
        var quotesBefore = 0, newlinesBefore = 0
        for slice in 1..<count {
            quotesBefore += perSlice[slice - 1]!.quotes
            newlinesBefore += perSlice[slice - 1]!.newlines
            var inQuotes = quotesBefore % 2 == 1
            var index = cuts[slice], line = firstLine + newlinesBefore
            while index < range.upperBound {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    if !inQuotes { break }
                }
            }
            if index > starts.last! && index < range.upperBound {
                starts.append(index)
                lines.append(line)
            }
        }
        starts.append(range.upperBound)
        return (0..<(starts.count - 1)).map { CSVChunk(range: starts[$0]..<starts[$0 + 1], firstLine: lines[$0]) }
    }

    /// Quotes and line feeds in `range`: branch-free (a comparison's Bool bit-cast to a byte),
    /// which the compiler vectorises; a `cond ? 1 : 0` version stays scalar and branchy.
    static func countQuotesAndNewlines(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> (quotes: Int, newlines: Int) {
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var quotes = 0, newlines = 0
        var start = range.lowerBound
        // Blocks of at most 2^31 bytes keep the 32-bit counters from overflowing.
        while start < range.upperBound {
            let end = min(range.upperBound, start + (1 << 31))
            var quoteCount: UInt32 = 0, newlineCount: UInt32 = 0
            for index in start..<end {
                let byte = base[index]
                quoteCount &+= UInt32(unsafeBitCast(byte == UInt8(ascii: "\""), to: UInt8.self))
                newlineCount &+= UInt32(unsafeBitCast(byte == UInt8(ascii: "\n"), to: UInt8.self))
            }
            quotes += Int(quoteCount)
            newlines += Int(newlineCount)
            start = end
        }
        return (quotes, newlines)
    }
}
