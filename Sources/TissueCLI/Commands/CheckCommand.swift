import TissueBudgets
import TissueDiagnostics
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
        ("max-activations", .activations), ("max-weight-bytes", .weightBytes), ("max-activation-bytes", .activationBytes),
    ]

    /// The `--min-*` options and the efficiency score each one bounds from below.
    static let floors: [(option: String, metric: BudgetMetric)] = [("min-ce", .ce), ("min-se", .se)]

    static let spec = CommandSpec(
        name: "check",
        abstract: "Check designs against their budgets (for CI).",
        discussion: """
            Measures each FILE and compares it with its budgets: the file's own 'budget' statements \
            (such as 'budget params <= 11.2M', 'budget weight-bytes <= 4M' or 'budget ce >= 2') and \
            the limits given as options. An option replaces the file's budgets of the same metric, \
            and the report says which one applied. Each budget is reported with the measured value, \
            the limit, and the margin left (absolute and in % of the limit; negative when exceeded). \
            CE and SE compare a model with a baseline, named in the file ('baseline FILE', relative \
            to the file) or with --baseline: CE = (Acc/FLOPs)/(Acc_b/FLOPs_b), SE = \
            (Acc/Params)/(Acc_b/Params_b), with accuracies from both files' 'accuracy' statements. \
            Weight bytes are the parameters at --dtype; activation bytes the peak of live tensors at \
            inference (docs/conventions.md). Quantities are integers or decimals with k, M, G or T \
            (10^3 ... 10^12). Every file is checked, whatever happens to the others: a file that \
            cannot be read, has an error or has no budget is reported in the chosen format (a JUnit \
            <error>, a GitHub '::error' at its line and column, a JSON 'error' entry) as well as on \
            standard error. Exit status: 0 every budget holds, 1 a budget is not met, 2 a usage or \
            input error or a file with no budget. Formats: 'junit' writes JUnit XML (one test case \
            per budget per file), 'github' writes GitHub Actions annotations on the 'budget' lines.
            """,
        positionals: [.init(name: "FILE", help: "One or more .arch files, or '-' for standard input.", repeating: true)],
        options: [
            .init("max-params", value: "Q", help: "Most trainable parameters allowed; replaces the file's 'budget params'."),
            .init("max-macs", value: "Q", help: "Most multiply-accumulates allowed; replaces 'budget macs'."),
            .init("max-flops", value: "Q", help: "Most floating-point operations allowed; replaces 'budget flops'."),
            .init("max-activations", value: "Q",
                  help: "Most activation elements (all layer outputs) allowed; replaces 'budget activations'."),
            .init("max-weight-bytes", value: "Q", help: "Most weight memory allowed: params at --dtype; replaces 'budget weight-bytes'."),
            .init("max-activation-bytes", value: "Q",
                  help: "Most activation memory allowed: the inference peak at --dtype and --batch; replaces 'budget activation-bytes'."),
            .init("baseline", value: "BASE", help: "The baseline .arch file that CE and SE compare with; replaces the files' 'baseline'."),
            .init("min-ce", value: "X", help: "Least computation efficiency against the baseline allowed."),
            .init("min-se", value: "X", help: "Least storage efficiency against the baseline allowed."),
            .init("convention", short: "c", value: "C", help: "Counting convention for MACs and FLOPs.",
                  default: "standard", choices: Convention.allCases.map(\.rawValue)),
            .init("format", short: "f", value: "F", help: "Output format.", default: "text",
                  choices: Format.allCases.map(\.rawValue)),
        ] + WhatIf.shapeOptions + WhatIf.memoryOptions + InputLimits.options,
        examples: [
            "tissue check Examples/ci/resnet18-stacked-budget.arch",
            "tissue check Examples/ci/resnet18-stacked-budget.arch --max-params 4M",
            "tissue check Examples/zoo/resnet18.arch Examples/zoo/resnet50.arch --max-flops 10G --format junit",
            "tissue check Examples/ci/resnet18-stacked-budget.arch --baseline Examples/ci/resnet18-cifar10-baseline.arch --min-ce 2",
            "tissue check Examples/ci/resnet18-stacked-budget.arch --max-weight-bytes 10M --dtype f16 --units iec",
        ]
    )

    static func run(_ arguments: ParsedArguments, console: Console) throws(CommandError) -> Int32 {
        let options = try limits(arguments)
        let convention = arguments.choice("convention", as: Convention.self) ?? .standard
        let format = arguments.choice("format", as: Format.self) ?? .text
        let precision: Precision
        do { precision = try arguments.precision() } catch { throw .usage(error) }
        let loader = try ModelLoader(console: console, arguments: arguments)
        var baselines = Baselines(loader: loader, convention: convention, precision: precision, option: arguments.value("baseline"))

        var entries: [BudgetReport.Entry] = []
        var errors: [CommandError] = []
        var scoresChecked = false
        for path in arguments.positionals {
            do throws(CommandError) {
                let model = try loader.load(path)
                let budgets = model.network.metadata.budgets
                let check = BudgetCheck(model: try checkModel(model, convention, precision), fileBudgets: budgets,
                                        optionLimits: options, precision: precision)
                let needsBaseline = check.limits.contains { !$0.metric.isMaximum }
                scoresChecked = scoresChecked || needsBaseline
                var checked = check
                var baseline: LoadedModel?
                if needsBaseline, let found = try baselines.baseline(for: model, path: path) {
                    (baseline, checked.baseline) = (found.model, found.check)
                }
                do {
                    entries.append(.init(file: model.fileName, model: model.network.name, results: try checked.evaluate()))
                } catch {
                    let blamed = error.inBaseline ? (baseline ?? model) : model
                    let kind: BudgetReport.Problem.Kind = error.diagnostic.kind == .noBudgets ? .noBudget : .inputError
                    let failure = CommandError.input(error.diagnostic, fileName: blamed.fileName, source: blamed.source)
                    entries.append(.init(file: model.fileName, model: model.network.name, problem: failure.problem(kind)))
                    errors.append(failure)
                }
            } catch {
                entries.append(.init(file: path == "-" ? "<stdin>" : path, problem: error.problem(.inputError)))
                errors.append(error)
            }
        }
        if arguments.wasGiven("baseline"), !scoresChecked, errors.isEmpty {
            throw .usage(.optionNeeds("baseline", "'--min-ce X' or '--min-se X'"))
        }
        // Every problem on standard error with its source line, and in the report in its format.
        for error in errors { _ = TissueCommandLine.fail(error, console: console) }
        let report = BudgetReport(entries: entries, convention: convention, baseline: baselines.shown,
                                  units: arguments.byteUnits())
        switch format {
        case .text: console.standardOutput(report.text())
        case .json: console.standardOutput(report.json().rendered() + "\n")
        case .junit: console.standardOutput(report.junit())
        case .github: console.standardOutput(report.githubAnnotations())
        }
        return errors.isEmpty ? (report.passed ? 0 : 1) : 2
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
            limits.append(BudgetLimit(metric: metric, limit: .score(value), written: text,
                                      source: .option("--" + option, overrides: [])))
        }
        return limits
    }

    private static func quantity(_ arguments: ParsedArguments, _ option: String) throws(CommandError) -> Int? {
        do { return try arguments.quantity(option) } catch { throw .usage(error) }
    }

    static func checkModel(_ model: LoadedModel, _ convention: Convention,
                           _ precision: Precision) throws(CommandError) -> BudgetCheck.Model {
        let analysis = try model.analyze(convention)
        // A budget met by a lower bound proves nothing: an opaque operator is an error here.
        guard analysis.uncounted.isEmpty else { throw .uncounted(fileName: model.fileName, operators: analysis.uncounted) }
        return BudgetCheck.Model(analysis: analysis, accuracy: model.network.metadata.accuracy?.value,
                                 memory: try model.memory(precision))
    }

    /// The baselines CE and SE compare with: `--baseline` for every file, or the one each file
    /// names (relative to the file), each read once.
    struct Baselines {
        var loader: ModelLoader
        var convention: Convention
        var precision: Precision
        var option: String?
        private var cache: [String: Result<(model: LoadedModel, check: BudgetCheck.Model), CommandError>] = [:]

        init(loader: ModelLoader, convention: Convention, precision: Precision, option: String?) {
            (self.loader, self.convention, self.precision, self.option) = (loader, convention, precision, option)
        }

        /// The baseline report headers name: the option's file, when given.
        var shown: String? { option }

        /// The baseline of `model` (read from `path`), or nil when there is none; a baseline
        /// that cannot be read is an error of the file that needs it.
        mutating func baseline(for model: LoadedModel, path: String) throws(CommandError) -> (model: LoadedModel, check: BudgetCheck.Model)? {
            let target: String
            if let option {
                target = option
            } else if let named = model.network.metadata.baseline {
                target = Self.resolve(named.path, relativeTo: path)
            } else {
                return nil
            }
            if cache[target] == nil {
                do throws(CommandError) {
                    let base = try loader.load(target)
                    cache[target] = .success((base, try checkModel(base, convention, precision)))
                } catch {
                    cache[target] = .failure(error)
                }
            }
            switch cache[target] {
            case .success(let found): return found
            case .failure(let error): throw error
            case nil: return nil
            }
        }

        /// `../zoo/a.arch` named in `Examples/ci/b.arch` is `Examples/ci/../zoo/a.arch`; an absolute
        /// path, or a file read from standard input, names it as it is.
        static func resolve(_ named: String, relativeTo file: String) -> String {
            guard !named.hasPrefix("/"), file != "-", let slash = file.lastIndex(of: "/") else { return named }
            return String(file[...slash]) + named
        }
    }
}
