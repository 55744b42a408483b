import TissueBudgets
import TissueIR

/// JUnit XML, as CI systems read it (the Jenkins/Ant `junit-10.xsd` structure): a `testsuites`
/// root, one `testsuite` per checked file, one `testcase` per budget, and a `failure` element
/// for each budget not met; a file that cannot be checked is one `testcase` with an `error`
/// element (its message and location). Times are 0: the check measures a design, not a run.
extension BudgetReport {
    public func junit() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"tissue check\" tests=\"\(budgetCount + problemCount)\" failures=\"\(failureCount)\" "
            + "errors=\"\(problemCount)\" time=\"0\">\n"
        for entry in entries {
            let errors = entry.problem == nil ? 0 : 1
            out += "  <testsuite" + Self.attributes([
                ("name", entry.file), ("tests", String(entry.results.count + errors)), ("failures", String(entry.failures)),
                ("errors", String(errors)), ("skipped", "0"), ("time", "0"),
            ]) + ">\n"
            out += "    <properties>\n"
            if let model = entry.model {
                out += "      <property" + Self.attributes([("name", "model"), ("value", model)]) + "/>\n"
            }
            out += "      <property" + Self.attributes([("name", "convention"), ("value", convention.rawValue)]) + "/>\n"
            if let baseline {
                out += "      <property" + Self.attributes([("name", "baseline"), ("value", baseline)]) + "/>\n"
            }
            out += "    </properties>\n"
            if let problem = entry.problem {
                var attributes = [("name", problem.kind == .noBudget ? "budgets" : "input"), ("classname", "tissue.check"),
                                  ("file", problem.file)]
                if let line = problem.line { attributes.append(("line", String(line))) }
                attributes.append(("time", "0"))
                out += "    <testcase" + Self.attributes(attributes) + ">\n"
                out += "      <error" + Self.attributes([("message", problem.message),
                                                         ("type", problem.kind == .noBudget ? "NoBudget" : "InputError")]) + ">"
                out += XMLEscaping.text("\(problem.place): error: \(problem.message)") + "</error>\n"
                out += "    </testcase>\n"
            }
            for result in entry.results {
                var attributes = [
                    ("name", "\(result.metric.displayName) \(result.metric.comparison) \(result.budget.written)"),
                    ("classname", "tissue.check.\(entry.model ?? "")"), ("file", entry.file),
                ]
                if let line = result.budget.source.line { attributes.append(("line", String(line))) }
                attributes.append(("time", "0"))
                let open = "    <testcase" + Self.attributes(attributes)
                guard !result.passed else {
                    out += open + "/>\n"
                    continue
                }
                out += open + ">\n"
                out += "      <failure" + Self.attributes([("message", sentence(result)), ("type", "BudgetExceeded")]) + ">"
                out += XMLEscaping.text(failureDetail(result, entry: entry))
                out += "</failure>\n"
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    /// The exact numbers, for whoever opens the failure.
    private func failureDetail(_ result: BudgetResult, entry: Entry) -> String {
        func exact(_ value: BudgetValue) -> String {
            switch value {
            case .count(let n): String(n)
            case .score(let x): "\(x)"
            }
        }
        return "\(entry.file): \(entry.model ?? ""): \(result.metric.displayName) measured \(exact(result.measured)), "
            + "limit \(result.metric.comparison) \(exact(result.budget.limit)) (written '\(result.budget.written)'), "
            + "margin \(exact(result.margin)), source \(Self.source(result.budget.source)), convention \(convention.rawValue)"
    }

    static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(XMLEscaping.attribute($0.1))\"" }.joined()
    }
}
