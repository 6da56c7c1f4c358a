/// The population of a regional edition: the pathways of a region's departments (strays from
/// other regions left out), and its code for its name in the nomenclature.
public struct Region: Sendable, Equatable {
    public let code: String
    /// INSEE department codes (the caller's list: the ingest's department table).
    public let departments: [String]

    public init(code: String, departments: [String]) {
        self.code = code
        self.departments = departments.sorted()
    }

    /// The view that stands in for `pathways` (see `QueryEngine.views`).
    var pathwaysView: String {
        let list = departments.map { "'\($0.replacingOccurrences(of: "'", with: "''"))'" }.joined(separator: ", ")
        return "SELECT * FROM pathways WHERE department IN (\(list))"
    }

    public func name(_ language: Language) -> String {
        Nomenclature.standard(language).label("region", code) ?? code
    }
}
