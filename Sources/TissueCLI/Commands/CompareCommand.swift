import TissueBudgets
import TissueDiagnostics
import TissueIR
import TissueMetrics
import TissueNumerics
import TissueReports

/// `tissue compare BASE.arch CAND.arch...`: candidates judged against a baseline with the
/// paper's CE and SE, the savings, and the accuracy each candidate must reach to break even.
enum CompareCommand: Command {
    static let spec = CommandSpec(
        name: "compare",
        abstract: "Compare candidates with a baseline: savings, CE, SE, break-even accuracy.",
        discussion: """
            Counts FLOPs and parameters of every .arch file under one convention and puts each \
            model in a row: accuracy (the file's 'accuracy' statement or --acc), FLOPs, params, \
            the share saved, speed-up, compression, CE = (Acc_c/FLOPs_c)/(Acc_b/FLOPs_b), \
            SE = (Acc_c/Params_c)/(Acc_b/Params_b), and the accuracy a candidate must reach for \
            CE or SE to equal the target (1, the baseline's, by default). An empty cell has a \
            footnote saying why. See docs/metrics.md.
            """,
        positionals: [
            .init(name: "BASE.arch", help: "The baseline model."),
            .init(name: "CAND.arch", help: "One or more candidate models.", repeating: true),
        ],
        options: [
            .init("acc", value: "NAME=PCT", help: "Top-1 accuracy of a model (its name or file), e.g. 'vgg16=93.25'.",
                  repeating: true),
            .init("convention", short: "c", value: "C", help: "Counting convention.", default: "standard",
                  choices: Convention.allCases.map(\.rawValue)),
            ComparisonOutput.formatOption(),
            .init("columns", value: "LIST", help: "Comma-separated columns to show, e.g. 'method,acc,ce,se'."),
            .init("target", value: "T", help: "CE/SE to break even with: a number, or a row's label.", default: "1"),
            .init("flops-unit", value: "U", help: "Unit for FLOPs.", choices: CountUnit.accepted),
            .init("params-unit", value: "U", help: "Unit for params.", choices: CountUnit.accepted),
            ComparisonOutput.resultsOption,
            Warnings.strictOption,
        ] + WhatIf.shapeOptions + InputLimits.options + ComparisonOutput.chartOptions(kinds: [.accFlops, .accParams, .ceSe, .layers]),
        examples: [
            "tissue compare Examples/zoo/resnet18-cifar10.arch Examples/stacked/resnet18-stacked-cifar10.arch --acc resnet18-cifar10=95.29",
            "tissue compare Examples/paper/vgg16-cifar10.arch Examples/paper/vgg16-cifar10-tissue-h4.arch --format latex --chart cmp.svg --chart-kind ce-se",
            "tissue compare Examples/zoo/resnet18.arch Examples/zoo/resnet50.arch --input 3x160x160 --strict",
        ]
    )

    static func run(_ arguments: ParsedArguments, console: Console) throws(CommandError) -> Int32 {
        let convention = arguments.choice("convention", as: Convention.self) ?? .standard
        let paths = arguments.positionals
        guard paths.count >= 2 else {
            throw .usage(.missingArgument("CAND.arch", command: spec.name))
        }
        let loader = try ModelLoader(console: console, arguments: arguments)
        var loaded: [(path: String, model: LoadedModel, analysis: Analysis)] = []
        for path in paths {
            let model = try loader.load(path)
            loaded.append((path, model, try model.analyze(convention)))
        }
        let accuracies = try accuracyOverrides(arguments.all("acc"), models: loaded.map { ($0.path, $0.analysis.model) })
        let figures = loaded.enumerated().map { index, entry in
            ModelFigures(entry.analysis, accuracy: accuracies[index] ?? entry.model.network.metadata.accuracy,
                         dataset: entry.model.network.metadata.dataset, source: entry.path)
        }
        var published: [PublishedResult] = []
        for file in arguments.all("results") { published += try PublishedResults.file(file, console: console) }
        // With published rows there are several groups: show which model each belongs to.
        let defaultColumns = published.isEmpty ? ComparisonColumn.compare : [.model] + ComparisonColumn.compare
        var table = ComparisonTable.compare(
            baseline: figures[0], candidates: Array(figures.dropFirst()), published: published,
            columns: try columns(arguments.value("columns")) ?? defaultColumns,
            flopsUnit: arguments.value("flops-unit").flatMap(CountUnit.init(rawValue:)),
            paramsUnit: arguments.value("params-unit").flatMap(CountUnit.init(rawValue:)))
        if !table.columns.contains(.model) { table.methodTitle = "Model" }
        table.target = try target(arguments.value("target") ?? "1", in: table)
        let layerChart = {
            LayerBars.chart(baseline: loaded[0].analysis, candidates: loaded.dropFirst().map(\.analysis),
                            flopsUnit: table.flopsUnit, paramsUnit: table.paramsUnit)
        }
        // The chart first: a chart that cannot be written must not follow a printed table.
        try ComparisonOutput.writeChart(table, arguments, console: console, layerChart: layerChart)
        let caveats = shapeCaveats(loaded.map(\.analysis)) + table.caveats
        ComparisonOutput.render(table, arguments, console: console, warnings: caveats, drawings: {
            HTMLOutput.drawings(loaded.map { ($0.model.network, $0.analysis) })
        }, layerChart: layerChart)
        return Warnings.finish(caveats, status: 0, arguments, console: console)
    }

