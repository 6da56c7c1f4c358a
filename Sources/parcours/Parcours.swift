import ArgumentParser

/// The `parcours` command: a thin layer that parses arguments and calls the libraries.
@main
struct Parcours: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parcours",
        abstract: "A columnar analytics engine for VAE candidate pathways.",
        subcommands: [InitCommand.self, GenerateCommand.self, IngestCommand.self, RejectsCommand.self, BenchCommand.self, DescribeCommand.self, VerifyCommand.self, LogCommand.self, QueryCommand.self, IndicatorsCommand.self, DemoCommand.self]
    )
}
