import Foundation
import Storage

/// An organisation that sends files (a university, a rectorat, a ministry's regional office, a
/// trade branch), declared in the store with the mapping its files are read through and the month
/// it is expected to deliver in. Several providers can share one certifier code.
///
/// The mapping's text is kept in the store, so that a provider's files are read the same way
/// whoever ingests them, and wherever the mapping file went. A removed provider stays in the
/// ledger (its batches refer to it) but receives no more files.
public struct Provider: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let certifier: String
    public let mappingName: String?
    public let mappingText: String?
    /// 1...12, or nil when no delivery month was agreed.
    public let deliveryMonth: Int?
    public let createdAt: String
    public let removedAt: String?

    /// The mapping the provider's files are read through (nil for a provider of harmonised files).
    public func mapping() throws(MappingError) -> Mapping? {
        guard let mappingText else { return nil }
        return try Mapping.parse(Data(mappingText.utf8), source: "provider \(name)")
    }

    /// The last day a file of `dataYear` is due: the end of the delivery month of the next year.
    public func dueDate(dataYear: Int) -> CivilDate? {
        guard let deliveryMonth, (1...12).contains(deliveryMonth) else { return nil }
        let year = dataYear + 1
        return CivilDate(year: year, month: deliveryMonth, day: CivilDate.daysInMonth(year: year, month: deliveryMonth))
    }
}

/// Why a provider cannot be declared, found or used.
public enum ProviderError: Error, CustomStringConvertible, Equatable {
    case unknown(name: String, known: [String])
    case alreadyDeclared(name: String)
    case invalid(String)

    public var description: String {
        switch self {
        case .unknown(let name, let known):
            "no provider '\(name)' in this store" + (known.isEmpty ? " (declare one with `parcours providers add`)" : "; providers: \(known.joined(separator: ", "))")
        case .alreadyDeclared(let name):
            "a provider '\(name)' is already declared in this store"
        case .invalid(let detail):
            detail
        }
    }
}

extension IngestLedger {
    /// Declared providers, by name (removed ones only with `includingRemoved`).
    public func providers(includingRemoved: Bool = false) throws(StorageError) -> [Provider] {
        try store.readCatalog { catalog throws(StorageError) in
            guard try catalog.tableExists("providers") else { return [] }
            let rows = try catalog.query("""
                SELECT id, name, certifier, mapping_name, mapping_text, delivery_month, created_at, removed_at
                FROM providers \(includingRemoved ? "" : "WHERE removed_at IS NULL") ORDER BY name
                """)
            return try rows.map { row throws(StorageError) in
                Provider(id: try row.integer(0), name: try row.text(1), certifier: try row.text(2), mappingName: try row.optionalText(3),
                         mappingText: try row.optionalText(4), deliveryMonth: try row.optionalCount(5), createdAt: try row.text(6),
                         removedAt: try row.optionalText(7))
            }
        }
    }

    /// The provider named `name` (not removed).
    public func provider(named name: String) throws -> Provider {
        let all = try providers()
        guard let provider = all.first(where: { $0.name == name }) else { throw ProviderError.unknown(name: name, known: all.map(\.name)) }
        return provider
    }

    /// Declares a provider (the store must be open for writing).
    @discardableResult
    public func addProvider(name: String, certifier: String, mapping: Mapping?, deliveryMonth: Int?) throws -> Provider {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 120, trimmed.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            throw ProviderError.invalid("a provider's name is 1 to 120 printable characters")
        }
        guard Certifier(rawValue: certifier) != nil else {
            throw ProviderError.invalid("unknown certifier '\(certifier)'; certifiers: \(Certifier.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let deliveryMonth, !(1...12).contains(deliveryMonth) { throw ProviderError.invalid("the delivery month is 1 to 12") }
        if let mapped = mapping?.certifier, mapped != certifier {
            throw ProviderError.invalid("mapping \(mapping?.name ?? "") is for certifier \(mapped), not \(certifier)")
        }
        if try providers(includingRemoved: true).contains(where: { $0.name == trimmed }) { throw ProviderError.alreadyDeclared(name: trimmed) }
        try store.updateCatalog { catalog throws(StorageError) in
            try catalog.run("""
                INSERT INTO providers (name, certifier, mapping_name, mapping_text, delivery_month, created_at) VALUES (?, ?, ?, ?, ?, ?)
                """, [.text(trimmed), .text(certifier), mapping.map { .text($0.name) } ?? .null, mapping.map { .text($0.text) } ?? .null,
                      deliveryMonth.map { .integer(Int64($0)) } ?? .null, .text(Self.timestamp())])
        }
        return try provider(named: trimmed)
    }

    /// Removes a provider: it receives no more files; its batches keep naming it.
    public func removeProvider(named name: String) throws {
        let provider = try provider(named: name)
        try store.updateCatalog { catalog throws(StorageError) in
            try catalog.run("UPDATE providers SET removed_at = ? WHERE id = ?", [.text(Self.timestamp()), .integer(provider.id)])
        }
    }
}
