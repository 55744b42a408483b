import TissueBudgets
import TissueIR

/// GitHub Actions workflow commands: an `::error` annotation for every budget not met and a
/// `::notice` for every budget that holds, placed on the `budget` statement's line (an option's
/// budget has no line, so it annotates the file), then a plain summary line.
/// See "Workflow commands for GitHub Actions": `::error file={name},line={line},title={title}::{message}`.
extension BudgetReport {
    public func githubAnnotations() -> String {
        var out = ""
        for entry in entries {
            for result in entry.results {
                var properties = [("file", entry.file)]
                if let line = result.budget.source.line { properties.append(("line", String(line))) }
                properties.append(("title", "tissue budget \(result.metric.displayName)"))
                let command = result.passed ? "notice" : "error"
                let message = "\(entry.model): \(Self.sentence(result)) [\(Self.source(result.budget.source))]"
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
