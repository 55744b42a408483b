import TissueDiagnostics
import TissueIR
import TissueNumerics
import TissueReports
import TissueTransforms

/// `tissue sweep BASE.arch`: every stacking design in a grid, its Pareto front, budget marks.
enum SweepCommand: Command {
    static let spec = CommandSpec(
        name: "sweep",
        abstract: "Search stacking designs: totals of every combination, the Pareto front, the budget.",
        discussion: """
            Evaluates every combination of hidden width C2 (--hidden), piece C1 (--piece) and replacement \
            mode (--replace), as 'tissue stack' would write it, and prints the designs on the Pareto front \
            of params against FLOPs: those that keep the most parameters for their FLOPs (--all lists \
            every design; it is the default for up to 100). With --per-stage each stage (a run of \
            stackable blocks of equal width) is kept or stacked with its own C1 and C2 independently, \
            and a design reads '64ch×2:4/2 128ch×2:keep ...': per stage its width and blocks, then \
            C2/C1 or 'keep'. The front of a uniform sweep keeps the designs that no other beats on both \
            params and FLOPs; that of a per-stage sweep, those that keep the most params for their \
            FLOPs. --budget marks which designs meet limits such as 'flops<=300M'. -o writes a design \
            as 'tissue stack' would: the one that keeps the most params within the budgets, or \
            --pick N, the N-th listed. Designs whose widths do not divide are skipped and counted. \
            Values: '1..8', '1,2,4' or a mix such as '1..4,8'.
            """,
        positionals: [.init(name: "BASE", help: "The baseline .arch file, or '-' for standard input.")],
        options: [
            .init("hidden", value: "LIST", help: "Hidden widths C2 to try.", default: "1..8"),
            .init("piece", value: "LIST", help: "Pieces C1 to try.", default: "2"),
            .init("replace", value: "MODES", help: "Replacement modes to try: all, inner.", default: "all,inner"),
            .init("residual", value: "RULE", help: "The reading of the paper's ResNet rule: body (the authors' released code) or first (the paper's Table 3); see 'tissue stack'.",
                  default: "body", choices: StackTransform.ResidualScope.allCases.map(\.rawValue)),
            .init("unit", value: "FILE:NAME", help: "Stack the unit NAME defined in FILE instead of each kind's own (see 'tissue stack'); designs where it does not fit are skipped."),
            .init("per-stage", help: "Choose per stage instead of one setting for the whole network."),
            .init("budget", value: "METRIC<=Q", help: "A limit a design must meet, e.g. 'flops<=300M' (quoted in a shell); repeatable.",
                  repeating: true),
            .init("all", help: "List every design, not only the Pareto front."),
            .init("convention", short: "c", value: "C", help: "Counting convention.", default: "standard",
                  choices: Convention.allCases.map(\.rawValue)),
            .init("format", short: "f", value: "F", help: "Output format.", default: "text",
                  choices: OutputFormat.allCases.map(\.rawValue)),
            .init("chart", value: "FILE.svg", help: "Also write an SVG chart of params against FLOPs."),
            .init("output", short: "o", value: "OUT", help: "Write the chosen design (best within --budget, or --pick N) as .arch."),
            .init("pick", value: "N", help: "The design -o writes: the N-th listed."),
            ProgressBar.quietOption,
            .init("max-designs", value: "N", help: "Refuse sweeps of more designs than this (each is kept in memory).",
                  default: String(Sweep.defaultMaximumDesigns)),
        ] + WhatIf.shapeOptions + InputLimits.options,
        examples: [
            "tissue sweep Examples/zoo/resnet18-cifar10.arch --hidden 1..8 --piece 1,2,4 --replace all,inner",
            "tissue sweep Examples/zoo/resnet34.arch --per-stage --budget 'flops<=4G' --chart front.svg",
            "tissue sweep Examples/zoo/resnet18-cifar10.arch --per-stage --hidden 2,4 --budget 'flops<=300M' -o best.arch",
        ]
    )

