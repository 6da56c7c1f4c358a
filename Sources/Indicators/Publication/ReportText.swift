import Foundation

/// The report's words in French and English: headings, captions, the methods a statistician
/// reads, and numbers written the way each language writes them (French: `17 931`, `14,8`).
struct ReportText {
    let language: Language
    let year: Int
    /// A regional edition's region, by name.
    var regionName: String? = nil

    private func pick(_ fr: String, _ en: String) -> String { language == .fr ? fr : en }

    var title: String {
        let place = regionName.map { " — \($0)" } ?? ""
        return pick("Indicateurs annuels de la VAE\(place) — \(year)", "Annual VAE indicators\(place) — \(year)")
    }

    /// Under the lead of a regional edition: whose pathways, and where France comes from.
    func population(_ region: Region, france: FranceFigures?) -> String {
        let name = regionName ?? region.code
        let base = pick("Population : les parcours des \(region.departments.count) départements de la région \(name) ; les départements d'autres régions présents dans les fichiers en sont exclus.",
                        "Population: the pathways of the \(region.departments.count) departments of \(name); departments of other regions found in the files are left out.")
        return base + (france.map { " " + franceSource($0) } ?? "")
    }

    /// Where the France figures come from, printed under the lead and every table.
    func franceSource(_ france: FranceFigures) -> String {
        if let file = france.source {
            return pick("France : ensemble national publié (\(file), instantané \(france.snapshot)).",
                        "France: the published national set (\(file), snapshot \(france.snapshot)).")
        }
        return pick("France : calculée sur le même dépôt, national (instantané \(france.snapshot)), avec son propre secret statistique.",
                    "France: computed from the same national store (snapshot \(france.snapshot)), with its own confidentiality suppression.")
    }

    var franceHeading: String { "France" }
    func franceFigure(_ text: String) -> String { pick("France : \(text)", "France: \(text)") }

    /// `receivedUntil`: when the last file the figures rest on was received (ISO 8601).
    func lead(receivedUntil: String?, threshold: Int) -> String {
        let received = receivedUntil.flatMap(longDate).map { pick(" (données reçues jusqu'au \($0))", " (data received up to \($0))") } ?? ""
        return pick("Parcours de validation des acquis de l'expérience, de la demande de recevabilité à la décision du jury. "
                    + "Situation au 31 décembre \(year)\(received) ; cases de moins de \(threshold) parcours masquées (secret statistique).",
                    "Validation of prior experience pathways, from the application to the jury's decision. "
                    + "Situation at 31 December \(year)\(received); cells under \(threshold) pathways suppressed (statistical confidentiality).")
    }

    /// `2026-01-15…` as "15 janvier 2026" / "15 January 2026"; nil unless it starts with a date.
    func longDate(_ iso: String) -> String? {
        let parts = iso.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        let months = language == .fr
            ? ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
            : ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(parts[2] == 1 && language == .fr ? "1er" : String(parts[2])) \(months[parts[1] - 1]) \(parts[0])"
    }

    var chartsHeading: String { pick("Graphiques", "Charts") }
    var tablesHeading: String { pick("Tableaux", "Tables") }
    var methodsHeading: String { pick("Méthodes", "Methods") }
    var definitionsHeading: String { pick("Définitions", "Definitions") }
    var sourcesHeading: String { pick("Sources", "Sources") }
    var months: String { pick("mois", "months") }
    var monthsShort: String { pick("mois", "mo") }

    func tablesNote(threshold: Int) -> String {
        pick("« s » : valeur masquée ; le chiffre qui la suit renvoie à sa raison, sous le tableau. Chaque famille s'ouvre sur l'ensemble ; "
             + "les ventilations se déplient (elles sont toutes imprimées).",
             "\"s\": suppressed value; the number after it points to its reason, under the table. Each family opens with all pathways; "
             + "breakdowns unfold (all are printed).")
    }

