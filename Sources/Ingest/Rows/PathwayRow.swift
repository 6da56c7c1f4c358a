import Storage

/// One parsed pathway as plain values — no `String`, no reference — what row parsers produce and
/// `PathwayColumnsBuilder` stores, so that parsing a row touches no allocator and no reference count.
///
/// Coded fields hold an index into the sorted code lists of `PathwayCodes` (`PathwayCodes.null`
/// when absent); dates are days since 1970-01-01 (`PathwayRow.nullDate` when absent); `level` and
/// `birthYear` are 0 when absent. The certification code's bytes are passed beside the row.
struct PathwayRow {
    static let nullDate = Int32.min

    var pathwayID: Int64 = 0
    var candidateID: UInt64 = 0
    var infoDate = nullDate
    var applicationDate = nullDate
    var admissibilityDate = nullDate
    var supportStartDate = nullDate
    var portfolioDate = nullDate
    var juryDate = nullDate
    var outcomeDate = nullDate
    var birthYear: Int16 = 0
    var level: Int8 = 0
    var certifier: UInt8 = 0
    var region = PathwayCodes.null
    var department = PathwayCodes.null
    var sex = PathwayCodes.null
    var employmentStatus = PathwayCodes.null
    var funding = PathwayCodes.null
    /// `PathwayCodes.no` / `PathwayCodes.yes`, or null.
    var admissible = PathwayCodes.null
    var outcome = PathwayCodes.null
}

/// The harmonised code lists, sorted: a code is its index in its list, so a code column is a
/// dictionary-coded string column whose dictionary is the list itself (sorted and distinct, as
/// the store's dictionary encoding wants it), shared by every row group — strings are
/// dictionary-encoded once, at parse time, never hashed again.
enum PathwayCodes {
    static let null = UInt8.max
    static let no: UInt8 = 0, yes: UInt8 = 1

    static let certifiers = Certifier.allCases.map(\.rawValue).sorted()
    static let regions = Regions.codes.sorted()
    static let departments = Departments.all.map(\.code).sorted()
    static let sexes = ["F", "M"]
    static let employmentStatuses = EmploymentStatus.allCases.map(\.rawValue).sorted()
    static let fundings = Funding.allCases.map(\.rawValue).sorted()
    static let outcomes = Outcome.allCases.map(\.rawValue).sorted()

    /// The dictionaries of the code columns, built once and shared (a row group's columns then
    /// concatenate by their codes alone).
    static let certifierDictionary = StringColumn(certifiers)
    static let regionDictionary = StringColumn(regions)
    static let departmentDictionary = StringColumn(departments)
    static let sexDictionary = StringColumn(sexes)
    static let employmentDictionary = StringColumn(employmentStatuses)
    static let fundingDictionary = StringColumn(fundings)
    static let outcomeDictionary = StringColumn(outcomes)

    /// Region code of each department code.
    static let regionOfDepartment: [UInt8] = departments.map { department in
        UInt8(regions.firstIndex(of: Departments.byCode[department]!.region)!)
    }

    static func certifier(_ code: String) -> UInt8? { index(code, in: certifiers) }

    static func index(_ code: String, in list: [String]) -> UInt8? {
        list.firstIndex(of: code).map(UInt8.init)
    }
}
