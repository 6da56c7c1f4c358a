import Storage

/// The rules every stored pathway obeys, whatever file it came from.
enum PathwayRules {
    /// Stages happen in order: information ≤ application ≤ admissibility ≤ portfolio ≤ jury ≤
    /// outcome; an outcome needs a jury; the department belongs to the region. Support is not
    /// ordered: since the 2023 reform it may precede admissibility. Returns the first rule broken.
    static func problem(_ p: Pathway) -> RowProblem? {
        if let department = p.department, let region = p.region, Departments.byCode[department]?.region != region {
            return RowProblem(column: "department", reason: "department \(department) is not in region \(region)", value: department)
        }
        // Walks the stages in order, remembering the last dated one (no array per row).
        var previousColumn = "", previousDay = Int32.min
        func stage(_ column: String, _ day: Int32?) -> RowProblem? {
            guard let day else { return nil }
            if day < previousDay {
                return RowProblem(column: column, reason: "stage dates out of order: \(column) before \(previousColumn)",
                                  value: CivilDate(daysSinceEpoch: day).description)
            }
            previousColumn = column
            previousDay = day
            return nil
        }
        if let problem = stage("info_date", p.infoDate) ?? stage("application_date", p.applicationDate)
            ?? stage("admissibility_date", p.admissibilityDate) ?? stage("portfolio_date", p.portfolioDate)
            ?? stage("jury_date", p.juryDate) ?? stage("outcome_date", p.outcomeDate) {
            return problem
        }
        if p.outcome != nil && p.juryDate == nil {
            return RowProblem(column: "outcome", reason: "an outcome without a jury date", value: p.outcome)
        }
        return nil
    }
}
