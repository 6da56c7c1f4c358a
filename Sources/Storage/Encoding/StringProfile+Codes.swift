extension StringProfile {
    /// The profile of strings given as codes into a dictionary of distinct strings: the same
    /// measurements as hashing every row's bytes, from the codes alone (no hashing, no copy).
    /// `distinctRows` then index rows of `dictionary`, which stands in for the strings when a
    /// constant or dictionary codec writes them.
    init(codes: UnsafeBufferPointer<UInt32>, dictionary: StringColumn) {
        count = codes.count
        guard count > 0 else { return }
        firstSeenCodes = [UInt32](repeating: 0, count: count)
        var firstSeen = [Int32](repeating: -1, count: dictionary.count)
        let lengths = (0..<dictionary.count).map { dictionary.length(at: $0) }
        var total = 0, shortest = Int.max, longest = 0
        var runs = 0, run = 0, shortestRun = Int.max, longestRun = 0
        var previous = UInt32.max
        firstSeenCodes.withUnsafeMutableBufferPointer { output in
            for row in 0..<count {
                let code = codes[row]
                var seen = firstSeen[Int(code)]
                if seen < 0 {
                    seen = Int32(distinctRows.count)
                    firstSeen[Int(code)] = seen
                    distinctRows.append(Int32(code))
                }
                output[row] = UInt32(seen)
                let length = lengths[Int(code)]
                total += length
                shortest = min(shortest, length)
                longest = max(longest, length)
                if code == previous {
                    run += 1
                } else {
                    if run > 0 {
                        shortestRun = min(shortestRun, run)
                        longestRun = max(longestRun, run)
                    }
                    runs += 1
                    run = 1
                    previous = code
                }
            }
        }
        totalBytes = total
        minLength = shortest
        maxLength = longest
        runCount = runs
        minRun = min(shortestRun, run)
        maxRun = max(longestRun, run)
        distinctBytes = distinctRows.reduce(0) { $0 + lengths[Int($1)] }
        distinctMinLength = distinctRows.map { lengths[Int($0)] }.min()!
        distinctMaxLength = distinctRows.map { lengths[Int($0)] }.max()!
    }
}
