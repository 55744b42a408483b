import TissueBudgets
import TissueIR

/// GitHub Actions workflow commands: an `::error` annotation for every budget not met and a
/// `::notice` for every budget that holds, placed on the `budget` statement's line (an option's
/// budget has no line, so it annotates the file), an `::error` at the line and column of every
/// input error (and on a file with no budget), then a plain summary line.
/// See "Workflow commands for GitHub Actions": `::error file={name},line={line},title={title}::{message}`.
extension BudgetReport {
    public func githubAnnotations() -> String {
        var out = ""
        for entry in entries {
            if let problem = entry.problem {
                var properties = [("file", problem.file)]
                if let line = problem.line { properties.append(("line", String(line))) }
                if let column = problem.column { properties.append(("col", String(column))) }
                properties.append(("title", problem.kind == .noBudget ? "tissue: no budget" : "tissue: input error"))
                out += "::error " + properties.map { "\($0.0)=\(Self.escapeProperty($0.1))" }.joined(separator: ",")
                    + "::" + Self.escapeData(problem.message) + "\n"
            }
            for result in entry.results {
                var properties = [("file", entry.file)]
                if let line = result.budget.source.line { properties.append(("line", String(line))) }
                properties.append(("title", "tissue budget \(result.metric.displayName)"))
                let command = result.passed ? "notice" : "error"
                let message = "\(entry.model ?? ""): \(sentence(result)) [\(Self.source(result.budget.source))]"
                out += "::\(command) " + properties.map { "\($0.0)=\(Self.escapeProperty($0.1))" }.joined(separator: ",")
                    + "::" + Self.escapeData(message) + "\n"
            }
        }
        return out + summary() + "\n"
    }

    /// Message escaping of the Actions runner: `%`, CR and LF.
    static func escapeData(_ text: String) -> String {
        text.replacingAll("%", with: "%25").replacingAll("\r", with: "%0D").replacingAll("\n", with: "%0A")
    }

    /// Property escaping: as messages, plus `:` and `,`, which separate properties.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
    }
}
