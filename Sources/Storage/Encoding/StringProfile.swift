/// One pass of measurements over a chunk of strings: lengths, runs, and the exact set of distinct
/// values (hashed by their bytes, no `String` per row), from which each string codec's size follows.
///
/// Invariant: `firstSeenCodes[i]` is the index in `distinctRows` of row i's value, where
/// `distinctRows` lists one row holding each distinct value — in first-seen order when measured
/// from flat strings, in dictionary order when measured from codes (`init(codes:dictionary:)`).
struct StringProfile {
    let count: Int
    var totalBytes = 0
    var minLength = 0
    var maxLength = 0
    var runCount = 0
    var minRun = 0
    var maxRun = 0
    var distinctRows: [Int32] = []
    var firstSeenCodes: [UInt32] = []
    var distinctBytes = 0
    var distinctMinLength = 0
    var distinctMaxLength = 0
    /// The chunk's validity bitmap, when it has nulls (their rows hold filled values): dictionary
    /// codes may then be stored for the valid rows only.
    var validity: ValidityBitmap?

    init(_ strings: StringColumn) {
        self.init(count: strings.count)
        guard count > 0 else { return }
        totalBytes = strings.bytes.count
        firstSeenCodes = [UInt32](repeating: 0, count: count)
        strings.offsets.withUnsafeBufferPointer { offsets in
            strings.bytes.withUnsafeBytes { bytes in
                measure(offsets: offsets, bytes: bytes)
            }
        }
    }

    private mutating func measure(offsets: UnsafeBufferPointer<UInt32>, bytes: UnsafeRawBufferPointer) {
        var tableSize = 16
        while tableSize < count * 2 { tableSize <<= 1 }
        var table = [Int32](repeating: -1, count: tableSize)
        let mask = tableSize - 1
        var shortest = Int.max, longest = 0
        var runs = 0, run = 0, shortestRun = Int.max, longestRun = 0
        var previousCode = UInt32.max
        for row in 0..<count {
            let start = Int(offsets[row]), length = Int(offsets[row + 1]) - start
            shortest = min(shortest, length)
            longest = max(longest, length)
            let value = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)])
            var slot = Int(truncatingIfNeeded: ByteHash.hash(value)) & mask
            var code: UInt32
            while true {
                let entry = table[slot]
                if entry < 0 {
                    code = UInt32(distinctRows.count)
                    table[slot] = Int32(code)
                    distinctRows.append(Int32(row))
                    distinctBytes += length
                    break
                }
                let other = Int(distinctRows[Int(entry)])
                let otherStart = Int(offsets[other]), otherLength = Int(offsets[other + 1]) - otherStart
                if otherLength == length
                    && (length == 0 || memcmp(value.baseAddress!, bytes.baseAddress! + otherStart, length) == 0) {
                    code = UInt32(entry)
                    break
                }
                slot = (slot + 1) & mask
            }
            firstSeenCodes[row] = code
            if code == previousCode {
                run += 1
            } else {
                if run > 0 {
                    shortestRun = min(shortestRun, run)
                    longestRun = max(longestRun, run)
                }
                runs += 1
                run = 1
                previousCode = code
            }
        }
        shortestRun = min(shortestRun, run)
        longestRun = max(longestRun, run)
        minLength = shortest
        maxLength = longest
        runCount = runs
        minRun = shortestRun
        maxRun = longestRun
        var distinctShortest = Int.max, distinctLongest = 0
        for row in distinctRows {
            let length = Int(offsets[Int(row) + 1] - offsets[Int(row)])
            distinctShortest = min(distinctShortest, length)
            distinctLongest = max(distinctLongest, length)
        }
        distinctMinLength = distinctShortest
        distinctMaxLength = distinctLongest
    }

    private init(count: Int) {
        self.count = count
    }

    var distinctCount: Int { distinctRows.count }
    var runLengthWidth: Int { BitPacking.width(forRange: UInt64(maxRun - minRun)) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
