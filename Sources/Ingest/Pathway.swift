import Storage

/// One harmonised pathway: a row of the `pathways` table (see `PathwaySchema`).
///
/// Dates are days since 1970-01-01; nil means null. No field identifies a person directly:
/// `candidateID` is the keyed pseudonym, birth date is reduced to `birthYear`.
public struct Pathway: Sendable, Equatable {
    public var pathwayID: Int64
    public var candidateID: UInt64
    public var certifier: String
    public var certificationCode: String
    public var level: Int8?
    public var region: String?
    public var department: String?
    public var sex: String?
    public var birthYear: Int16?
    public var employmentStatus: String?
    public var funding: String?
    public var infoDate: Int32?
    public var applicationDate: Int32
    public var admissibilityDate: Int32?
    public var admissible: Bool?
    public var supportStartDate: Int32?
    public var portfolioDate: Int32?
    public var juryDate: Int32?
    public var outcome: String?
    public var outcomeDate: Int32?

    public init(pathwayID: Int64, candidateID: UInt64, certifier: String, certificationCode: String,
                applicationDate: Int32) {
        self.pathwayID = pathwayID
        self.candidateID = candidateID
        self.certifier = certifier
        self.certificationCode = certificationCode
        self.applicationDate = applicationDate
    }
}
