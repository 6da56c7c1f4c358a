/// A command that cannot do what it was asked, found once it runs (a store's state, a file's
/// content): printed as an error, without the usage text that a mistyped argument gets.
struct CommandRefusal: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
