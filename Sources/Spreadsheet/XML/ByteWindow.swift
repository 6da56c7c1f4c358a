#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A sliding window over a part as it inflates: the tokenizer reads `bytes[position..<end]`, and
/// when a token runs past `end`, `refill` moves the unread bytes to the front and inflates more
/// behind them. Memory is the window's capacity, whatever the part's size.
///
/// A value type holding its positions inline (the tokenizer's hot loop reads them without the
/// exclusivity checks a class's properties cost), over a `WindowStorage` that owns the bytes.
/// Invariants: `0 <= position <= end <= capacity`; bytes before `position` may be overwritten by
/// the next `refill`, so ranges handed out are valid until then only.
struct ByteWindow {
    /// The window's bytes and where they come from; freed with the last window that uses them.
    final class WindowStorage {
        let source: ZipEntryStream
        let bytes: UnsafeMutableRawBufferPointer

        init(_ source: ZipEntryStream, capacity: Int) {
            self.source = source
            bytes = .allocate(byteCount: capacity, alignment: 16)
        }

        deinit { bytes.deallocate() }
    }

    private let storage: WindowStorage
    private let base: UnsafeMutableRawPointer
    let capacity: Int
    var position = 0
    private(set) var end = 0
    /// Offset in the part of `storage[0]` (error messages).
    private(set) var shifted = 0
    private(set) var exhausted = false

    var part: String { storage.source.part }

    init(_ source: ZipEntryStream, capacity: Int = SpreadsheetLimits.maximumMarkupBytes) {
        storage = WindowStorage(source, capacity: capacity)
        // A capacity of at least one byte: the allocation has an address.
        base = storage.bytes.baseAddress ?? UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
        self.capacity = capacity
    }

    /// Where window index 0 is (for readers that must not retain the storage per use).
    var origin: UnsafeRawPointer { UnsafeRawPointer(base) }

    @inline(__always)
    subscript(_ index: Int) -> UInt8 {
        assert(index >= 0 && index < end, "ByteWindow read outside its valid bytes")
        return base.load(fromByteOffset: index, as: UInt8.self)
    }

    /// The valid bytes in `range`.
    @inline(__always)
    func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        assert(range.lowerBound >= 0 && range.upperBound <= end, "ByteWindow range outside its valid bytes")
        return UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// The first index of `byte` in `from..<upTo` (the valid bytes' end when nil), or nil.
    @inline(__always)
    func firstIndex(of byte: UInt8, from: Int, upTo: Int? = nil) -> Int? {
        let limit = min(upTo ?? end, end)
        guard from < limit, let found = memchr(base + from, Int32(byte), limit - from) else { return nil }
        return base.distance(to: found)
    }

    /// Moves `position..<end` to the front and inflates behind it. False when nothing more came
    /// (the part has ended); throws when the unread bytes already fill the window (a tag, a
    /// comment or a CDATA section longer than the window; a text comes in pieces).
    mutating func refill() throws(SpreadsheetError) -> Bool {
        if exhausted { return false }
        let kept = end - position
        if kept == capacity {
            throw .limitExceeded(limit: SpreadsheetLimits.markupBytesName,
                                 detail: "\(part): a tag or comment longer than \(capacity) bytes at byte \(shifted + position)")
        }
        if position > 0 {
            if kept > 0 { memmove(base, base + position, kept) }
            shifted += position
            position = 0
            end = kept
        }
        let read = try storage.source.read(into: UnsafeMutableRawBufferPointer(start: base + end, count: capacity - end))
        if read == 0 { exhausted = true }
        end += read
        return read > 0
    }

    /// Bytes inflated so far, and the part's declared size.
    var progress: (done: Int, total: Int) { (storage.source.produced, storage.source.declaredBytes) }

    /// The part offset of window index `index` (error messages).
    func offset(_ index: Int) -> Int { shifted + index }
}
