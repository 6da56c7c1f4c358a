import Testing
@testable import Spreadsheet

@Suite struct CellReferenceTests {
    @Test func namesAndParsesColumns() {
        for (column, name) in [(0, "A1"), (25, "Z1"), (26, "AA1"), (701, "ZZ1"), (702, "AAA1"), (16_383, "XFD1")] {
            #expect(CellReference.name(column: column, row: 1) == name)
            let parsed = name.utf8.withContiguousStorageIfAvailable { CellReference.parse(UnsafeRawBufferPointer($0)) } ?? nil
            #expect(parsed?.column == column && parsed?.row == 1)
        }
    }

    @Test func refusesWhatIsNotAReference() {
        for text in ["", "1", "A", "AAAA1", "A1B", "A-1", "A1234567890"] {
            let parsed = text.utf8.withContiguousStorageIfAvailable { CellReference.parse(UnsafeRawBufferPointer($0)) } ?? nil
            #expect(parsed == nil || (text == "A" && parsed?.row == nil), "\(text)")
        }
    }
}
