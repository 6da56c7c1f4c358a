import Foundation
import Ingest
import Storage

/// A fake person: the identity fields raw certifier files carry and the store must never hold.
///
/// Kept as the numbers drawn for it; the strings are formatted only when a raw file needs them,
/// so generating the harmonised file alone pays nothing for them.
public struct SyntheticPerson: Sendable {
    public let index: Int
    public let sex: String
    let birthNameIndex: Int
    let usageNameIndex: Int
    let firstNameIndex: Int
    /// Days since 1970-01-01.
    public let birthDate: Int32
    let departmentIndex: Int
    let postcodeSuffix: Int
    let streetNumber: Int
    let streetIndex: Int
    let phoneDigits: Int
    let nirSerial: Int

    public var birthName: String { FrenchNames.surnames[birthNameIndex] }
    public var usageName: String { FrenchNames.surnames[usageNameIndex] }
    public var firstName: String {
        (sex == "F" ? FrenchNames.womenFirstNames : FrenchNames.menFirstNames)[firstNameIndex]
    }

    public var department: String { Departments.all[departmentIndex].code }

    public var postcode: String { Self.text { writePostcode(into: &$0) } }
    public var street: String { "\(streetNumber), \(FrenchNames.streets[streetIndex])" }
    public var email: String { Self.text { writeEmail(into: &$0) } }
    public var phone: String { Self.text { writePhone(into: &$0) } }
    public var nir: String { Self.text { writeNIR(into: &$0) } }

    private static func text(_ write: (inout RowBuffer) -> Void) -> String {
        var row = RowBuffer(capacity: 32)
        write(&row)
        return String(decoding: row.bytes, as: UTF8.self)
    }

    // The writers below format straight into a row buffer: raw files write millions of them.

    func writePostcode(into row: inout RowBuffer) {
        let code = Departments.all[departmentIndex].code
        switch code {
        // Corsica: 20000-20199 is Corse-du-Sud, 20200-20699 Haute-Corse.
        case "2A": row.bytes.append(contentsOf: "20".utf8); row.digits(postcodeSuffix % 200, width: 3)
        case "2B": row.bytes.append(contentsOf: "20".utf8); row.digits(200 + postcodeSuffix % 500, width: 3)
        case let overseas where overseas.utf8.count == 3:
            row.bytes.append(contentsOf: overseas.utf8); row.digits(postcodeSuffix % 100, width: 2)
        default: row.bytes.append(contentsOf: code.utf8); row.digits(postcodeSuffix, width: 3)
        }
    }

    func writeEmail(into row: inout RowBuffer) {
        let first = sex == "F" ? FrenchNames.womenFirstNamesFolded[firstNameIndex] : FrenchNames.menFirstNamesFolded[firstNameIndex]
        row.bytes.append(contentsOf: first)
        row.byte(UInt8(ascii: "."))
        row.bytes.append(contentsOf: FrenchNames.surnamesFolded[usageNameIndex])
        row.digits(index % 97, width: 1)
        row.bytes.append(contentsOf: "@exemple.fr".utf8)
    }

    func writePhone(into row: inout RowBuffer) {
        row.bytes.append(contentsOf: "06".utf8)
        var divisor = 1_000_000
        while divisor > 0 {
            row.byte(UInt8(ascii: " "))
            row.digits(phoneDigits / divisor % 100, width: 2)
            divisor /= 100
        }
    }

    /// NIR (social security number): sex, birth year and month, place, serial, and its key (97 − n mod 97).
    func writeNIR(into row: inout RowBuffer) {
        let date = CivilDate(daysSinceEpoch: birthDate)
        let code = Departments.all[departmentIndex].code
        let place = code.utf8.count == 3 ? Int(code)! : (code == "2A" || code == "2B" ? 200 : Int(code)! * 10)
        let body = UInt64(sex == "F" ? 2 : 1) * 1_000_000_000_000 + UInt64(date.year % 100) * 10_000_000_000
            + UInt64(date.month) * 100_000_000 + UInt64(place) * 100_000 + UInt64(nirSerial % 100_000)
        row.digits(Int(body), width: 13)
        row.digits(97 - Int(body % 97), width: 2)
    }
}

/// One generated pathway: the harmonised row plus what only raw files hold (the person, the
/// certifier's own file number).
public struct SyntheticPathway: Sendable {
    public var pathway: Pathway
    public let person: SyntheticPerson
    /// The certifier's dossier number: the pathway key inside its files.
    public var dossier: String {
        var row = RowBuffer(capacity: 16)
        writeDossier(into: &row)
        return String(decoding: row.bytes, as: UTF8.self)
    }

    func writeDossier(into row: inout RowBuffer) {
        row.bytes.append(contentsOf: pathway.certifier.utf8.prefix(2))
        row.digits(Int(2_000_000 + pathway.pathwayID), width: 7)
    }
}
