/// Excel's serial dates: a cell shows a date when its number counts days from the workbook's
/// epoch. In the 1900 system serial 1 is 1900-01-01 and serial 60 is 29 February 1900, a day that
/// never was (Lotus 1-2-3 took 1900 for a leap year and Excel kept it), so from serial 61 on the
/// count is one ahead of the calendar. In the 1904 system serial 0 is 1904-01-01.
enum SerialDate {
    /// What a serial shows.
    enum Day: Equatable {
        /// Days since 1970-01-01.
        case day(Int32)
        case nonexistent29February1900
        /// Before the epoch, or after 9999-12-31: Excel shows `#####`.
        case outOfRange
    }

    /// The largest serial Excel shows as a date (9999-12-31 in the 1900 system).
    static let lastSerial1900 = 2_958_465

    static func day(serial: Double, uses1904: Bool) -> Day {
        guard serial.isFinite, serial >= 0, serial < Double(lastSerial1900 + 1) else { return .outOfRange }
        let whole = Int(serial.rounded(.down))
        if uses1904 {
            // 1904-01-01 is 24,107 days before 1970-01-01.
            guard whole <= lastSerial1900 - 1462 else { return .outOfRange }
            return .day(Int32(whole - 24_107))
        }
        switch whole {
        case 0: return .outOfRange  // Excel shows "00/01/1900"
        case 60: return .nonexistent29February1900
        // 1899-12-31 is 25,568 days before 1970-01-01; after the invented day, one day less.
        case 1..<60: return .day(Int32(whole - 25_568))
        default: return .day(Int32(whole - 25_569))
        }
    }

    /// `HH:MM:SS` of a serial's fraction of a day (to the nearest second).
    static func timeOfDay(serial: Double) -> String? {
        guard serial.isFinite, serial >= 0, serial < 1e7 else { return nil }
        let seconds = Int(((serial - serial.rounded(.down)) * 86_400).rounded()) % 86_400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }
}
