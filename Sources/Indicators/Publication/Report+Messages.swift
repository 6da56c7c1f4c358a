/// Each family's key message: a few sentences stating its main published figures and their change
/// from the year before — numbers only, no commentary. A figure that is suppressed, or a change
/// whose two values are not both published, is left out of the sentence rather than guessed.
extension Report {
    func message(_ family: String) -> String? {
        let year = publication.year
        func shown(_ indicator: String, _ breakdown: Breakdown = .all, _ value: String = "all") -> String? {
            self.value(indicator, breakdown, value).flatMap { $0.value == nil ? nil : formatted($0) }
        }
        func change(_ indicator: String) -> String {
            history?.change(indicator, year).map { " (" + text.change($0, since: year - 1) + ")" } ?? ""
        }
        let fr = language == .fr
        var sentences: [String] = []
        switch family {
        case "flows":
            if let applications = shown("applications") {
                sentences.append(fr ? "En \(year), \(applications) demandes de recevabilité ont été déposées\(change("applications"))."
                                    : "In \(year), \(applications) applications were filed\(change("applications")).")
            }
            if let rate = shown("favourable_rate") {
                sentences.append(fr ? "\(rate) des décisions de recevabilité ont été favorables\(change("favourable_rate"))."
                                    : "\(rate) of admissibility decisions were favourable\(change("favourable_rate")).")
            }
            if let juries = shown("jury_sittings") {
                let total = shown("total_share").map { fr ? ", dont \($0) de validations totales\(change("total_share"))" : ", \($0) of them full validations\(change("total_share"))" } ?? ""
                sentences.append(fr ? "\(juries) passages en jury\(change("jury_sittings"))\(total)." : "\(juries) jury sittings\(change("jury_sittings"))\(total).")
            }
        case "durations":
            if let median = shown("median_application_to_jury_months") {
                sentences.append(fr ? "Pour les jurys de \(year), la moitié des candidats ont attendu moins de \(median) mois entre la demande et le jury\(change("median_application_to_jury_months"))."
                                    : "For the juries of \(year), half the candidates waited less than \(median) months from application to jury\(change("median_application_to_jury_months")).")
            }
        case "cohort":
            if let rate = shown("jury_24m_y2_rate") {
                sentences.append(fr ? "Parmi les candidats recevables en \(year - 2), \(rate) ont atteint un jury dans les 24 mois."
                                    : "Of the candidates admissible in \(year - 2), \(rate) reached a jury within 24 months.")
            }
        case "dropoff":
            if let applications = shown("applications_y3"), let juries = shown("reached_jury") {
                sentences.append(fr ? "Sur \(applications) demandes déposées en \(year - 3), \(juries) sont allées jusqu'au jury au 31 décembre \(year)."
                                    : "Of \(applications) applications filed in \(year - 3), \(juries) had reached a jury by 31 December \(year).")
            }
        case "support":
            if let with = shown("jury_24m_y2_rate_support_with"), let without = shown("jury_24m_y2_rate_support_without") {
                sentences.append(fr ? "Recevables en \(year - 2) : \(with) des candidats accompagnés ont atteint un jury dans les 24 mois, contre \(without) des autres."
                                    : "Admissible in \(year - 2): \(with) of supported candidates reached a jury within 24 months, against \(without) of the others.")
            }
        default: break
        }
        return sentences.isEmpty ? nil : sentences.joined(separator: " ")
    }
}
