import Ingest
import Storage

/// A field of a raw certifier export (what a column holds, before its certifier's wording).
public enum RawField: Sendable {
    case dossier, birthName, usageName, firstName, birthDate, sex, civility, postcode, address, email, phone, nir
    case certificationCode, level, infoDate, applicationDate, admissibilityDate, admissible, supportStartDate
    case portfolioDate, juryDate, outcome, outcomeDate, employment, funding
}

/// How one certifier exports its pathways: separator, encoding, line ends, headers in French and in
/// its own order, date format and its local labels for levels, decisions and outcomes.
/// The three styles differ the way real exports do; `mappings/` holds the mapping file of each.
public struct RawFileStyle: Sendable {
    public let name: String
    public let certifiers: [Certifier]
    public let separator: UInt8
    public let windows1252: Bool
    public let byteOrderMark: Bool
    public let crlf: Bool
    public let columns: [(header: String, field: RawField)]
    let level: @Sendable (Int8?) -> String
    let admissible: [Bool: String]
    let outcomes: [String: String]
    let employment: [String: String]
    let funding: [String: String]
    /// Written in place of a level by the "unknown code" defect.
    let unknownLevel: String
}

extension RawFileStyle {
    /// Education nationale (DAVA export): Windows-1252, `;`, old level letters, full French labels.
    public static let educationNationale = RawFileStyle(
        name: "educ-nat", certifiers: [.educationNationale], separator: UInt8(ascii: ";"),
        windows1252: true, byteOrderMark: false, crlf: true,
        columns: [
            ("N° dossier", .dossier), ("Nom de naissance", .birthName), ("Nom d'usage", .usageName),
            ("Prénom", .firstName), ("Date de naissance", .birthDate), ("Sexe", .sex), ("Code postal", .postcode),
            ("Diplôme (code RNCP)", .certificationCode), ("Niveau", .level), ("Date entretien PRC", .infoDate),
            ("Date de dépôt livret 1", .applicationDate), ("Date de recevabilité", .admissibilityDate),
            ("Décision recevabilité", .admissible), ("Date début accompagnement", .supportStartDate),
            ("Date dépôt livret 2", .portfolioDate), ("Date jury", .juryDate), ("Décision", .outcome),
            ("Date décision", .outcomeDate), ("Situation", .employment), ("Financement", .funding),
        ],
        level: { $0.flatMap { Level.romanNumeral[Int($0)] } ?? "" },
        admissible: [true: "Favorable", false: "Défavorable"],
        outcomes: ["TOTAL": "Validation totale", "PARTIAL": "Validation partielle", "NONE": "Aucune validation"],
        employment: ["EMPLOYED": "Salarié", "JOBSEEKER": "Demandeur d'emploi", "INACTIVE": "Inactif", "OTHER": "Autre"],
        funding: ["CPF": "CPF", "EMPLOYER": "Employeur", "OPCO": "OPCO", "JOBSEEKER_AID": "France Travail",
                  "REGION": "Région", "SELF": "Personnel", "NONE": "Aucun", "OTHER": "Autre"],
        unknownLevel: "VI")

    /// Health and social (DREETS export): Windows-1252, `;`, civility instead of sex, e-mail, short
    /// outcome codes, "Niveau N" levels, no information interview.
    public static let santeSocial = RawFileStyle(
        name: "sante-social", certifiers: [.santeSocial], separator: UInt8(ascii: ";"),
        windows1252: true, byteOrderMark: false, crlf: false,
        columns: [
            ("Numéro de candidature", .dossier), ("Civilité", .civility), ("NOM", .usageName),
            ("Nom de naissance", .birthName), ("Prénom", .firstName), ("Né(e) le", .birthDate),
            ("Courriel", .email), ("CP", .postcode), ("Diplôme", .certificationCode), ("Niveau", .level),
            ("Date demande", .applicationDate), ("Recevabilité", .admissible), ("Date recevabilité", .admissibilityDate),
            ("Accompagnement (date)", .supportStartDate), ("Date livret 2", .portfolioDate),
            ("Date passage jury", .juryDate), ("Résultat", .outcome), ("Date résultat", .outcomeDate),
            ("Statut emploi", .employment), ("Financeur", .funding),
        ],
        level: { $0.map { "Niveau \($0)" } ?? "" },
        admissible: [true: "OUI", false: "NON"],
        outcomes: ["TOTAL": "VT", "PARTIAL": "VP", "NONE": "NV"],
        employment: ["EMPLOYED": "En emploi", "JOBSEEKER": "Demandeur d'emploi", "INACTIVE": "Sans activité", "OTHER": "Autre"],
        funding: ["CPF": "CPF", "EMPLOYER": "Employeur", "OPCO": "OPCO", "JOBSEEKER_AID": "Pôle emploi",
                  "REGION": "Conseil régional", "SELF": "Autofinancement", "NONE": "Sans financement", "OTHER": "Autre"],
        unknownLevel: "Niveau 9")

    /// Labour ministry professional titles: UTF-8 with BOM, `;`, CRLF, NIR, address (quoted: it holds a
    /// comma), phone, digit levels, session results.
    public static let travail = RawFileStyle(
        name: "travail", certifiers: [.travail], separator: UInt8(ascii: ";"),
        windows1252: false, byteOrderMark: true, crlf: true,
        columns: [
            ("Id parcours", .dossier), ("NIR", .nir), ("Nom", .birthName), ("Prénom", .firstName),
            ("Date naissance", .birthDate), ("Sexe", .sex), ("Adresse", .address), ("Code postal", .postcode),
            ("Téléphone", .phone), ("Titre professionnel (RNCP)", .certificationCode), ("Niveau", .level),
            ("Date information collective", .infoDate), ("Date inscription", .applicationDate),
            ("Date recevabilité", .admissibilityDate), ("Recevable (O/N)", .admissible),
            ("Date accompagnement", .supportStartDate), ("Date dossier professionnel", .portfolioDate),
            ("Date session", .juryDate), ("Résultat session", .outcome), ("Date résultat", .outcomeDate),
            ("Situation", .employment), ("Financement", .funding),
        ],
        level: { $0.map { String($0) } ?? "" },
        admissible: [true: "O", false: "N"],
        outcomes: ["TOTAL": "Titre obtenu", "PARTIAL": "CCP obtenu(s)", "NONE": "Non obtenu"],
        employment: ["EMPLOYED": "Salarié", "JOBSEEKER": "Demandeur d'emploi", "INACTIVE": "Inactif", "OTHER": "Autre"],
        funding: ["CPF": "CPF", "EMPLOYER": "Employeur", "OPCO": "OPCO", "JOBSEEKER_AID": "France Travail",
                  "REGION": "Région", "SELF": "Personnel", "NONE": "Aucun", "OTHER": "Autre"],
        unknownLevel: "9")

    public static let all = [educationNationale, santeSocial, travail]
}