    static func run(_ arguments: ParsedArguments, console: Console) throws(CommandError) -> Int32 {
        let hiddens = try list(arguments, "hidden")
        let pieces = try list(arguments, "piece")
        var modes: [StackTransform.Replace] = []
        for word in (arguments.value("replace") ?? "all,inner").split(separator: ",") {
            switch word {
            case "all": modes.append(.all)
            case "inner": modes.append(.inner)
            default:
                throw .usage(.invalidChoice(option: "replace", value: String(word), choices: ["all", "inner"],
                                            suggestion: Suggestion.closest(to: String(word), among: ["all", "inner"])))
            }
        }
        let budgets = try arguments.all("budget").map { text throws(CommandError) in try budget(text) }
        let convention = arguments.choice("convention", as: Convention.self) ?? .standard
        let maximumDesigns = try Self.maximumDesigns(arguments)
        let loader = try ModelLoader(console: console, arguments: arguments)
        let model = try loader.load(arguments.positionals[0])
        let unit = try arguments.value("unit").map { text throws(CommandError) in try StackCommand.userUnit(text, loader) }
        let sweep: Sweep
        do {
            let bar = ProgressBar("sweep \(model.network.name)", console: console, arguments: arguments)
            defer { bar?.finish() }
            sweep = try Self.sweep(model.network, convention: convention, hiddens: hiddens, pieces: pieces, modes: modes,
                                   perStage: arguments.flag("per-stage"),
                                   maximumDesigns: maximumDesigns,
                                   scope: arguments.choice("residual", as: StackTransform.ResidualScope.self) ?? .body,
                                   unit: unit, progress: bar?.reporter)
        } catch {
            throw .input(error, fileName: model.fileName, source: model.source)
        }
        let report = SweepReport(model: model.network.name, convention: convention, sweep: sweep, budgets: budgets,
                                 listAll: arguments.flag("all"))
        // Files first: nothing is printed before a write that fails.
        if let chart = arguments.value("chart") {
            do { try console.writeFile(chart, report.chart().svg()) } catch {
                throw .cannotWrite(path: chart, reason: FileProblem.reason(error, .write))
            }
        }
        let written = try writeDesign(report, model, arguments, unit: unit, console: console)
        switch arguments.choice("format", as: OutputFormat.self) ?? .text {
        case .text: console.standardOutput(report.text())
        case .markdown: console.standardOutput(report.summary + "\n\n" + MarkdownTableRenderer.render(report.table(exact: false)))
        case .csv: console.standardOutput(CSVTableRenderer.render(report.table(exact: true)))
        case .json: console.standardOutput(report.json().rendered() + "\n")
        }
        if let written { console.standardError(written) }
        return 0
    }

    /// `-o OUT`: writes the chosen design as `tissue stack` would, and says which it was.
    static func writeDesign(_ report: SweepReport, _ model: LoadedModel, _ arguments: ParsedArguments,
                            unit: UnitTemplate?, console: Console) throws(CommandError) -> String? {
        guard let output = arguments.value("output") else {
            if arguments.wasGiven("pick") { throw .usage(.optionNeeds("pick", "'-o OUT'")) }
            return nil
        }
        let listed = report.listed
        let chosen: Int
        let why: String
        if let text = arguments.value("pick") {
            guard let n = Int(text), n >= 1, n <= listed.count else {
                throw .usage(.invalidValue(option: "pick", value: text, expected: "a design number from 1 to \(listed.count)"))
            }
            (chosen, why) = (listed[n - 1], "design \(n)")
        } else {
            guard !report.budgets.isEmpty else {
                throw .usage(.optionNeeds("output", "'--budget METRIC<=Q' or '--pick N' to choose the design"))
            }
            guard let best = report.sweep.best(meeting: report.meetsBudgets) else {
                throw .usage(.invalidValue(option: "budget", value: arguments.all("budget").joined(separator: " "),
                                           expected: "limits that some design meets; none of the \(report.sweep.points.count) does"))
            }
            let n = listed.firstIndex(of: best).map { " (design \($0 + 1))" } ?? ""
            (chosen, why) = (best, "the design with the most params within the budget" + n)
        }
        let point = report.sweep.points[chosen]
        let scope = arguments.choice("residual", as: StackTransform.ResidualScope.self) ?? .body
        var network = model.network
        var replaced: [String] = []
        do {
            for transform in report.sweep.transforms(for: point, residualScope: scope, unit: unit) {
                let result = try transform.apply(to: network)
                network = result.network
                replaced += result.replaced.map(\.path.description)
            }
        } catch {
            throw .input(error, fileName: model.fileName, source: model.source)
        }
        network.name = model.network.name + "-sweep"
        let header = ["Stacked (TissueNet) version of \(model.network.name), chosen by tissue sweep: \(why)",
                      "  \(report.sweep.label(point))"] + StackCommand.wrapped("Stacked: ", replaced)
        let source = try ArchOutput.print(network, header: header)
        do { try console.writeFile(output, source) } catch {
            throw .cannotWrite(path: output, reason: FileProblem.reason(error, .write))
        }
        return "wrote \(output): \(why), \(report.sweep.label(point))\n"
    }

