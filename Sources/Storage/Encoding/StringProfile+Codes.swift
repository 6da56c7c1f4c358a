extension StringProfile {
    /// The profile of strings given as codes into a dictionary of distinct strings: the same
    /// measurements as hashing every row's bytes, from the codes alone (no hashing, no copy).
    /// `distinctRows` then index rows of `dictionary` — the codes used, in dictionary order —
    /// and `dictionary` stands in for the strings when a constant or dictionary codec writes them.
    init(codes: UnsafeBufferPointer<UInt32>, dictionary: StringColumn) {
        count = codes.count
        guard count > 0 else { return }
        // Pass 1: how often each code occurs, and the runs.
        var occurrences = [Int](repeating: 0, count: dictionary.count)
        var runs = 1, run = 1, shortestRun = Int.max, longestRun = 0
        occurrences.withUnsafeMutableBufferPointer { counts in
            var previous = codes[0]
            counts[Int(previous)] = 1
            // Branch-free (`RunTally`): codes of a row group are in no order, so whether one
            // repeats the previous is unpredictable.
            for row in 1..<count {
                let code = codes[row]
                counts[Int(code)] &+= 1
                (shortestRun, longestRun, run) = RunTally.step(differs: code != previous, shortestRun, longestRun, run)
                runs &+= Int(unsafeBitCast(code != previous, to: UInt8.self))
                previous = code
            }
        }
        runCount = runs
        minRun = Swift.min(shortestRun, run)
        maxRun = Swift.max(longestRun, run)
        // The codes used, ascending: a sorted dictionary keeps them in byte order.
        var rank = [UInt32](repeating: 0, count: dictionary.count)
        var total = 0, shortest = Int.max, longest = 0
        for code in 0..<dictionary.count where occurrences[code] > 0 {
            rank[code] = UInt32(distinctRows.count)
            distinctRows.append(Int32(code))
            let length = dictionary.length(at: code)
            total += length * occurrences[code]
            distinctBytes += length
            shortest = Swift.min(shortest, length)
            longest = Swift.max(longest, length)
        }
        totalBytes = total
        minLength = shortest
        maxLength = longest
        distinctMinLength = shortest
        distinctMaxLength = longest
        // Pass 2: each row's index in `distinctRows`.
        firstSeenCodes = [UInt32](unsafeUninitializedCapacity: count) { output, initialised in
            rank.withUnsafeBufferPointer { rank in
                for row in 0..<count { output[row] = rank[Int(codes[row])] }
            }
            initialised = count
        }
    }
}
