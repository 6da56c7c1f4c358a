import CZlib

/// An archive entry's bytes, inflated piece by piece into the caller's buffer: the whole part is
/// never in memory. Input is bounded by the entry's compressed size, output by its declared size
/// and by `maximumBytes`, and the CRC-32 is checked at the end, so a truncated, damaged or lying
/// entry (a zip bomb declares a small size and inflates to gigabytes) is an error as soon as it
/// shows, never a hang or an unbounded read.
///
/// Invariant: `stream` lives at a fixed address from `inflateInit2_` to `inflateEnd` (zlib keeps a
/// pointer back to it), hence a class owning it.
final class ZipEntryStream {
    /// What messages call the entry ("sheet 'Export VAE'", "the shared strings"): never its name
    /// in the archive, which is the file's content.
    let part: String
    private let input: UnsafeRawBufferPointer
    private let stored: Bool
    let declaredBytes: Int
    private let expectedCRC: UInt32
    private let maximumBytes: Int
    private let stream: UnsafeMutablePointer<z_stream>
    private var initialised = false
    /// Input bytes handed to zlib so far (it takes at most 4 GiB at a time).
    private var fed = 0
    private var crc: UInt = 0
    private(set) var produced = 0
    private(set) var finished = false

    /// `limitName`: the limit `maximumBytes` is, as messages name it.
    init(_ archive: ZipArchive, _ entry: ZipArchive.Entry, label: String, maximumBytes: Int,
         limitName: String = SpreadsheetLimits.partBytesName) throws(SpreadsheetError) {
        part = label
        input = archive.data(entry)
        stored = entry.method == 0
        declaredBytes = entry.uncompressedSize
        expectedCRC = entry.crc32
        self.maximumBytes = maximumBytes
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        if declaredBytes > maximumBytes {
            throw .limitExceeded(limit: limitName,
                                 detail: "\(part) would inflate to \(declaredBytes) bytes, more than the \(maximumBytes) allowed")
        }
        guard !stored else { return }
        guard inflateInit2_(stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .damagedPart(part: part, detail: "cannot start inflating it")
        }
        initialised = true
    }

    deinit {
        if initialised { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Fills `buffer` with the next bytes; 0 once the entry has ended (and been checked).
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SpreadsheetError) -> Int {
        guard !finished, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let count: Int
        if stored {
            count = min(buffer.count, input.count - produced)
            if count > 0, let source = input.baseAddress { base.copyMemory(from: source + produced, byteCount: count) }
            if count == 0 { finished = true }
        } else {
            count = try inflate(into: base, capacity: min(buffer.count, Int(UInt32.max)))
        }
        if count > 0 {
            crc = crc32(crc, base.assumingMemoryBound(to: Bytef.self), UInt32(count))
            produced += count
        }
        if produced > declaredBytes {
            throw .damagedPart(part: part, detail: "it inflates to more than the \(declaredBytes) bytes its archive declares (a zip bomb?)")
        }
        if finished { try check() }
        return count
    }

    private func inflate(into base: UnsafeMutableRawPointer, capacity: Int) throws(SpreadsheetError) -> Int {
        stream.pointee.next_out = base.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = UInt32(capacity)
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0 && fed < input.count, let source = input.baseAddress {
                let piece = min(input.count - fed, Int(UInt32.max))
                stream.pointee.next_in = UnsafeMutablePointer(mutating: (source + fed).assumingMemoryBound(to: Bytef.self))
                stream.pointee.avail_in = UInt32(piece)
                fed += piece
            }
            let before = stream.pointee.avail_out
            let status = CZlib.inflate(stream, Z_NO_FLUSH)
            if status == Z_STREAM_END {
                finished = true
                break
            }
            guard status == Z_OK || status == Z_BUF_ERROR else {
                throw .damagedPart(part: part, detail: "its compressed data is corrupt")
            }
            // No progress with every input byte given: the stream needs bytes the entry lacks.
            if stream.pointee.avail_out == before && stream.pointee.avail_in == 0 && fed == input.count {
                throw .damagedPart(part: part, detail: "its compressed data ends early (the file is truncated)")
            }
        }
        return capacity - Int(stream.pointee.avail_out)
    }

    private func check() throws(SpreadsheetError) {
        guard produced == declaredBytes else {
            throw .damagedPart(part: part, detail: "it inflates to \(produced) bytes where its archive declares \(declaredBytes)")
        }
        guard UInt32(truncatingIfNeeded: crc) == expectedCRC else {
            throw .damagedPart(part: part, detail: "its checksum does not match (the file is damaged)")
        }
    }
}