    static func sweep(_ network: Network, convention: Convention, hiddens: [Int], pieces: [Int],
                      modes: [StackTransform.Replace], perStage: Bool, maximumDesigns: Int = Sweep.defaultMaximumDesigns,
                      scope: StackTransform.ResidualScope = .body, unit: UnitTemplate? = nil,
                      progress: ((Double) -> Void)? = nil) throws(Diagnostic) -> Sweep {
        var space = try DesignSpace(network, convention: convention, residualScope: scope, unit: unit)
        guard !space.candidates.isEmpty else { throw Diagnostic(.nothingToStack("all", kinds: StackTransform.kindList), at: nil) }
        return perStage
            ? try Sweep(perStage: &space, hiddens: hiddens, pieces: pieces, modes: modes, maximumDesigns: maximumDesigns,
                        progress: progress)
            : try Sweep(&space, hiddens: hiddens, pieces: pieces, modes: modes, maximumDesigns: maximumDesigns)
    }

    /// `--max-designs N`: at least 1.
    static func maximumDesigns(_ arguments: ParsedArguments) throws(CommandError) -> Int {
        let text = arguments.value("max-designs") ?? String(Sweep.defaultMaximumDesigns)
        guard let value = Quantity.parse(text), value >= 1 else {
            throw .usage(.invalidValue(option: "max-designs", value: text, expected: "a positive count such as '2M'"))
        }
        return value
    }

    /// `1..8`, `1,2,4`, `1..4,8`: positive integers, in order, without repeats.
    static func list(_ arguments: ParsedArguments, _ name: String) throws(CommandError) -> [Int] {
        let text = arguments.value(name) ?? ""
        var values: [Int] = []
        let bad = CommandError.usage(.invalidValue(option: name, value: text, expected: "positive integers such as '1..8' or '1,2,4'"))
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: ".", omittingEmptySubsequences: true)
            if part.contains("..") {
                guard bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), low >= 1, low <= high else {
                    throw bad
                }
                guard high <= Limits.width else {
                    throw .usage(.beyondLimit(option: name, value: String(high), limit: String(Limits.width), raiseWith: nil))
                }
                guard high - low < Limits.listLength else {
                    throw .usage(.beyondLimit(option: name, value: String(part), limit: "\(Limits.listLength) values", raiseWith: nil))
                }
                values += Array(low...high)
            } else {
                guard let value = Int(part), value >= 1 else { throw bad }
                guard value <= Limits.width else {
                    throw .usage(.beyondLimit(option: name, value: String(part), limit: String(Limits.width), raiseWith: nil))
                }
                values.append(value)
            }
            guard values.count <= Limits.listLength else {
                throw .usage(.beyondLimit(option: name, value: text, limit: "\(Limits.listLength) values", raiseWith: nil))
            }
        }
        var seen = Set<Int>()
        return values.filter { seen.insert($0).inserted }
    }

    /// `flops<=300M`
    static func budget(_ text: String) throws(CommandError) -> (metric: BudgetMetric, limit: Int) {
        let (name, limit, _) = try BudgetOption.parse(text, metrics: BudgetMetric.counts.map(\.rawValue))
        return (BudgetMetric(rawValue: name) ?? .flops, limit)
    }
}
