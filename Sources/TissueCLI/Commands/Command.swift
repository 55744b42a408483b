/// A subcommand of `tissue`: its declared interface and what it does with bound arguments.
protocol Command {
    static var spec: CommandSpec { get }
    /// Runs with bound arguments; returns the exit status (0 ok, 1 check failed).
    static func run(_ arguments: ParsedArguments, console: Console) throws(CommandError) -> Int32
}

/// Output formats shared by the reporting commands.
enum OutputFormat: String, CaseIterable {
    case text, markdown, csv, json
}

/// `analyze`'s formats: the shared ones and a self-contained HTML page.
enum AnalyzeFormat: String, CaseIterable {
    case text, markdown, csv, json, html
}
