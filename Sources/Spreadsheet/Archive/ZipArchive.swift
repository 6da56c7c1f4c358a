/// The directory of a ZIP archive held in memory (a mapped file): its entries by name, each with
/// where its compressed bytes are. An `.xlsx` workbook is such an archive of XML parts.
///
/// Read from the central directory at the end of the file (ZIP64 included), then each entry's
/// local header for where its data starts. Every offset and size the file gives is checked against
/// the file's length: a truncated or damaged archive is a `SpreadsheetError`, never a trap or a
/// read out of bounds. Multi-disk archives, encrypted entries and methods other than stored and
/// DEFLATE are refused with a message. Messages name no entry: an archive's names are the
/// file's content, and may be anything.
///
/// ZIPFoundation reads archives too, but its `extract` loops forever on an entry whose DEFLATE
/// stream does not end before the file does (it ignores the entry's compressed size and an empty
/// read), and it does not expose where an entry's data starts, so that it cannot be bounded from
/// outside; hence this reader, which inflates each entry within its own bytes (`ZipEntryStream`).
public final class ZipArchive: @unchecked Sendable {
    /// One file in the archive.
    public struct Entry: Sendable, Equatable {
        public let name: String
        /// 0: stored, 8: DEFLATE.
        public let method: Int
        public let crc32: UInt32
        public let compressedSize: Int
        public let uncompressedSize: Int
        /// Where the compressed bytes start in the archive.
        public let dataOffset: Int
    }

    /// The archive's bytes; `owner` keeps them alive (a mapped file).
    let bytes: UnsafeRawBufferPointer
    private let owner: AnyObject?
    /// Entries by lowercased name: part names in a workbook are case-insensitive.
    private let entries: [String: Entry]
    public var names: [String] { entries.values.map(\.name).sorted() }

    /// The bytes an OLE2 compound file starts with (legacy `.xls`, password-protected `.xlsx`).
    static let compoundFileMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    public init(bytes: UnsafeRawBufferPointer, owner: AnyObject?) throws(SpreadsheetError) {
        self.bytes = bytes
        self.owner = owner
        if bytes.count >= 8, Array(bytes[0..<8]) == Self.compoundFileMagic {
            throw .legacyOrEncrypted(passwordProtected: Self.holdsEncryptedPackage(bytes))
        }
        let file = LittleEndianBytes(bytes: bytes)
        guard file.u32(0) == 0x0403_4B50 || file.u32(0) == 0x0605_4B50 else {
            throw .malformedArchive("the file does not start as a ZIP archive does")
        }
        let directory = try Self.centralDirectory(file)
        var entries: [String: Entry] = [:]
        var offset = directory.offset
        for _ in 0..<directory.count {
            let entry = try Self.entry(file, at: &offset, directoryEnd: directory.offset + directory.size)
            entries[entry.name.lowercased()] = entry
        }
        self.entries = entries
    }

    /// The entry named `name` (case-insensitive, without a leading slash).
    public func entry(_ name: String) -> Entry? {
        entries[(name.hasPrefix("/") ? String(name.dropFirst()) : name).lowercased()]
    }

