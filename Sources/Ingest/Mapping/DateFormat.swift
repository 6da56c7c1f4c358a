/// How raw files write dates. `auto` (the default) decides from the data and refuses to guess
/// when day and month cannot be told apart.
public enum DateFormat: String, Sendable, CaseIterable {
    case dayMonthYear = "dd/mm/yyyy"
    case monthDayYear = "mm/dd/yyyy"
    case iso = "yyyy-mm-dd"
}
