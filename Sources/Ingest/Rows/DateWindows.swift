import Storage

/// The dates a file can plausibly hold, relative to its extraction date: a date outside its field's
/// window is refused (a birth date typed in an application date, a year of 9999, a date that
/// overflows), and only a date inside it may be quoted in a reject.
///
/// Defaults: birth dates from 1920-01-01 to the extraction date; stage dates from 2002-01-01 (the
/// VAE's start) to one year after the extraction date (a jury may already be scheduled). The
/// extraction date is `--extraction-date`, else the mapping's `extraction_date`, else the day of
/// ingest; the bounds are the mapping's `earliest_birth_date`, `earliest_stage_date` and
/// `stage_dates_after_extraction_days`.
///
/// Invariant: `birth` and `stage` are non-empty ranges of days since 1970-01-01 within the years
/// 1900...2199 (the fast date table's), so a date inside them never overflows anything.
public struct DateWindows: Sendable, Equatable {
    public static let defaultEarliestBirthDate = CivilDate(year: 1920, month: 1, day: 1)
    public static let defaultEarliestStageDate = CivilDate(year: 2002, month: 1, day: 1)
    public static let defaultStageDaysAfterExtraction = 366
    /// The widest window any setting may give (the years the date parser's table covers).
    static let limits = CivilDate(year: 1900, month: 1, day: 1).daysSinceEpoch...CivilDate(year: 2199, month: 12, day: 31).daysSinceEpoch

    public let extractionDate: CivilDate
    public let birth: ClosedRange<Int32>
    public let stage: ClosedRange<Int32>

    public init(extractionDate: CivilDate, earliestBirthDate: CivilDate = defaultEarliestBirthDate,
                earliestStageDate: CivilDate = defaultEarliestStageDate,
                stageDaysAfterExtraction: Int = defaultStageDaysAfterExtraction) throws(DateWindowError) {
        guard extractionDate.isValid, Self.limits.contains(extractionDate.daysSinceEpoch) else {
            throw .outOfRange("extraction date \(extractionDate)")
        }
        let extraction = extractionDate.daysSinceEpoch
        guard (0...3660).contains(stageDaysAfterExtraction) else {
            throw .outOfRange("stage_dates_after_extraction_days \(stageDaysAfterExtraction) (0 to 3660)")
        }
        let latestStage = min(Self.limits.upperBound, extraction + Int32(stageDaysAfterExtraction))
        for (name, date) in [("earliest birth date", earliestBirthDate), ("earliest stage date", earliestStageDate)] {
            guard date.isValid, Self.limits.contains(date.daysSinceEpoch), date.daysSinceEpoch <= extraction else {
                throw .outOfRange("\(name) \(date) (it must lie between 1900-01-01 and the extraction date \(extractionDate))")
            }
        }
        self.extractionDate = extractionDate
        birth = earliestBirthDate.daysSinceEpoch...extraction
        stage = earliestStageDate.daysSinceEpoch...latestStage
    }

    /// The window of a date field (`birth_date` or a stage).
    func window(isBirthDate: Bool) -> ClosedRange<Int32> { isBirthDate ? birth : stage }

    /// "2002-01-01 to 2027-12-08", as reasons print a window.
    static func text(_ window: ClosedRange<Int32>) -> String {
        "\(CivilDate(daysSinceEpoch: window.lowerBound)) to \(CivilDate(daysSinceEpoch: window.upperBound))"
    }

}

/// A date window setting that cannot be used.
public enum DateWindowError: Error, CustomStringConvertible, Equatable {
    case outOfRange(String)

    public var description: String {
        switch self {
        case .outOfRange(let what): "\(what) is not a usable date window setting"
        }
    }
}
