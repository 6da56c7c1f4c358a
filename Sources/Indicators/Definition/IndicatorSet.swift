import Foundation

/// The annual indicator set: the families, in publication order, read from the SQL files shipped
/// with Parcours (`Sources/Indicators/SQL`, one file per family, `N_name.sql`).
public struct IndicatorSet: Sendable {
    public let families: [IndicatorFamily]

    public init(families: [IndicatorFamily]) throws(IndicatorError) {
        for family in families {
            if let split = family.split, !families.contains(where: { $0.name == split.of }) {
                throw .definition("\(family.name).sql", "splits the family \(split.of), which is not in the set")
            }
        }
        self.families = families
    }

    /// How many families the shipped set has (flows, durations, cohort, drop-off, support).
    public static let standardCount = 5

    /// The set shipped with Parcours.
    public static func standard() throws(IndicatorError) -> IndicatorSet {
        try load(from: try standardFolder())
    }

    /// The folder of the shipped SQL files (for other engines to run them too): the resources
    /// SwiftPM installs beside the executable (`Parcours_Indicators.resources/SQL`), or the folder
    /// `PARCOURS_INDICATOR_SQL` names. Looked up by hand rather than through `Bundle.module`,
    /// whose accessor stops the process when the resources are missing (a binary copied alone).
    public static func standardFolder() throws(IndicatorError) -> URL {
        let override = ProcessInfo.processInfo.environment["PARCOURS_INDICATOR_SQL"].map { URL(fileURLWithPath: $0) }
        guard let found = resourceFolder("SQL", holding: "1_flows.sql", override: override) else {
            throw .definition("indicator SQL", "the files are not installed beside parcours (Parcours_Indicators.resources/SQL): "
                              + "copy that folder with the binary, set PARCOURS_INDICATOR_SQL, or pass --sql DIR")
        }
        return found
    }

    /// The module's resource folder `name` (`override` first, then `Parcours_Indicators.resources`
    /// beside the bundle or the executable) if it holds `file`.
    static func resourceFolder(_ name: String, holding file: String, override: URL? = nil) -> URL? {
        var candidates: [URL] = override.map { [$0] } ?? []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        for folder in [Bundle.main.bundleURL, executable] {
            candidates.append(folder.appendingPathComponent("Parcours_Indicators.resources").appendingPathComponent(name))
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent(file).path) }
    }

    /// Reads every `N_name.sql` of a folder, in file-name order.
    public static func load(from folder: URL) throws(IndicatorError) -> IndicatorSet {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "sql" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw .definition(folder.path, "cannot list the folder (\(error.localizedDescription))")
        }
        guard !files.isEmpty else { throw .definition(folder.path, "holds no .sql file") }
        var families: [IndicatorFamily] = []
        for file in files {
            guard let sql = try? String(contentsOf: file, encoding: .utf8) else {
                throw .definition(file.path, "cannot be read as UTF-8 text")
            }
            let stem = file.deletingPathExtension().lastPathComponent
            let name = stem.drop { $0.isNumber || $0 == "_" }
            families.append(try IndicatorFamily(name: name.isEmpty ? stem : String(name), sql: sql))
        }
        return try IndicatorSet(families: families)
    }
}