    var funnelCaption: String {
        pick("Entonnoir des étapes : demandes déposées en \(year - 3), étapes atteintes au 31 décembre \(year)",
             "Stage funnel: applications filed in \(year - 3), stages reached by 31 December \(year)")
    }
    var outcomesCaption: String {
        pick("Décisions des jurys de \(year) par certificateur (part des passages en jury, %)",
             "Jury decisions in \(year) by certifier (share of jury sittings, %)")
    }
    var durationsCaption: String {
        pick("Durées entre étapes pour les jurys de \(year) : premier quartile, médiane (trait rouge), troisième quartile, en mois",
             "Durations between stages for the juries of \(year): first quartile, median (red line), third quartile, in months")
    }
    var cohortsCaption: String {
        pick("Part des recevables ayant atteint un jury, selon le nombre de mois depuis la recevabilité, par année de recevabilité",
             "Share of admissible candidates who reached a jury, by months since admissibility, by admissibility year")
    }
    var supportCaption: String {
        pick("Effet de l'accompagnement : taux des cohortes avec et sans accompagnement",
             "Effect of support: cohort rates with and without support")
    }

    var qualityHeading: String { pick("Annexe : qualité des données reçues", "Annex: quality of the data received") }
    var qualityNote: String {
        pick("Par fournisseur de données, ses fichiers de \(year) : lignes lues, conservées et rejetées, fichiers livrés en retard, principales raisons de rejet. "
             + "Chaque fournisseur reçoit le détail de ses rejets (parcours quality).",
             "Per data provider, its files for \(year): lines read, stored and rejected, files delivered late, main reasons for rejecting lines. "
             + "Each provider gets the detail of its rejects (parcours quality).")
    }
    var qualityCaption: String { pick("Qualité des fichiers de \(year) par fournisseur", "Quality of the \(year) files by provider") }
    var qualityColumns: [String] {
        language == .fr ? ["Fournisseur", "Fichiers", "Lignes lues", "Conservées", "Rejetées", "Taux de rejet", "En retard", "Principales raisons"]
            : ["Provider", "Files", "Lines read", "Stored", "Rejected", "Rejected share", "Late", "Main reasons"]
    }

    var trendsHeading: String { pick("Évolution", "Trends") }
    func trendsCaption(_ years: [Int]) -> String {
        pick("Indicateurs clés de \(years.first ?? year) à \(year)", "Key indicators from \(years.first ?? year) to \(year)")
    }
    func changeHeading(_ previous: Int) -> String { pick("Évolution depuis \(previous)", "Change since \(previous)") }
    func revisedNote(snapshot: Int64) -> String {
        pick("r : révisé — années antérieures recalculées sur l'instantané \(snapshot), chacune avec son propre secret statistique ; "
             + "elles peuvent différer des chiffres publiés à l'époque. Une évolution n'est donnée que si ses deux valeurs sont publiées.",
             "r: revised — earlier years recomputed on snapshot \(snapshot), each with its own confidentiality suppression; "
             + "they may differ from the figures published at the time. A change is given only when both its values are published.")
    }

    /// A change from the year before, signed: `+3,2 %` for a count, `+1,4 pt` for a rate,
    /// `-0,3 mois` for a duration; `since` adds "depuis 2023" / "since 2023".
    func change(_ change: TrendHistory.Change, since: Int?) -> String {
        let sign = change.amount > 0 ? "+" : change.amount < 0 ? "−" : "±"
        let amount = decimal(abs(change.amount))
        let unit: String
        switch change.unit {
        case "percent": unit = " %"
        case "points": unit = pick(" pt", " pt")
        default: unit = " " + self.unit(change.unit)
        }
        return sign + amount + unit + (since.map { pick(" depuis \($0)", " since \($0)") } ?? "")
    }

    func figure(_ number: Int) -> String { pick("Figure \(number)", "Figure \(number)") }
    var reachedJuryAxis: String { pick("% ayant atteint un jury", "% who reached a jury") }
    var gapNote: String {
        pick("Une interruption de courbe est une valeur masquée (secret statistique).", "A gap in a line is a suppressed value (statistical confidentiality).")
    }

    /// The line under each chart: where its figures come from.
    func chartSource(receivedUntil: String?, snapshot: Int64) -> String {
        let received = receivedUntil.flatMap(longDate).map { pick(" reçus jusqu'au \($0)", " received up to \($0)") } ?? ""
        return pick("Source : fichiers des certificateurs\(received), traités par Parcours (instantané \(snapshot)).",
                    "Source: certifiers' files\(received), processed by Parcours (snapshot \(snapshot)).")
    }

