/// A statement Parcours cannot run, with where and why, and a hint when one helps
/// (`did you mean GROUP?`). Parsing never touches a store, so a bad query changes nothing.
public struct SQLError: Error, Sendable, Equatable, CustomStringConvertible {
    public let position: SourcePosition
    public let message: String
    public let hint: String?

    public init(_ message: String, at position: SourcePosition, hint: String? = nil) {
        self.message = message
        self.position = position
        self.hint = hint
    }

    public var description: String {
        "\(position): \(message)" + (hint.map { " (\($0))" } ?? "")
    }
}
