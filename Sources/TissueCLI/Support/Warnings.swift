import TissueMetrics

/// Warnings: results that are right but would mislead. Each goes to standard error as
/// `tissue: warning: ...` (and into the JSON a command prints); with `--strict` a command that
/// warned exits 1 instead of 0.
enum Warnings {
    static let strictOption = CommandSpec.Option("strict", help: "Exit 1 when there is a warning (a result that would mislead).")

    /// Prints every caveat and gives the exit status: `status`, or 1 under `--strict` when
    /// there is a caveat and nothing worse happened.
    static func finish(_ caveats: [Caveat], status: Int32, _ arguments: ParsedArguments, console: Console) -> Int32 {
        for caveat in caveats { console.standardError("tissue: warning: \(caveat)\n") }
        return status == 0 && !caveats.isEmpty && arguments.flag("strict") ? 1 : status
    }
}
