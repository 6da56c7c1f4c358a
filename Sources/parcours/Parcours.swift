import ArgumentParser
import Foundation
import Support

/// The `parcours` command: a thin layer that parses arguments and calls the libraries.
@main
struct Parcours: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parcours",
        abstract: "A columnar analytics engine for VAE candidate pathways.",
        subcommands: [InitCommand.self, ScopeCommand.self, GenerateCommand.self, IngestCommand.self, RejectsCommand.self, ProvidersCommand.self, QualityCommand.self, UpgradeCommand.self,
                      BenchCommand.self, DescribeCommand.self, VerifyCommand.self, LogCommand.self, QueryCommand.self,
                      ExportCommand.self, IndicatorsCommand.self, DemoCommand.self]
    )

    /// Runs the command; an error from the libraries is printed with its control characters
    /// escaped (a message may quote a file's header or a path), as everything else printed is.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            // Usage errors, --help and exit codes: ArgumentParser's own way.
            if isParserError(error) { exit(withError: error) }
            FileHandle.standardError.write(Data("Error: \(Printable.escaped(String(describing: error)))\n".utf8))
            Foundation.exit(1)
        }
    }

    /// Errors of argument parsing itself, which ArgumentParser prints with the usage.
    private static func isParserError(_ error: Error) -> Bool {
        String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }
}
