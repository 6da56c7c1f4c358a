import Storage

/// The rules every stored pathway obeys, whatever file it came from.
enum PathwayRules {
    /// The dated stages, in the order they must happen.
    private static let stageColumns = ["info_date", "application_date", "admissibility_date", "portfolio_date", "jury_date", "outcome_date"]

    /// Stages happen in order: information ≤ application ≤ admissibility ≤ portfolio ≤ jury ≤
    /// outcome; an outcome needs a jury; the department belongs to the region. Support is not
    /// ordered: since the 2023 reform it may precede admissibility. Returns the first rule broken.
    @inline(__always)
    static func problem(_ row: PathwayRow) -> RowProblem? {
        if row.department != PathwayCodes.null && row.region != PathwayCodes.null
            && PathwayCodes.regionOfDepartment[Int(row.department)] != row.region {
            let department = PathwayCodes.departments[Int(row.department)], region = PathwayCodes.regions[Int(row.region)]
            return RowProblem(column: "department", reason: "department \(department) is not in region \(region)", evidence: .code(department))
        }
        let days = (row.infoDate, row.applicationDate, row.admissibilityDate, row.portfolioDate, row.juryDate, row.outcomeDate)
        let disorder = withUnsafeBytes(of: days) { raw -> (stage: Int, after: Int, day: Int32)? in
            let stages = raw.bindMemory(to: Int32.self)
            var latest = Int32.min, latestStage = -1
            for stage in 0..<6 where stages[stage] != PathwayRow.nullDate {
                if stages[stage] < latest { return (stage, latestStage, stages[stage]) }
                latest = stages[stage]
                latestStage = stage
            }
            return nil
        }
        if let disorder {
            let column = stageColumns[disorder.stage]
            return RowProblem(column: column, reason: "stage dates out of order: \(column) before \(stageColumns[disorder.after])",
                              evidence: .date(disorder.day))
        }
        if row.outcome != PathwayCodes.null && row.juryDate == PathwayRow.nullDate {
            return RowProblem(column: "outcome", reason: "an outcome without a jury date", evidence: .code(PathwayCodes.outcomes[Int(row.outcome)]))
        }
        return nil
    }
}
