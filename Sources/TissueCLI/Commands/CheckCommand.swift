import TissueBudgets
import TissueIR
import TissueNumerics
import TissueReports

/// `tissue check FILE...`: every budget of every file, from its `budget` statements and from the
/// command line; exit 0 when all hold, 1 when any is not met, 2 when the check cannot be made.
enum CheckCommand: Command {
    /// Output formats of `check`: for people, for programs, and for CI systems.
    enum Format: String, CaseIterable {
        case text, json, junit, github
    }

    /// The `--max-*` options and the metric each one limits.
    static let ceilings: [(option: String, metric: BudgetMetric)] = [
        ("max-params", .params), ("max-macs", .macs), ("max-flops", .flops),
        ("max-activations", .activations), ("max-weight-bytes", .weightBytes),
    ]

    /// The `--min-*` options and the efficiency score each one bounds from below.
    static let floors: [(option: String, metric: BudgetMetric)] = [("min-ce", .ce), ("min-se", .se)]

    static let spec = CommandSpec(
        name: "check",
        abstract: "Check designs against their budgets (for CI).",
        discussion: """
            Measures each FILE and compares it with its budgets: the file's own 'budget' statements \
            (such as 'budget params <= 11.2M') and the limits given as options. An option replaces \
            the file's budgets of the same metric, and the report says which one applied. Each \
            budget is reported with the measured value, the limit, and the margin left (absolute \
            and in % of the limit; negative when exceeded). CE and SE compare a model with \
            --baseline: CE = (Acc/FLOPs)/(Acc_b/FLOPs_b), SE = (Acc/Params)/(Acc_b/Params_b), with \
            accuracies from both files' 'accuracy' statements. Quantities are integers or decimals \
            with k, M, G or T (10^3 ... 10^12). Exit status: 0 every budget holds, 1 a budget is not \
            met, 2 a usage or input error (including a file with no budget at all, or a missing \
            'accuracy' for CE/SE). Formats: 'junit' writes JUnit XML (one test case per budget per \
            file), 'github' writes GitHub Actions annotations on the 'budget' lines.
            """,
        positionals: [.init(name: "FILE", help: "One or more .arch files, or '-' for standard input.", repeating: true)],
        options: [
            .init("max-params", value: "Q", help: "Most trainable parameters allowed; replaces the file's 'budget params'."),
            .init("max-macs", value: "Q", help: "Most multiply-accumulates allowed; replaces 'budget macs'."),
            .init("max-flops", value: "Q", help: "Most floating-point operations allowed; replaces 'budget flops'."),
            .init("max-activations", value: "Q",
                  help: "Most activation elements (all layer outputs) allowed; replaces 'budget activations'."),
            .init("max-weight-bytes", value: "Q", help: "Most weight memory allowed: params x --bytes-per-param."),
            .init("bytes-per-param", value: "N", help: "Bytes per stored parameter (4 float32, 2 float16, 1 int8).",
                  default: "4"),
            .init("baseline", value: "BASE", help: "The baseline .arch file that CE and SE compare with."),
            .init("min-ce", value: "X", help: "Least computation efficiency against --baseline allowed."),
            .init("min-se", value: "X", help: "Least storage efficiency against --baseline allowed."),
            .init("convention", short: "c", value: "C", help: "Counting convention for MACs and FLOPs.",
                  default: "standard", choices: Convention.allCases.map(\.rawValue)),
            .init("format", short: "f", value: "F", help: "Output format.", default: "text",
                  choices: Format.allCases.map(\.rawValue)),
        ] + InputLimits.options,
        examples: [
            "tissue check Examples/ci/resnet18-stacked-budget.arch",
            "tissue check Examples/ci/resnet18-stacked-budget.arch --max-params 4M",
            "tissue check Examples/zoo/resnet18.arch Examples/zoo/resnet50.arch --max-flops 10G --format junit",
            "tissue check Examples/ci/resnet18-stacked-budget.arch --baseline Examples/ci/resnet18-cifar10-baseline.arch --min-ce 2",
        ]
    )

