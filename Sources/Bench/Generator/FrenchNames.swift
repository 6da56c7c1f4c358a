import Foundation

/// Fake but plausible French identities for the raw certifier files (the pseudonymisation path).
/// Accents, hyphens, particles and apostrophes included on purpose: normalisation must fold them.
enum FrenchNames {
    static let surnames = [
        "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
        "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
        "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Müller", "Lefebvre", "Faure", "André",
        "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
        "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson",
        "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier",
        "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
        "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron",
        "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe",
        "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Leclercq", "Guillaume", "Lecomte",
        "Hébert", "Léger", "Côté", "Bélanger", "Lévêque", "Pâris", "Mégret", "Château", "Hoarau", "Grondin",
        "N'Diaye", "Diallo", "Nguyen", "Da Silva", "Ferreira", "Haddad", "Benali", "Traoré", "Kovač", "Ölçer",
        "de La Fontaine", "Le Gall", "Le Goff", "Saint-Martin", "Martin-Dubois", "d'Arcy", "Lê", "Björk",
    ]

    static let womenFirstNames = [
        "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Sandrine", "Christine", "Valérie", "Céline",
        "Stéphanie", "Véronique", "Sophie", "Aurélie", "Émilie", "Julie", "Mélanie", "Élodie", "Hélène",
        "Chloé", "Zoé", "Noémie", "Cécile", "Anaïs", "Maëlle", "Gaëlle", "Laëtitia", "Françoise", "Agnès",
        "Inès", "Léa", "Manon", "Camille", "Sarah", "Fatima", "Nadège", "Bérénice", "Marie-Thérèse", "Annick",
        "Josiane", "Coralie", "Séverine", "Ophélie", "Maïwenn", "Yasmina", "Océane",
    ]

    static let menFirstNames = [
        "Jean", "Philippe", "Michel", "Alain", "Patrick", "Nicolas", "Christophe", "Pierre", "Christian", "Éric",
        "Frédéric", "Laurent", "Stéphane", "David", "Pascal", "Daniel", "Sébastien", "Julien", "Thierry", "Olivier",
        "Jérôme", "Hervé", "André", "François", "Jean-Noël", "Loïc", "Joël", "Gaël", "Raphaël", "Noé",
        "Mathéo", "Léo", "Théo", "Mohamed", "Karim", "Yannick", "Benoît", "Rémi", "Grégory", "Cédric",
        "Jean-François", "Anthony", "Kévin", "Mickaël", "Aurélien",
    ]

    static let streets = [
        "rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "place de l'Église", "chemin des Écoliers",
        "rue du Général de Gaulle", "boulevard Pasteur", "allée des Tilleuls", "impasse des Lilas", "rue de la Gare",
    ]
}

extension FrenchNames {
    /// Raw files write birth names in capitals; computed once, not per row.
    static let surnamesUppercased = surnames.map { $0.uppercased() }
    static let surnamesFolded = surnames.map { Array(folded($0).utf8) }
    static let womenFirstNamesFolded = womenFirstNames.map { Array(folded($0).utf8) }
    static let menFirstNamesFolded = menFirstNames.map { Array(folded($0).utf8) }

    /// Lower case, accents and non-letters removed (for fake e-mail addresses).
    static func folded(_ name: String) -> String {
        String(name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            .unicodeScalars.filter { $0.properties.isAlphabetic && $0.isASCII }.map(Character.init))
    }
}
