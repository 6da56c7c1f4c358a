/// A French department: INSEE code, name, region code and population (thousands, about 2021).
///
/// The default list that ships with the engine (DOMAIN.md: a region extends it by configuration).
/// Population serves the synthetic generator's weights; codes and regions serve validation
/// (a department must belong to the row's region).
public struct Department: Sendable, Hashable {
    public let code: String
    public let name: String
    public let region: String
    public let populationThousands: Int
}

/// INSEE region codes and names (2016 regions plus overseas).
public enum Regions {
    public static let names: [String: String] = [
        "84": "Auvergne-Rhône-Alpes", "27": "Bourgogne-Franche-Comté", "53": "Bretagne",
        "24": "Centre-Val de Loire", "94": "Corse", "44": "Grand Est", "32": "Hauts-de-France",
        "11": "Île-de-France", "28": "Normandie", "75": "Nouvelle-Aquitaine", "76": "Occitanie",
        "52": "Pays de la Loire", "93": "Provence-Alpes-Côte d'Azur", "01": "Guadeloupe",
        "02": "Martinique", "03": "Guyane", "04": "La Réunion", "06": "Mayotte",
    ]
}

public enum Departments {
    public static let all: [Department] = rows.map { Department(code: $0.0, name: $0.1, region: $0.2, populationThousands: $0.3) }

    public static let byCode: [String: Department] = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    private static let rows: [(String, String, String, Int)] = [
        ("01", "Ain", "84", 660), ("02", "Aisne", "32", 530), ("03", "Allier", "84", 335),
        ("04", "Alpes-de-Haute-Provence", "93", 165), ("05", "Hautes-Alpes", "93", 141),
        ("06", "Alpes-Maritimes", "93", 1_100), ("07", "Ardèche", "84", 330), ("08", "Ardennes", "44", 270),
        ("09", "Ariège", "76", 155), ("10", "Aube", "44", 310), ("11", "Aude", "76", 375),
        ("12", "Aveyron", "76", 280), ("13", "Bouches-du-Rhône", "93", 2_050), ("14", "Calvados", "28", 700),
        ("15", "Cantal", "84", 144), ("16", "Charente", "75", 350), ("17", "Charente-Maritime", "75", 660),
        ("18", "Cher", "24", 300), ("19", "Corrèze", "75", 240), ("2A", "Corse-du-Sud", "94", 160),
        ("2B", "Haute-Corse", "94", 185), ("21", "Côte-d'Or", "27", 535), ("22", "Côtes-d'Armor", "53", 600),
        ("23", "Creuse", "75", 115), ("24", "Dordogne", "75", 410), ("25", "Doubs", "27", 545),
        ("26", "Drôme", "84", 520), ("27", "Eure", "28", 600), ("28", "Eure-et-Loir", "24", 430),
        ("29", "Finistère", "53", 920), ("30", "Gard", "76", 750), ("31", "Haute-Garonne", "76", 1_420),
        ("32", "Gers", "76", 190), ("33", "Gironde", "75", 1_650), ("34", "Hérault", "76", 1_180),
        ("35", "Ille-et-Vilaine", "53", 1_090), ("36", "Indre", "24", 215), ("37", "Indre-et-Loire", "24", 610),
        ("38", "Isère", "84", 1_270), ("39", "Jura", "27", 255), ("40", "Landes", "75", 415),
        ("41", "Loir-et-Cher", "24", 330), ("42", "Loire", "84", 765), ("43", "Haute-Loire", "84", 228),
        ("44", "Loire-Atlantique", "52", 1_450), ("45", "Loiret", "24", 680), ("46", "Lot", "76", 175),
        ("47", "Lot-et-Garonne", "75", 330), ("48", "Lozère", "76", 77), ("49", "Maine-et-Loire", "52", 820),
        ("50", "Manche", "28", 490), ("51", "Marne", "44", 565), ("52", "Haute-Marne", "44", 172),
        ("53", "Mayenne", "52", 307), ("54", "Meurthe-et-Moselle", "44", 730), ("55", "Meuse", "44", 182),
        ("56", "Morbihan", "53", 760), ("57", "Moselle", "44", 1_045), ("58", "Nièvre", "27", 200),
        ("59", "Nord", "32", 2_610), ("60", "Oise", "32", 830), ("61", "Orne", "28", 280),
        ("62", "Pas-de-Calais", "32", 1_460), ("63", "Puy-de-Dôme", "84", 665),
        ("64", "Pyrénées-Atlantiques", "75", 690), ("65", "Hautes-Pyrénées", "76", 230),
        ("66", "Pyrénées-Orientales", "76", 485), ("67", "Bas-Rhin", "44", 1_150), ("68", "Haut-Rhin", "44", 770),
        ("69", "Rhône", "84", 1_880), ("70", "Haute-Saône", "27", 235), ("71", "Saône-et-Loire", "27", 550),
        ("72", "Sarthe", "52", 565), ("73", "Savoie", "84", 440), ("74", "Haute-Savoie", "84", 830),
        ("75", "Paris", "11", 2_150), ("76", "Seine-Maritime", "28", 1_250), ("77", "Seine-et-Marne", "11", 1_420),
        ("78", "Yvelines", "11", 1_450), ("79", "Deux-Sèvres", "75", 375), ("80", "Somme", "32", 570),
        ("81", "Tarn", "76", 390), ("82", "Tarn-et-Garonne", "76", 260), ("83", "Var", "93", 1_080),
        ("84", "Vaucluse", "93", 560), ("85", "Vendée", "52", 690), ("86", "Vienne", "75", 440),
        ("87", "Haute-Vienne", "75", 372), ("88", "Vosges", "44", 362), ("89", "Yonne", "27", 335),
        ("90", "Territoire de Belfort", "27", 140), ("91", "Essonne", "11", 1_310),
        ("92", "Hauts-de-Seine", "11", 1_630), ("93", "Seine-Saint-Denis", "11", 1_660),
        ("94", "Val-de-Marne", "11", 1_410), ("95", "Val-d'Oise", "11", 1_250),
        ("971", "Guadeloupe", "01", 384), ("972", "Martinique", "02", 361), ("973", "Guyane", "03", 286),
        ("974", "La Réunion", "04", 870), ("976", "Mayotte", "06", 300),
    ]
}