    /// The compressed bytes of `entry` (checked against the file when the entry was read).
    func data(_ entry: Entry) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[entry.dataOffset..<(entry.dataOffset + entry.compressedSize)])
    }

    private struct Directory {
        var offset: Int
        var size: Int
        var count: Int
    }

    /// The end-of-central-directory record (searched backwards past a comment of up to 64 KiB),
    /// and its ZIP64 form when a field overflowed.
    private static func centralDirectory(_ file: LittleEndianBytes) throws(SpreadsheetError) -> Directory {
        let last = file.count - 22
        guard last >= 0 else { throw .malformedArchive("the file is too short to be a ZIP archive") }
        var end: Int?
        for candidate in stride(from: last, through: max(0, last - 65_535), by: -1) where file.u32(candidate) == 0x0605_4B50 {
            end = candidate
            break
        }
        guard let end, let disk = file.u16(end + 4), let directoryDisk = file.u16(end + 6), let count = file.u16(end + 10),
              let size = file.u32(end + 12), let offset = file.u32(end + 16) else {
            throw .malformedArchive("its end-of-directory record is missing")
        }
        var directory = Directory(offset: offset, size: size, count: count)
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            guard file.u32(end - 20) == 0x0706_4B50, let recordOffset = file.u64(end - 12), file.u32(recordOffset) == 0x0606_4B50,
                  let count64 = file.u64(recordOffset + 32), let size64 = file.u64(recordOffset + 40),
                  let offset64 = file.u64(recordOffset + 48) else {
                throw .malformedArchive("its ZIP64 end-of-directory record is missing or broken")
            }
            directory = Directory(offset: offset64, size: size64, count: count64)
        } else if disk != 0 || directoryDisk != 0 {
            throw .malformedArchive("it is one part of a multi-volume archive")
        }
        guard directory.offset <= file.count, directory.size <= file.count - directory.offset,
              directory.count <= directory.size / 46 else {
            throw .malformedArchive("its directory lies outside the file")
        }
        return directory
    }

    /// The central-directory header at `offset` (advanced past it) and its local header.
    private static func entry(_ file: LittleEndianBytes, at offset: inout Int, directoryEnd: Int) throws(SpreadsheetError) -> Entry {
        guard offset <= directoryEnd - 46, file.u32(offset) == 0x0201_4B50, let flags = file.u16(offset + 8),
              let method = file.u16(offset + 10), let crc = file.u32(offset + 16), var compressed = file.u32(offset + 20),
              var uncompressed = file.u32(offset + 24), let nameLength = file.u16(offset + 28), let extraLength = file.u16(offset + 30),
              let commentLength = file.u16(offset + 32), var local = file.u32(offset + 42),
              let nameBytes = file.slice(offset + 46, nameLength), let extra = file.slice(offset + 46 + nameLength, extraLength) else {
            throw .malformedArchive("an entry of its directory is broken")
        }
        let name = String(decoding: nameBytes, as: UTF8.self)
        offset += 46 + nameLength + extraLength + commentLength
        // ZIP64: the sizes and offset that overflowed 32 bits follow, in this order, in extra 0x0001.
        if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
            let fields = LittleEndianBytes(bytes: extra)
            var cursor = 0
            var zip64: LittleEndianBytes?
            while let id = fields.u16(cursor), let length = fields.u16(cursor + 2) {
                if id == 1, let body = fields.slice(cursor + 4, length) { zip64 = LittleEndianBytes(bytes: body) }
                cursor += 4 + length
            }
            var field = 0
            func next() throws(SpreadsheetError) -> Int {
                guard let value = zip64?.u64(field) else { throw .malformedArchive("the ZIP64 sizes of an entry are missing") }
                field += 8
                return value
            }
            if uncompressed == 0xFFFF_FFFF { uncompressed = try next() }
            if compressed == 0xFFFF_FFFF { compressed = try next() }
            if local == 0xFFFF_FFFF { local = try next() }
        }
        if flags & 1 != 0 { throw .legacyOrEncrypted(passwordProtected: true) }
        guard method == 0 || method == 8 else {
            throw .malformedArchive("an entry is compressed with method \(method); save the workbook again from Excel")
        }
        guard file.u32(local) == 0x0403_4B50, let localName = file.u16(local + 26), let localExtra = file.u16(local + 28),
              file.slice(local + 30 + localName + localExtra, compressed) != nil else {
            throw .malformedArchive("the data of an entry lies outside the file")
        }
        return Entry(name: name, method: method, crc32: UInt32(crc), compressedSize: compressed, uncompressedSize: uncompressed,
                     dataOffset: local + 30 + localName + localExtra)
    }

    /// Whether a compound file holds an `EncryptedPackage` stream (Excel's password-protected
    /// `.xlsx`): its directory names it in UTF-16, which a plain scan finds.
    private static func holdsEncryptedPackage(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let name = Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        guard bytes.count >= name.count, let first = name.first else { return false }
        for start in 0...(bytes.count - name.count) where bytes[start] == first {
            if (1..<name.count).allSatisfy({ bytes[start + $0] == name[$0] }) { return true }
        }
        return false
    }
}