    /// Candidates that read another input than the baseline, or give another output.
    static func shapeCaveats(_ analyses: [Analysis]) -> [Caveat] {
        guard let baseline = analyses.first else { return [] }
        var caveats: [Caveat] = []
        for candidate in analyses.dropFirst() {
            if candidate.input != baseline.input {
                caveats.append(.differentInputs(model: candidate.model, input: candidate.input.dimensions,
                                                baseline: baseline.model, baselineInput: baseline.input.dimensions))
            }
            if candidate.output != baseline.output {
                caveats.append(.differentOutputs(model: candidate.model, output: candidate.output.dimensions,
                                                 baseline: baseline.model, baselineOutput: baseline.output.dimensions))
            }
        }
        return caveats
    }

    /// `--acc NAME=PCT`, NAME a model name or a path as given; one entry per model (nil if none).
    static func accuracyOverrides(_ values: [String], models: [(path: String, name: String)]) throws(CommandError) -> [DecimalLiteral?] {
        var result = [DecimalLiteral?](repeating: nil, count: models.count)
        for value in values {
            guard let equals = value.lastIndex(of: "=") else {
                throw .usage(.invalidValue(option: "acc", value: value, expected: "NAME=PCT, such as 'resnet18-cifar10=95.29'"))
            }
            let name = String(value[..<equals])
            var percent = String(value[value.index(after: equals)...])
            if percent.hasSuffix("%") { percent.removeLast() }
            guard let accuracy = DecimalLiteral(percent), percent.allSatisfy({ $0.isNumber || $0 == "." }),
                  accuracy.value <= 100 else {
                throw .usage(.invalidValue(option: "acc", value: value, expected: "a percentage from 0 to 100 after '='"))
            }
            let matches = models.indices.filter { models[$0].name == name || models[$0].path == name }
            guard !matches.isEmpty else {
                let names = models.map(\.name)
                throw .usage(.unknownReference(name, option: "acc", what: "a model on the command line (\(names.joined(separator: ", ")))",
                                               suggestion: Suggestion.closest(to: name, among: names)))
            }
            for index in matches { result[index] = accuracy }
        }
        return result
    }

    static func columns(_ list: String?) throws(CommandError) -> [ComparisonColumn]? {
        guard let list else { return nil }
        var columns: [ComparisonColumn] = []
        let names = ComparisonColumn.allCases.map(\.rawValue)
        for name in list.split(separator: ",").map(String.init) {
            guard let column = ComparisonColumn(rawValue: name) else {
                throw .usage(.invalidChoice(option: "columns", value: name, choices: names,
                                            suggestion: Suggestion.closest(to: name, among: names)))
            }
            columns.append(column)
        }
        return columns
    }

    static func target(_ text: String, in table: ComparisonTable) throws(CommandError) -> ComparisonTable.BreakEvenTarget {
        if let value = Double(text), value.isFinite, value > 0, text.allSatisfy({ $0.isNumber || $0 == "." }) {
            return .value(value)
        }
        let labels = table.allRows.map(\.row.label)
        guard labels.contains(text) else {
            throw .usage(.unknownReference(text, option: "target", what: "a number or a row of the table",
                                           suggestion: Suggestion.closest(to: text, among: labels)))
        }
        return .row(text)
    }
}
