import CZlib

/// Writes a ZIP archive of stored (uncompressed) entries, with their CRC-32: how the fuzz tests
/// turn mutated XML into archives the reader accepts as archives, so that the mutations reach
/// the XML tokenizer rather than stop at a checksum.
public enum StoredZip {
    /// `declaredSizes`: sizes to declare instead of the real ones (a zip bomb that lies).
    public static func archive(_ entries: [(name: String, data: [UInt8])], declaredSizes: [String: Int] = [:]) -> [UInt8] {
        var output: [UInt8] = [], directory: [UInt8] = []
        func u16(_ value: Int, _ into: inout [UInt8]) { into += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func u32(_ value: Int, _ into: inout [UInt8]) { for shift in stride(from: 0, to: 32, by: 8) { into.append(UInt8(value >> shift & 0xFF)) } }
        for (name, data) in entries {
            let offset = output.count
            let crc = data.withUnsafeBufferPointer { Int(crc32(0, $0.baseAddress, UInt32($0.count))) }
            let nameBytes = Array(name.utf8)
            u32(0x0403_4B50, &output); u16(20, &output); u16(0, &output); u16(0, &output); u32(0, &output)
            u32(crc, &output); u32(data.count, &output); u32(declaredSizes[name] ?? data.count, &output); u16(nameBytes.count, &output); u16(0, &output)
            output += nameBytes + data
            u32(0x0201_4B50, &directory); u16(20, &directory); u16(20, &directory); u16(0, &directory); u16(0, &directory)
            u32(0, &directory); u32(crc, &directory); u32(data.count, &directory); u32(declaredSizes[name] ?? data.count, &directory)
            u16(nameBytes.count, &directory); u16(0, &directory); u16(0, &directory); u16(0, &directory); u16(0, &directory)
            u32(0, &directory); u32(offset, &directory)
            directory += nameBytes
        }
        let directoryOffset = output.count
        output += directory
        u32(0x0605_4B50, &output); u16(0, &output); u16(0, &output); u16(entries.count, &output); u16(entries.count, &output)
        u32(directory.count, &output); u32(directoryOffset, &output); u16(0, &output)
        return output
    }

    /// A minimal workbook: one sheet, its XML as given.
    public static func workbook(sheet: String, named name: String = "Export", declaredSheetSize: Int? = nil) -> [UInt8] {
        archive([
            ("xl/workbook.xml", Array("""
                <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\
                <sheet name="\(name)" sheetId="1" r:id="rId1"/></sheets></workbook>
                """.utf8)),
            ("xl/_rels/workbook.xml.rels", Array("""
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
                Target="worksheets/sheet1.xml"/></Relationships>
                """.utf8)),
            ("xl/worksheets/sheet1.xml", Array(sheet.utf8)),
        ], declaredSizes: declaredSheetSize.map { ["xl/worksheets/sheet1.xml": $0] } ?? [:])
    }
}
