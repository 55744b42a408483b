import TissueDiagnostics
import TissueReports

/// The `tissue` command line: finds the subcommand, binds its arguments, runs it, and turns
/// every error into a message on standard error and an exit status (0 ok, 1 check failed,
/// 2 usage or input error).
public enum TissueCommandLine {
    public static let version = "0.1.0"

    static var commands: [any Command.Type] { [AnalyzeCommand.self, CheckCommand.self, UnitsCommand.self, StackCommand.self, ConvertCommand.self, SweepCommand.self, CompressCommand.self, CompareCommand.self, TableCommand.self, VerifyCommand.self, BenchCommand.self, DrawCommand.self] }

    /// Runs `tissue` with the process's arguments (without the program name).
    public static func run(_ arguments: [String], console: Console) -> Int32 {
        guard let first = arguments.first else {
            console.standardError(overview())
            return 2
        }
        switch first {
        case "--help", "-h":
            console.standardOutput(overview())
            return 0
        case "--version":
            console.standardOutput("tissue \(version)\n")
            return 0
        case "help":
            guard arguments.count > 1, arguments[1] != "help" else {
                console.standardOutput(overview())
                return 0
            }
            guard let command = command(named: arguments[1]) else {
                return fail(.usage(unknownCommand(arguments[1])), console: console)
            }
            console.standardOutput(HelpFormatter.help(for: command.spec))
            return 0
        default:
            break
        }
        if first.hasPrefix("-"), first != "-" {
            let suggestion = Suggestion.closest(to: first, among: ["--help", "--version"])
            return fail(.usage(.unknownGlobalOption(first, suggestion: suggestion)), console: console)
        }
        guard let command = command(named: first) else {
            return fail(.usage(unknownCommand(first)), console: console)
        }
        let bound: ParsedArguments
        do {
            bound = try ArgumentBinder.bind(Array(arguments.dropFirst()), to: command.spec)
        } catch {
            return fail(.usage(error), console: console)
        }
        if bound.flag("help") {
            console.standardOutput(HelpFormatter.help(for: command.spec))
            return 0
        }
        do {
            return try command.run(bound, console: console)
        } catch {
            return fail(error, console: console)
        }
    }

    /// Entry point for `main.swift`.
    public static func main() -> Int32 {
        run(Array(CommandLine.arguments.dropFirst()), console: .live)
    }

    static func command(named name: String) -> (any Command.Type)? {
        commands.first { $0.spec.name == name }
    }

    static func unknownCommand(_ name: String) -> UsageError {
        .unknownCommand(name, suggestion: Suggestion.closest(to: name, among: commands.map { $0.spec.name } + ["help"]))
    }

    static func fail(_ error: CommandError, console: Console) -> Int32 {
        var text = error.rendered()
        if console.usesColor {
            text = text.replacingFirst("error:", with: "\u{1B}[1;31merror:\u{1B}[0m")
        }
        console.standardError(text)
        return error.exitStatus
    }

    /// `tissue --help`: what the tool is and its commands.
    static func overview() -> String {
        var out = """
            tissue \(version): a compression-analysis calculator for neural networks.

            USAGE: tissue COMMAND [OPTIONS] [ARGUMENTS]
                   tissue --help | --version

            COMMANDS:

            """
        for command in commands {
            let name = command.spec.name
            out += "  " + name + String(repeating: " ", count: max(2, 12 - name.count)) + command.spec.abstract + "\n"
        }
        out += "  help        Show help for a command: 'tissue help COMMAND'.\n"
        out += """

            Run 'tissue COMMAND --help' for a command's options and examples.
            A FILE of '-' reads standard input; '--' ends the options. Errors are colored only on a
            terminal, and never when NO_COLOR is set.
            Exit status: 0 success, 1 a check failed, 2 a usage or input error.

            """
        return out
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
