import TissueArch
import TissueBudgets
import TissueDiagnostics
import TissueIR
import TissueNumerics
import TissueReports

extension FuzzProperty {
    /// `budget`: what `tissue check` does with one file. Leading lines `--OPTION VALUE` are the
    /// options of `check` (`--max-params Q` … `--max-weight-bytes Q`, `--bytes-per-param N`,
    /// `--min-ce X`, `--min-se X`, `--convention C`, and `--baseline` alone for the fixed baseline
    /// `Examples/ci/resnet18-cifar10-baseline.arch`); the rest is the model's `.arch` text with its
    /// `budget` and `accuracy` statements → ``BudgetCheck/evaluate()`` → ``BudgetReport`` as text,
    /// JSON, JUnit and GitHub annotations. A check that cannot be made must say why with a
    /// well-formed diagnostic; every result's margin is exact and its verdict follows its sign.
    public static func budget(_ bytes: [UInt8], context: FuzzContext) throws(FuzzFailure) {
        guard let text = text(bytes) else { return }
        var lines = lines(text)
        var options: [String: String] = [:]
        while let first = lines.first, first.hasPrefix("--") {
            lines.removeFirst()
            let parts = first.dropFirst(2).split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]), value = parts.count > 1 ? String(parts[1]) : ""
            guard options[name] == nil else { return }
            options[name] = value
        }
        let source = lines.joined(separator: "\n")
        var limits: [BudgetLimit] = []
        let ceilings: [(String, BudgetMetric)] = [("max-params", .params), ("max-macs", .macs), ("max-flops", .flops),
                                                  ("max-activations", .activations), ("max-weight-bytes", .weightBytes)]
        for (option, metric) in ceilings {
            guard let written = options.removeValue(forKey: option) else { continue }
            guard let value = Quantity.parse(written) else { return }
            limits.append(BudgetLimit(metric: metric, limit: .count(value), written: written, source: .option("--" + option, overrides: [])))
        }
        var floors = false
        for (option, metric) in [("min-ce", BudgetMetric.ce), ("min-se", .se)] {
            guard let written = options.removeValue(forKey: option) else { continue }
            guard let value = Double(written), value.isFinite, value >= 0, options["baseline"] != nil else { return }
            limits.append(BudgetLimit(metric: metric, limit: .score(value), written: written, source: .option("--" + option, overrides: [])))
            floors = true
        }
        let useBaseline = options.removeValue(forKey: "baseline") != nil
        if useBaseline, !floors { return }
        var precision = Precision.float32
        if let written = options.removeValue(forKey: "bytes-per-param") {
            guard let value = Precision(bytesPerElement: Substring(written)) else { return }
            precision = value
        }
        guard let convention = options.removeValue(forKey: "convention").map(Convention.init(rawValue:)) ?? .standard,
              options.isEmpty else { return }

        func model(_ source: String, stage: String) throws(FuzzFailure) -> (BudgetCheck.Model, Network)? {
            FuzzProperty.stage("read and analyse the \(stage)")
            let network: Network
            do { network = try ArchReader.read(source, defaultName: "fuzz", limits: FuzzProperty.limits) } catch {
                try checkDiagnostic(error, source: source, harness: "budget", stage: stage)
                return nil
            }
            do {
                let analysis = try Analysis(network, convention: convention)
                return (BudgetCheck.Model(analysis: analysis, accuracy: network.metadata.accuracy?.value), network)
            } catch {
                try checkDiagnostic(Diagnostic(error), source: source, harness: "budget", stage: stage)
                return nil
            }
        }
        var baseline: BudgetCheck.Model?
        if useBaseline {
            guard let (checked, _) = try model(context.baseline, stage: "baseline") else {
                throw FuzzFailure("budget", "the fixed baseline reads", FuzzContext.baselinePath)
            }
            baseline = checked
        }
        guard let (checked, network) = try model(source, stage: "model") else { return }
        let check = BudgetCheck(model: checked, fileBudgets: network.metadata.budgets, optionLimits: limits,
                                precision: precision, baseline: baseline)
        stage("check the budgets")
        let results: [BudgetResult]
        do throws(BudgetCheck.Failure) { results = try check.evaluate() } catch {
            try checkDiagnostic(error.diagnostic, source: error.inBaseline ? context.baseline : source, harness: "budget",
                                stage: "check")
            return
        }
        for result in results {
            switch (result.measured, result.budget.limit, result.margin) {
            case (.count(let measured), .count(let limit), .count(let margin)):
                let (expected, overflow) = limit.subtractingReportingOverflow(measured)
                guard !overflow, margin == expected else {
                    throw FuzzFailure("budget", "a count margin is exact", "\(result.metric): limit \(limit), measured \(measured), margin \(margin)")
                }
            default:
                break
            }
            let sign: Double = switch result.margin {
            case .count(let n): Double(n.signum())
            case .score(let x): x
            }
            guard result.passed == (sign >= 0) else {
                throw FuzzFailure("budget", "a verdict follows its margin's sign", "\(result)")
            }
            guard (result.marginPercent == nil) == (result.budget.limit.doubleValue == 0) else {
                throw FuzzFailure("budget", "the margin percentage is missing only for a zero limit", "\(result)")
            }
        }
        stage("budget report")
        let report = BudgetReport(entries: [.init(file: "fuzz.arch", model: network.name, results: results)],
                                  convention: convention, baseline: useBaseline ? "baseline.arch" : nil)
        for result in results { _ = report.sentence(result) }
        _ = report.text() + report.json().rendered() + report.junit() + report.githubAnnotations()
    }

    /// `quantity`: ``Quantity/parse(_:)``, what `check --max-*` and `sweep --budget` read, on any
    /// text: a count or nil, never a trap; never negative; the same as the `.arch` reader's value
    /// of the same text in a `budget` statement, whenever the reader accepts it.
    public static func quantity(_ bytes: [UInt8]) throws(FuzzFailure) {
        guard let text = text(bytes) else { return }
        stage("Quantity.parse")
        let value = Quantity.parse(text)
        if let value, value < 0 {
            throw FuzzFailure("quantity", "a quantity is not negative", "\(text.debugDescription) gives \(value)")
        }
        // The reader splits at blanks and stops at `#` and `;`: compare only single words.
        guard !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0 == "#" || $0 == ";" }) else { return }
        stage("read the quantity in a budget statement")
        let source = "input 4\nlinear 2\nbudget params <= \(text)\n"
        guard let network = try? ArchReader.read(source, limits: limits), let budget = network.metadata.budgets.first else {
            return
        }
        guard case .count(let read) = budget.limit, read == value else {
            throw FuzzFailure("quantity", "Quantity.parse agrees with the .arch reader",
                              "\(text.debugDescription): Quantity.parse gives \(value.map(String.init) ?? "nil"), "
                              + "the reader \(budget.limit)")
        }
    }
}