    var chartDataSummary: String { pick("Données du graphique", "Data of the chart") }
    var stageHeading: String { pick("Étape", "Stage") }
    var countHeading: String { pick("Parcours", "Pathways") }
    var spanHeading: String { pick("Durée", "Duration") }
    var quartileHeadings: [String] {
        language == .fr ? ["Premier quartile (mois)", "Médiane (mois)", "Troisième quartile (mois)"]
            : ["First quartile (months)", "Median (months)", "Third quartile (months)"]
    }
    var monthsSinceHeading: String { pick("Mois depuis la recevabilité", "Months since admissibility") }
    var indicatorHeading: String { pick("Indicateur", "Indicator") }

    func cohort(_ year: Int) -> String { pick("recevables \(year)", "admissible \(year)") }

    func outcome(_ indicator: String) -> String {
        switch indicator {
        case "total_share": pick("Validation totale", "Total validation")
        case "partial_share": pick("Validation partielle", "Partial validation")
        default: pick("Aucune validation", "No validation")
        }
    }

    func span(_ name: String) -> String {
        switch name {
        case "application_to_admissibility": pick("Demande → recevabilité", "Application → admissibility")
        case "admissibility_to_portfolio": pick("Recevabilité → dossier", "Admissibility → portfolio")
        case "admissibility_to_jury": pick("Recevabilité → jury", "Admissibility → jury")
        default: pick("Demande → jury", "Application → jury")
        }
    }

    func family(_ name: String) -> String {
        switch name {
        case "flows": pick("1. Flux de l'année \(year)", "1. Flows in \(year)")
        case "durations": pick("2. Durées (jurys de \(year))", "2. Durations (juries of \(year))")
        case "cohort": pick("3. Suivi de cohortes (recevables en \(year - 3)–\(year - 1))", "3. Cohort follow-up (admissible in \(year - 3)–\(year - 1))")
        case "dropoff": pick("4. Abandons par étape (demandes de \(year - 3))", "4. Drop-off by stage (applications of \(year - 3))")
        case "support": pick("5. Effet de l'accompagnement", "5. Effect of support")
        default: name
        }
    }

    func unit(_ unit: String) -> String {
        switch unit {
        case "count": pick("effectif", "count")
        case "percent": "%"
        case "days": pick("jours", "days")
        case "months": pick("mois", "months")
        default: unit
        }
    }

    /// What an indicator measures, for a reader; `countLabel` gives the label of the count
    /// indicator published from a column, when the family publishes one.
    func definition(_ definition: IndicatorDefinition, countLabel: (String) -> String?) -> String {
        switch definition.kind {
        case .count:
            return pick("Nombre de parcours.", "Number of pathways.")
        case .rate(_, let denominator):
            let base = countLabel(denominator).map { pick(" Base : « \($0) ».", " Base: \"\($0)\".") } ?? ""
            return pick("Pourcentage.\(base) Non publié quand le nombre de parcours qu'il compte ou sa base est masqué.",
                        "Percentage.\(base) Not published when the number of pathways it counts or its base is suppressed.")
        case .statistic(_, let population):
            let base = countLabel(population).map { pick(" (« \($0) »)", " (\"\($0)\")") } ?? ""
            return pick("Calculé sur les parcours qui ont les deux dates\(base). Un quartile ou une médiane tombant entre deux parcours "
                        + "est pris entre leurs deux durées, au prorata ; un mois compte 30,4375 jours.",
                        "Computed over the pathways that have both dates\(base). A quartile or median falling between two pathways "
                        + "is taken between their two durations, in proportion; a month counts 30.4375 days.")
        }
    }

