/// Why a workbook cannot be read, in words a certifier can act on. The file's name is added by
/// the caller; a part is named by what it is ("sheet 'Export VAE'", "the shared strings"), a cell
/// by its reference ("F12"). No message quotes a cell's value, an attribute or a name inside the
/// archive: any of them may be a candidate's name. Sheet names are quoted, as a CSV file's headers
/// are: they are the workbook's structure.
public enum SpreadsheetError: Error, Equatable, CustomStringConvertible {
    /// A Compound File (OLE2): a legacy `.xls` workbook, or an `.xlsx` saved with a password (Excel
    /// then wraps the encrypted workbook in the same container).
    case legacyOrEncrypted(passwordProtected: Bool)
    /// Not a ZIP archive, or one whose directory is broken or truncated.
    case malformedArchive(String)
    /// A ZIP archive that is not a workbook (no `xl/workbook.xml`, or a part it names is missing).
    case notAWorkbook(String)
    /// An entry whose compressed bytes do not inflate to what the directory declares.
    case damagedPart(part: String, detail: String)
    /// A named limit was reached (see `SpreadsheetLimits`).
    case limitExceeded(limit: String, detail: String)
    /// A part is not well-formed XML (or uses what a workbook never does: a DTD, UTF-16).
    case malformedXML(part: String, offset: Int, detail: String)
    /// The sheet asked for is not in the workbook.
    case sheetNotFound(name: String, available: [String])
    /// A cell or row reference is broken or out of order.
    case badReference(part: String, detail: String)

    public var description: String {
        switch self {
        case .legacyOrEncrypted(true):
            "the workbook is password-protected: remove the password in Excel (File > Info > Protect Workbook), or save it as CSV"
        case .legacyOrEncrypted(false):
            "this is a legacy Excel 97-2003 workbook (.xls), which is not read: save it as Excel Workbook (.xlsx) or as CSV"
        case .malformedArchive(let detail):
            "not a readable .xlsx workbook: \(detail) (a damaged or truncated file? send it again, or save it as CSV)"
        case .notAWorkbook(let detail):
            "not an .xlsx workbook: \(detail)"
        case .damagedPart(let part, let detail):
            "the workbook is damaged: \(part): \(detail) (send the file again, or save it as CSV)"
        case .limitExceeded(let limit, let detail):
            "\(detail) (limit \(limit))"
        case .malformedXML(let part, let offset, let detail):
            "the workbook is damaged: \(part), byte \(offset): \(detail)"
        case .sheetNotFound(let name, let available):
            "no sheet named '\(name)' in the workbook; its sheets are \(available.map { "'\($0)'" }.joined(separator: ", "))"
        case .badReference(let part, let detail):
            "the workbook is damaged: \(part): \(detail)"
        }
    }
}
