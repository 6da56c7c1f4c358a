/// A string column chunk's values as a Parquet dictionary: the entries its valid rows use, in the
/// order they first appear, and each row's index among them. The engine's own dictionary may hold
/// entries no row uses (a chunk's dictionary after a filter); they are left out.
struct StringDictionaryEncoding {
    let codes: [UInt32]
    let validity: [UInt8]?
    let offsets: [UInt32]
    let bytes: [UInt8]
    /// The source dictionary's entries in the order rows first use them.
    private(set) var used: [UInt32] = []
    /// Per source entry: its index in `used`, or UInt32.max when no row uses it.
    private(set) var index: [UInt32]
    private(set) var usedBytes = 0

    init(codes: [UInt32], validity: [UInt8]?, offsets: [UInt32], bytes: [UInt8]) {
        self.codes = codes
        self.validity = validity
        self.offsets = offsets
        self.bytes = bytes
        index = [UInt32](repeating: .max, count: max(0, offsets.count - 1))
        for row in codes.indices where validity.map({ $0[row] != 0 }) ?? true {
            let code = Int(codes[row])
            if index[code] == .max {
                index[code] = UInt32(used.count)
                used.append(UInt32(code))
                usedBytes += Int(offsets[code + 1] - offsets[code])
            }
        }
    }

    var usedCount: Int { used.count }

    /// The smallest and largest used entries, compared as unsigned bytes.
    var bounds: (min: [UInt8], max: [UInt8])? {
        guard var low = used.first, var high = used.first else { return nil }
        bytes.withUnsafeBytes { all in
            for code in used.dropFirst() {
                if compare(entry(all, code), entry(all, low)) < 0 { low = code }
                if compare(entry(all, code), entry(all, high)) > 0 { high = code }
            }
        }
        return (Array(bytes[Int(offsets[Int(low)])..<Int(offsets[Int(low) + 1])]),
                Array(bytes[Int(offsets[Int(high)])..<Int(offsets[Int(high) + 1])]))
    }

    private func entry(_ all: UnsafeRawBufferPointer, _ code: UInt32) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: all[Int(offsets[Int(code)])..<Int(offsets[Int(code) + 1])])
    }

    private func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0, let left = a.baseAddress, let right = b.baseAddress {
            let order = memcmp(left, right, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }

    /// The dictionary page's body: the used entries, PLAIN.
    func dictionaryPage() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(usedBytes + 4 * used.count)
        bytes.withUnsafeBytes { all in
            for code in used { PlainEncoder.string(entry(all, code), into: &output) }
        }
        return output
    }

    /// A data page's values: the bit width, then the indices of the valid rows of `rows`.
    func indices(_ rows: Range<Int>, bitWidth: Int, into output: inout [UInt8]) {
        var page: [UInt32] = []
        page.reserveCapacity(rows.count)
        for row in rows where validity.map({ $0[row] != 0 }) ?? true { page.append(index[Int(codes[row])]) }
        output.append(UInt8(bitWidth))
        page.withUnsafeBufferPointer { HybridEncoder.encode($0, bitWidth: bitWidth, into: &output) }
    }

    /// A data page's values without a dictionary: each valid row's string, PLAIN.
    func plain(_ rows: Range<Int>, into output: inout [UInt8]) {
        bytes.withUnsafeBytes { all in
            for row in rows where validity.map({ $0[row] != 0 }) ?? true {
                PlainEncoder.string(entry(all, codes[row]), into: &output)
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