    func methods(threshold: Int) -> [String] {
        language == .fr ? [
            "Unité : le parcours (candidat, certification, demande). Les candidats sont pseudonymisés par un hachage à clé (HMAC-SHA256) ; aucun nom, date de naissance, adresse ni numéro d'identification n'est conservé.",
            "Flux : chaque événement compte dans l'année de sa date (demande, décision de recevabilité, jury). Durées : jurys tenus en \(year). Cohortes : parcours recevables en \(year - 1), \(year - 2) et \(year - 3), suivis 12, 24 et 36 mois (365, 730, 1 095 jours) ; seules les fenêtres closes au 31 décembre \(year) sont calculées, si bien que les chiffres ne changent pas quand des données plus récentes arrivent. Abandons : demandes déposées en \(year - 3), étapes atteintes au 31 décembre \(year), emboîtées (un jury vaut dossier déposé).",
            "Ventilations : certificateur, niveau (cadre 2019), sexe, âge à la demande (année de demande moins année de naissance), situation d'emploi, financement, accompagnement (une date de début d'accompagnement), département, et les 20 certifications les plus représentées dans la population de chaque famille (à égalité, par code). Une valeur absente est « non renseigné ».",
            "Secret statistique : tout effectif inférieur à \(threshold) est masqué (secret primaire), de même que tout taux dont le numérateur ou le dénominateur est inférieur à \(threshold), et toute durée calculée sur moins de \(threshold) parcours. Secret secondaire : les ensembles sont la somme des modalités de chaque ventilation (sauf les 20 premières certifications), les passages en jury la somme des trois décisions, les étapes la somme de l'étape suivante et des abandons, et les cohortes la somme des parcours avec et sans accompagnement ; d'autres cases sont masquées, les plus petites d'abord, jusqu'à ce qu'aucune case masquée ne puisse être recalculée exactement à partir des cases publiées (vérifié par résolution du système linéaire).",
            "Reproductibilité : les indicateurs sont définis par des fichiers SQL livrés avec Parcours, qui s'exécutent tels quels dans DuckDB ; un même instantané produit des fichiers identiques octet pour octet.",
        ] : [
            "Unit: the pathway (candidate, certification, application). Candidates are pseudonymised with a keyed hash (HMAC-SHA256); no name, birth date, address or identification number is stored.",
            "Flows: each event counts in the year of its own date (application, admissibility decision, jury). Durations: juries sat in \(year). Cohorts: pathways admissible in \(year - 1), \(year - 2) and \(year - 3), followed for 12, 24 and 36 months (365, 730, 1,095 days); only windows closed by 31 December \(year) are computed, so the figures do not change as later data arrives. Drop-off: applications filed in \(year - 3), stages reached by 31 December \(year), nested (a jury counts as a portfolio).",
            "Breakdowns: certifier, level (2019 framework), sex, age at application (application year minus birth year), employment status, funding, support (a support start date), department, and the 20 certifications with the most pathways in each family's population (ties by code). A missing value is \"unknown\".",
            "Confidentiality: every count under \(threshold) is suppressed (primary suppression), as is every rate whose numerator or denominator is under \(threshold) and every duration computed over fewer than \(threshold) pathways. Secondary suppression: totals are the sum of each breakdown's values (except the top 20 certifications), jury sittings the sum of the three decisions, each stage the sum of the next stage and those lost, and cohorts the sum of pathways with and without support; further cells are suppressed, smallest first, until no suppressed cell can be recomputed exactly from the published ones (checked by solving the linear system).",
            "Reproducibility: the indicators are defined by SQL files shipped with Parcours, which run unchanged in DuckDB; the same snapshot gives byte-identical files.",
        ]
    }

    func snapshotLine(_ snapshot: Int64) -> String {
        pick("Instantané \(snapshot) du dépôt ; lots ingérés :", "Store snapshot \(snapshot); ingested batches:")
    }

    var sourceColumns: [String] {
        language == .fr ? ["Lot", "Fichier", "SHA-256", "Lignes lues", "Conservées", "Rejetées"]
            : ["Batch", "File", "SHA-256", "Rows read", "Stored", "Rejected"]
    }

    func integer(_ value: Int) -> String {
        let digits = String(abs(value))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += language == .fr ? "\u{202F}" : "," }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    func decimal(_ value: Double) -> String {
        let text = Publication.decimal(value, places: 1)
        return language == .fr ? text.replacingOccurrences(of: ".", with: ",") : text
    }
}
