/// One row of a sheet as read: the cells that hold a value, in column order, their text in one
/// buffer. Reused from row to row (`SheetReader.next(into:)` refills it), so reading a row
/// allocates nothing once the buffers have grown.
public struct SheetRow: Sendable {
    /// How a cell's text is to be read.
    public enum Kind: UInt8, Sendable {
        /// A string (shared, inline, or a formula's string result).
        case text
        /// A number as Excel shows it in the General format (or padded with zeros by its style).
        case number
        /// A number whose style shows a date: `days` is the day (since 1970-01-01) it shows; the
        /// text is the serial number.
        case date
        /// Serial 60 of the 1900 date system, which shows as 29 February 1900: a day Excel
        /// invented (Lotus 1-2-3 took 1900 for a leap year), so none to read.
        case nonexistentDate
        /// A date stored as ISO 8601 text (`t="d"`): the text is its `YYYY-MM-DD` part.
        case isoDate
        /// A number whose style shows a time of day: the text is `HH:MM:SS`.
        case time
        /// TRUE or FALSE.
        case boolean
        /// An error value (`#N/A`, `#DIV/0!`...): the text is the error.
        case error
    }

    public struct Cell: Sendable {
        /// 0 for column A.
        public var column: Int
        public var kind: Kind
        /// The cell's bytes in `SheetRow.text` (UTF-8).
        public var range: Range<Int>
        /// The day shown, for `.date` (days since 1970-01-01).
        public var days: Int32
    }

    /// The row's number in the sheet (1-based, as Excel shows it).
    public internal(set) var number = 0
    public internal(set) var cells: [Cell] = []
    public internal(set) var text: [UInt8] = []

    public init() {}

    /// The bytes of `cell`.
    public func bytes(_ cell: Cell) -> ArraySlice<UInt8> { text[cell.range] }

    /// Whether no cell holds a non-empty value.
    public var isEmpty: Bool { cells.allSatisfy { $0.range.isEmpty } }

    mutating func reset(number: Int) {
        self.number = number
        cells.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
    }
}

/// A range of merged cells (`A1:C2`), by 0-based columns and 1-based rows, inclusive.
public struct MergedRange: Sendable, Equatable {
    public let firstRow: Int
    public let lastRow: Int
    public let firstColumn: Int
    public let lastColumn: Int

    public func contains(row: Int, column: Int) -> Bool {
        (firstRow...lastRow).contains(row) && (firstColumn...lastColumn).contains(column)
    }
}

/// Cell references: `F12` is column 5 (0-based) of row 12.
public enum CellReference {
    /// The column letters and row digits of `reference`; nil when it is not a reference.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> (column: Int, row: Int?)? {
        var index = 0, column = 0
        while index < bytes.count && index < 4 {
            let letter = bytes[index] | 0x20
            guard letter >= UInt8(ascii: "a") && letter <= UInt8(ascii: "z") else { break }
            column = column * 26 + Int(letter - UInt8(ascii: "a")) + 1
            index += 1
        }
        guard index > 0, index <= 3 else { return nil }
        var row = 0, digits = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9"), digits < 9 {
            row = row * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
            digits += 1
        }
        guard index == bytes.count else { return nil }
        return (column - 1, digits > 0 ? row : nil)
    }

    /// `F12` for column 5 of row 12.
    public static func name(column: Int, row: Int) -> String {
        var letters: [Character] = [], rest = column + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters.insert(Character(Unicode.Scalar(UInt8(65 + digit))), at: 0)
            rest = (rest - 1) / 26
        }
        return String(letters) + String(row)
    }
}
