import Crypto
import Foundation
import Spreadsheet
import Storage

/// A worksheet read as a certifier file: the workbook opened from a mapped file, the sheet chosen
/// (by name, else the first visible), its header found (`SheetHeader`), then its rows turned into
/// `CSVRecord`s over the row's own text, so that the row parsers read a workbook as they read a
/// CSV file. A record's line is the row's number in the sheet: a reject names the row the
/// certifier sees in Excel. Rows without any value (formatted, or left empty) are not records.
final class SheetSource {
    let path: String
    let file: MappedFile
    let workbook: Workbook
    let sheet: Workbook.Sheet
    let header: SheetHeader
    private var reader: SheetReader
    /// A row read ahead while looking for the header's end: the first record.
    private var pending: SheetRow?
    private(set) var emptyRows = 0

    var name: String { path }
    var format: String { "sheet '\(sheet.name)' of an .xlsx workbook\(workbook.uses1904DateSystem ? " (1904 date system)" : "")" }

    /// The bytes an `.xlsx` (a ZIP archive) or a compound file (`.xls`, an encrypted workbook)
    /// starts with: such a file is read as a workbook, whatever its name.
    static func isWorkbook(path: String) -> Bool {
        // Only a regular file is looked into: opening a FIFO would wait for a writer (the CSV
        // reader then refuses what is not a regular file).
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let start = [UInt8]((try? handle.read(upToCount: 4)) ?? Data())
        // A ZIP archive's first entry, or its end record (an archive without entries).
        return start == [0x50, 0x4B, 0x03, 0x04] || start == [0x50, 0x4B, 0x05, 0x06] || start == [0xD0, 0xCF, 0x11, 0xE0]
    }

    init(path: String, sheet name: String?, limits: SpreadsheetLimits) throws(IngestError) {
        self.path = path
        do throws(StorageError) {
            file = try MappedFile(path, access: .sequential)
        } catch {
            throw .file(error)
        }
        do {
            workbook = try Workbook(bytes: file.bytes, owner: file, limits: limits)
            sheet = try workbook.sheet(named: name)
            reader = try workbook.rows(of: sheet)
            var row = SheetRow()
            var found = false
            while try reader.next(into: &row) {
                if !row.isEmpty { found = true; break }
            }
            guard found else { throw IngestError.badHeader(file: path, detail: "sheet '\(sheet.name)' is empty: expected a header row") }
            var rows = [row]
            // Only a header with a gap can be completed by merged cells: only then read them.
            let filled = Set(row.cells.filter { !$0.range.isEmpty }.map(\.column))
            let hasGap = (filled.max() ?? 0) + 1 > filled.count
            let merges = hasGap ? try workbook.rows(of: sheet).mergedRanges().filter { $0.firstRow <= row.number + SheetHeader.maximumRows } : []
            // A header's merged cells are a few dozen; each header cell looks through them.
            guard merges.count <= SheetHeader.maximumMerges else {
                throw IngestError.badHeader(file: path, detail: "the header has more than \(SheetHeader.maximumMerges) merged cells")
            }
            let bottom = SheetHeader.bottom(top: row.number, merges: merges)
            var next = SheetRow()
            while try reader.next(into: &next) {
                if next.number > bottom { pending = next; break }
                rows.append(next)
            }
            header = SheetHeader(rows: rows, merges: merges)
        } catch let error as SpreadsheetError {
            throw .spreadsheet(file: path, error)
        } catch let error as IngestError {
            throw error
        } catch {
            throw .spreadsheet(file: path, .malformedArchive("\(error)"))
        }
    }

    /// Lets the pages of the file read so far leave the resident set (the archive is read once,
    /// forward: memory stays bounded whatever the file's size).
    func releaseReadPages() {
        file.release(0..<file.bytes.count)
    }

    /// The file's SHA-256, read in slices released as they are hashed.
    func sha256() -> String {
        var hasher = SHA256()
        let bytes = file.bytes, slice = 8 << 20
        for start in stride(from: 0, to: bytes.count, by: slice) {
            let range = start..<min(bytes.count, start + slice)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[range]))
            file.release(range)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// How far the sheet has been read (bytes of its XML).
    var progress: (done: Int, total: Int) { reader.progress }

    /// The next row holding a value, after the header; false after the last.
    func next(into row: inout SheetRow) throws(IngestError) -> Bool {
        if let held = pending {
            pending = nil
            row = held
            if !row.isEmpty { return true }
            emptyRows += 1
        }
        do throws(SpreadsheetError) {
            while try reader.next(into: &row) {
                if !row.isEmpty { return true }
                emptyRows += 1
            }
            return false
        } catch {
            throw .spreadsheet(file: path, error)
        }
    }
}
