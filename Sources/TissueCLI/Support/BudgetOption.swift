import TissueDiagnostics
import TissueNumerics

/// `--budget METRIC<=Q` (`sweep`, `compress`): a metric among the command's own and a quantity.
enum BudgetOption {
    static func parse(_ text: String, metrics names: [String]) throws(CommandError) -> (metric: String, limit: Int, written: String) {
        let parts = text.split(separator: "<=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else {
            throw .usage(.invalidValue(option: "budget", value: text, expected: "METRIC<=QUANTITY such as 'flops<=300M'"))
        }
        let name = parts[0].lowercased()
        guard names.contains(name) else {
            throw .usage(.invalidChoice(option: "budget", value: parts[0], choices: names,
                                        suggestion: Suggestion.closest(to: parts[0], among: names)))
        }
        guard let limit = Quantity.parse(parts[1]) else {
            throw .usage(.invalidValue(option: "budget", value: parts[1], expected: "a quantity such as '300M'"))
        }
        return (name, limit, parts[1])
    }
}
