import Storage

/// The CSV fields of a batch, column by column, in one buffer: field (column c, row r) is
/// `bytes[starts[c * rows + r] ..< ends[c * rows + r]]`. A string column's fields are formatted
/// once per dictionary entry and shared by its rows; NULL is the NULL string, stored once at the
/// start. `assemble` then writes the rows with one copy per field.
///
/// Invariant: every start and end is at most `bytes.count`, which stays below 4 GiB unless
/// `overflowed` (the caller then cuts the batch in two).
struct CSVFieldTable {
    let rows: Int
    let columnCount: Int
    private(set) var bytes: [UInt8]
    private var starts: [UInt32]
    private var ends: [UInt32]
    private let nullEnd: UInt32
    private(set) var overflowed = false

    init(rows: Int, columns: Int, nullBytes: [UInt8]) {
        self.rows = rows
        columnCount = columns
        bytes = nullBytes
        nullEnd = UInt32(truncatingIfNeeded: nullBytes.count)
        starts = [UInt32](repeating: 0, count: rows * columns)
        ends = [UInt32](repeating: 0, count: rows * columns)
    }

    /// Formats column `column` (`vector`, of `rows` values) into the table.
    mutating func add(_ vector: Vector, column: Int, formatter: CSVFormatter) {
        let count = vector.count
        let base = column * rows
        let validity = vector.validity
        // The offsets are moved out of `self` while `bytes` is written (no copy: swapped back).
        var starts = self.starts, ends = self.ends
        self.starts = []
        self.ends = []
        defer {
            self.starts = starts
            self.ends = ends
        }
        func record(_ row: Int, _ start: Int, _ end: Int) {
            starts[base + row] = UInt32(truncatingIfNeeded: start)
            ends[base + row] = UInt32(truncatingIfNeeded: end)
        }
        defer { if bytes.count > Int(UInt32.max) { overflowed = true } }
        switch vector.payload {
        case .varchar(let codes, let dictionary):
            // Each entry used is formatted once.
            var entryStart = [UInt32](repeating: .max, count: dictionary.count)
            var entryEnd = [UInt32](repeating: 0, count: dictionary.count)
            for row in 0..<count where validity.map({ $0[row] != 0 }) ?? true {
                let code = Int(codes[row])
                if entryStart[code] == .max {
                    let start = bytes.count
                    dictionary.withEntry(code) { formatter.field(Array($0), text: true, into: &bytes) }
                    entryStart[code] = UInt32(truncatingIfNeeded: start)
                    entryEnd[code] = UInt32(truncatingIfNeeded: bytes.count)
                }
                starts[base + row] = entryStart[code]
                ends[base + row] = entryEnd[code]
            }
        case .integer(let values) where formatter.plainValuesNeedNoCheck:
            let valid = validity ?? []
            starts.withUnsafeMutableBufferPointer { starts in
                ends.withUnsafeMutableBufferPointer { ends in
                    Self.appendBounded(&bytes, maximum: count * 20) { (into, offset) in
                        var written = 0
                        for row in 0..<count where valid.isEmpty || valid[row] != 0 {
                            starts[base + row] = UInt32(truncatingIfNeeded: offset + written)
                            written += DecimalDigits.write(values[row], to: into + written)
                            ends[base + row] = UInt32(truncatingIfNeeded: offset + written)
                        }
                        return written
                    }
                }
            }
        case .boolean(let values) where formatter.plainValuesNeedNoCheck:
            // Two fields shared by every row.
            let trueStart = bytes.count
            bytes.append(contentsOf: "truefalse".utf8)
            for row in 0..<count where validity.map({ $0[row] != 0 }) ?? true {
                record(row, values[row] != 0 ? trueStart : trueStart + 4, values[row] != 0 ? trueStart + 4 : trueStart + 9)
            }
        case .date(let values) where formatter.plainValuesNeedNoCheck && formatter.options.dateFormat == nil
            && !values.indices.contains(where: { row in (validity.map { $0[row] != 0 } ?? true) && !CSVFieldTable.fourDigitYears.contains(values[row]) }):
            // Rows of a batch share few dates: a date seen in the same slot of a small
            // direct-mapped cache reuses its field instead of being converted again.
            let valid = validity ?? []
            var cachedDay = [Int32](repeating: .min, count: CSVFieldTable.dateCacheSlots)
            var cachedStart = [Int](repeating: 0, count: CSVFieldTable.dateCacheSlots)
            starts.withUnsafeMutableBufferPointer { starts in
                ends.withUnsafeMutableBufferPointer { ends in
                    cachedDay.withUnsafeMutableBufferPointer { cachedDay in
                        cachedStart.withUnsafeMutableBufferPointer { cachedStart in
                            Self.appendBounded(&bytes, maximum: count * 10) { (into, offset) in
                                var written = 0
                                for row in 0..<count where valid.isEmpty || valid[row] != 0 {
                                    let days = values[row]
                                    let slot = Int(UInt32(bitPattern: days) & UInt32(CSVFieldTable.dateCacheSlots - 1))
                                    if cachedDay[slot] != days {
                                        let date = CivilDate(daysSinceEpoch: days)
                                        let target = into + written
                                        _ = DecimalDigits.write(date.year, width: 4, to: target)
                                        target[4] = UInt8(ascii: "-")
                                        _ = DecimalDigits.write(date.month, width: 2, to: target + 5)
                                        target[7] = UInt8(ascii: "-")
                                        _ = DecimalDigits.write(date.day, width: 2, to: target + 8)
                                        cachedDay[slot] = days
                                        cachedStart[slot] = offset + written
                                        written += 10
                                    }
                                    starts[base + row] = UInt32(truncatingIfNeeded: cachedStart[slot])
                                    ends[base + row] = UInt32(truncatingIfNeeded: cachedStart[slot] + 10)
                                }
                                return written
                            }
                        }
                    }
                }
            }
        default:
            for row in 0..<count {
                let start = bytes.count
                switch vector.value(at: row) {
                case .null: starts[base + row] = 0; ends[base + row] = nullEnd; continue
                case .date(let days) where formatter.options.dateFormat != nil:
                    formatter.field(Array((formatter.options.dateFormat?.format(days: days) ?? "").utf8), text: false, into: &bytes)
                case .double, .decimal where formatter.options.decimalSeparator != ".":
                    let text = vector.value(at: row).description.replacingOccurrences(of: ".", with: formatter.options.decimalSeparator)
                    formatter.field(Array(text.utf8), text: false, into: &bytes)
                case let value: formatter.field(Array(value.description.utf8), text: false, into: &bytes)
                }
                record(row, start, bytes.count)
            }
            return
        }
        // NULL rows: the NULL string at the buffer's start.
        if let validity {
            for row in 0..<count where validity[row] == 0 { ends[base + row] = nullEnd }
        }
    }