    static func run(_ arguments: ParsedArguments, console: Console) throws(CommandError) -> Int32 {
        let options = try limits(arguments)
        let convention = arguments.choice("convention", as: Convention.self) ?? .standard
        let format = arguments.choice("format", as: Format.self) ?? .text
        let bytes: Int?
        do { bytes = try arguments.integer("bytes-per-param") } catch { throw .usage(error) }
        guard let bytesPerParameter = bytes, bytesPerParameter > 0 else {
            throw .usage(.invalidValue(option: "bytes-per-param", value: arguments.value("bytes-per-param") ?? "",
                                       expected: "a positive integer such as 4"))
        }
        let loader = try ModelLoader(console: console, arguments: arguments)
        var baseline: (model: LoadedModel, check: BudgetCheck.Model)?
        if let path = arguments.value("baseline") {
            let model = try loader.load(path)
            baseline = (model, try checkModel(model, convention))
        }

        var entries: [BudgetReport.Entry] = []
        var errors: [CommandError] = []
        for path in arguments.positionals {
            do throws(CommandError) {
                let model = try loader.load(path)
                let check = BudgetCheck(model: try checkModel(model, convention), fileBudgets: model.network.metadata.budgets,
                                        optionLimits: options, bytesPerParameter: bytesPerParameter, baseline: baseline?.check)
                do {
                    entries.append(.init(file: model.fileName, model: model.network.name, results: try check.evaluate()))
                } catch {
                    let blamed = error.inBaseline ? (baseline?.model ?? model) : model
                    throw .input(error.diagnostic, fileName: blamed.fileName, source: blamed.source)
                }
            } catch {
                errors.append(error)
            }
        }
        // A verdict needs every file: with any unusable one, report the problems and no results.
        guard errors.isEmpty else {
            for error in errors { _ = TissueCommandLine.fail(error, console: console) }
            return 2
        }
        let report = BudgetReport(entries: entries, convention: convention, baseline: baseline?.model.fileName)
        switch format {
        case .text: console.standardOutput(report.text())
        case .json: console.standardOutput(report.json().rendered() + "\n")
        case .junit: console.standardOutput(report.junit())
        case .github: console.standardOutput(report.githubAnnotations())
        }
        return report.passed ? 0 : 1
    }

    /// The limits given as options, in the order of ``ceilings`` and ``floors``.
    static func limits(_ arguments: ParsedArguments) throws(CommandError) -> [BudgetLimit] {
        var limits: [BudgetLimit] = []
        for (option, metric) in ceilings {
            guard let value = try quantity(arguments, option) else { continue }
            limits.append(BudgetLimit(metric: metric, limit: .count(value), written: arguments.value(option) ?? "",
                                      source: .option("--" + option, overrides: [])))
        }
        for (option, metric) in floors {
            guard let text = arguments.value(option) else { continue }
            guard let value = Double(text), value.isFinite, value >= 0 else {
                throw .usage(.invalidValue(option: option, value: text, expected: "a non-negative decimal such as '1.5'"))
            }
            guard arguments.wasGiven("baseline") else { throw .usage(.optionNeeds(option, "'--baseline BASE.arch'")) }
            limits.append(BudgetLimit(metric: metric, limit: .score(value), written: text,
                                      source: .option("--" + option, overrides: [])))
        }
        if arguments.wasGiven("baseline"), !floors.contains(where: { arguments.wasGiven($0.option) }) {
            throw .usage(.optionNeeds("baseline", "'--min-ce X' or '--min-se X'"))
        }
        return limits
    }

    private static func quantity(_ arguments: ParsedArguments, _ option: String) throws(CommandError) -> Int? {
        do { return try arguments.quantity(option) } catch { throw .usage(error) }
    }

    private static func checkModel(_ model: LoadedModel, _ convention: Convention) throws(CommandError) -> BudgetCheck.Model {
        let analysis = try model.analyze(convention)
        guard analysis.uncounted.isEmpty else { throw .uncounted(fileName: model.fileName, operators: analysis.uncounted) }
        return BudgetCheck.Model(analysis: analysis, accuracy: model.network.metadata.accuracy?.value)
    }
}