    static let dateCacheSlots = 4096
    /// Days since 1970 of 0001-01-01 and 9999-12-31: dates written as ten characters.
    static let fourDigitYears: ClosedRange<Int32> = -719_162...2_932_896

    /// Grows `bytes` by `maximum` bytes for `body` to write into (it gets the first new byte and
    /// its offset, returns how many it wrote, at most `maximum`); keeps what it wrote.
    private static func appendBounded(_ bytes: inout [UInt8], maximum: Int, _ body: (UnsafeMutablePointer<UInt8>, Int) -> Int) {
        let base = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: maximum))
        let written = bytes.withUnsafeMutableBufferPointer { buffer in
            guard let start = buffer.baseAddress else { return 0 }
            return body(start + base, base)
        }
        // Each writer is bounded by construction (20 bytes an integer, 10 a four-digit-year date):
        // no value can make it write more; checked in debug builds.
        assert(written <= maximum, "a bounded write overran its room")
        bytes.removeLast(maximum - written)
    }

    /// The rows: fields joined by `delimiter`, a line feed after each; a row of one empty field
    /// (one NULL column, NULL string empty) is `loneNull`.
    ///
    /// Fields of up to 16 bytes are moved as one 16-byte copy (both buffers have 16 bytes of slack
    /// past their end), longer ones with `memcpy`.
    mutating func assemble(delimiter: [UInt8], loneNull: [UInt8]) -> [UInt8] {
        guard rows > 0 else { return [] }
        var size = rows * (max(columnCount, 1) - 1) * delimiter.count + rows
        for index in 0..<(rows * columnCount) { size += Int(ends[index] &- starts[index]) }
        if columnCount == 1 { size += rows * loneNull.count }
        let slack = 16
        bytes.append(contentsOf: repeatElement(0, count: slack))
        let delimiterByte = delimiter.count == 1 ? delimiter[0] : nil
        return [UInt8](unsafeUninitializedCapacity: size + slack) { target, initialised in
            var written = 0
            bytes.withUnsafeBytes { source in
                starts.withUnsafeBufferPointer { starts in
                    ends.withUnsafeBufferPointer { ends in
                        guard let into = target.baseAddress, let from = source.baseAddress else { return }
                        for row in 0..<rows {
                            for column in 0..<columnCount {
                                if column > 0 {
                                    if let delimiterByte {
                                        into[written] = delimiterByte
                                        written += 1
                                    } else {
                                        for byte in delimiter { into[written] = byte; written += 1 }
                                    }
                                }
                                let first = Int(starts[column &* rows &+ row]), end = Int(ends[column &* rows &+ row])
                                let length = end &- first
                                // `size` was summed from these same offsets, which the table wrote
                                // within its own bytes: no input can break this; checked in debug.
                                assert(first <= end && end + slack <= source.count && written + length + slack <= target.count,
                                       "a CSV field out of its buffers")
                                if length > 0 && length <= slack {
                                    UnsafeMutableRawPointer(into + written).copyMemory(from: from + first, byteCount: slack)
                                    written += length
                                } else if length > 0 {
                                    UnsafeMutableRawPointer(into + written).copyMemory(from: from + first, byteCount: length)
                                    written += length
                                } else if columnCount == 1 {
                                    for byte in loneNull { into[written] = byte; written += 1 }
                                }
                            }
                            into[written] = 10
                            written += 1
                        }
                    }
                }
            }
            initialised = written
        }
    }
}
