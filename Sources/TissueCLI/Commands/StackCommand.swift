import TissueArch
import TissueIR
import TissueMetrics
import TissueReports
import TissueTransforms

/// `tissue stack BASE.arch`: writes the stacked (TissueNet) version of a baseline and compares them.
enum StackCommand: Command {
    static let spec = CommandSpec(
        name: "stack",
        abstract: "Write the stacked (TissueNet) version of a baseline as an .arch file.",
        discussion: """
            Replaces every eligible block by a stacked layer of units on pieces of C1 channels \
            (docs/stacking.md): 'stack (a/C1) x unit(C1, C2, C1*b/a, stride)' where a is the block's input \
            width and b the width the replaced layers gave. It stacks residual basic blocks \
            conv3x3-bn-relu-conv3x3-bn (units bu, then relu; the shortcut is kept), bottlenecks (their \
            conv3x3-bn-relu, as the authors' BunitBottleneck), MobileNetV2 inverted residuals (units iru: \
            pointwise, depthwise, pointwise), pairs conv3x3-bn-relu-conv3x3-bn-relu in plain networks \
            (leaving a normal convolution between stacked layers), MobileNet v1's separable runs \
            conv1x1-dwconv3x3-conv1x1 (units pdu, likewise) and runs of two or more hidden \
            linear-relu layers (units mu, c3 = c1). The stem always stays normal. --residual names the \
            reading of the paper's ResNet rule: 'body' (default) follows the authors' released code, \
            'first' the paper's printed Table 3. --unit uses a unit defined in an .arch file wherever it \
            gives the replaced layers' output shape. With -o the .arch is written to the file and the \
            baseline-vs-stacked comparison is printed; without -o the .arch goes to standard output (so it \
            can be piped into 'tissue analyze -') and the comparison to standard error.
            """,
        positionals: [.init(name: "BASE", help: "The baseline .arch file, or '-' for standard input.")],
        options: [
            .init("hidden", value: "C2", help: "Hidden width of each unit (required unless --hidden-per-stage)."),
            .init("hidden-per-stage", value: "LIST", help: "One hidden width per stage of stackable blocks, instead of --hidden (runs of equal width, as 'tissue sweep --per-stage' lists them), e.g. 4,6,6,8."),
            .init("piece", value: "C1", help: "Input channels of each unit.", default: "2"),
            .init("replace", value: "R", help: "Which blocks: all, inner (all but the first and last stages, the paper's 'r'), or a comma-separated list of block paths.", default: "all"),
            .init("residual", value: "RULE", help: "The reading of the paper's ResNet rule: 'body' stacks a basic block's whole body (the authors' released code, BunitBlock); 'first' only its first conv-bn-relu, the second convolution staying normal (the paper's printed Table 3).",
                  default: "body", choices: StackTransform.ResidualScope.allCases.map(\.rawValue)),
            .init("unit", value: "FILE:NAME", help: "Stack the unit NAME defined in FILE (taking c1, c2, c3[, stride]) instead of each kind's own, wherever it fits."),
            .init("convention", short: "c", value: "C", help: "Counting convention for the comparison.", default: "standard",
                  choices: Convention.allCases.map(\.rawValue)),
            .init("format", short: "f", value: "F", help: "Format of the comparison.", default: "text",
                  choices: ["text", "json"]),
            .init("output", short: "o", value: "OUT", help: "Write the stacked .arch here."),
            Warnings.strictOption,
        ] + WhatIf.shapeOptions + InputLimits.options,
        examples: [
            "tissue stack Examples/zoo/resnet18-cifar10.arch --hidden 6 --replace inner -o resnet18-tissue.arch",
            "tissue stack Examples/paper/mobilenetv2-cifar10.arch --hidden 12 --replace inner | tissue analyze -",
            "tissue stack Examples/zoo/resnet18-cifar10.arch --hidden-per-stage 4,6,6,8 --residual first",
            "tissue stack Examples/zoo/resnet18-cifar10.arch --hidden 8 --unit Examples/stacked/separable-unit.arch:su",
        ]
    )

    static func run(_ arguments: ParsedArguments, console: Console) throws(CommandError) -> Int32 {
        let perStage = try widths(arguments, "hidden-per-stage")
        if perStage != nil, arguments.value("hidden") != nil {
            throw .usage(.conflictingOptions("hidden", "hidden-per-stage"))
        }
        guard let hidden = try integerOption(arguments, "hidden") ?? perStage?.first else {
            throw .usage(.missingArgument("--hidden C2", command: "stack"))
        }
        let piece = try integerOption(arguments, "piece") ?? 2
        let replaceText = arguments.value("replace") ?? "all"
        let replace: StackTransform.Replace = switch replaceText {
        case "all": .all
        case "inner": .inner
        default: .paths(replaceText.split(separator: ",").map { String($0) })
        }
        let convention = arguments.choice("convention", as: Convention.self) ?? .standard
        let path = arguments.positionals[0]
        let loader = try ModelLoader(console: console, arguments: arguments)
        let base = try loader.load(path)
        let unit = try arguments.value("unit").map { text throws(CommandError) in try userUnit(text, loader) }
        let scope = arguments.choice("residual", as: StackTransform.ResidualScope.self) ?? .body
        let command = "tissue stack \(path) "
            + (perStage.map { "--hidden-per-stage \($0.map(String.init).joined(separator: ","))" } ?? "--hidden \(hidden)")
            + " --piece \(piece) --replace \(replaceText)"
            + (scope == .body ? "" : " --residual \(scope.rawValue)")
            + (arguments.value("unit").map { " --unit \($0)" } ?? "")
        let transform = StackTransform(hidden: hidden, piece: piece, replace: replace, residualScope: scope,
                                       hiddenPerStage: perStage, unit: unit)
        let result: (network: Network, replaced: [StackTransform.Candidate])
        do { result = try transform.apply(to: base.network) } catch {
            throw .input(error, fileName: base.fileName, source: base.source)
        }
        var header = ["Stacked (TissueNet) version of \(base.network.name), written by", "  \(command)",
                      "Residual rule: " + scope.rule]
        for (kind, paths) in StackedComparisonReport.byKind(result.replaced) {
            header += wrapped("Stacked \(kind.rawValue)s: ", paths.map(\.description))
        }
        let source = try ArchOutput.print(result.network, header: header)
        let stacked = LoadedModel(fileName: "<stacked>", source: source, network: result.network)
        let comparison = StackedComparisonReport(baseline: try base.analyze(convention), stacked: try stacked.analyze(convention),
                                                 transform: transform, replaced: result.replaced)
        let caveats = Self.caveats(comparison, hidden: perStage?.max() ?? hidden, replaced: result.replaced)
        let report = arguments.value("format") == "json"
            ? comparison.json(warnings: caveats.map(\.description)).rendered() + "\n" : comparison.text()
        if let output = arguments.value("output") {
            do { try console.writeFile(output, source) } catch {
                throw .cannotWrite(path: output, reason: FileProblem.reason(error, .write))
            }
            console.standardOutput(report)
        } else {
            console.standardOutput(source)
            console.standardError(report)
        }
        return Warnings.finish(caveats, status: 0, arguments, console: console)
    }

    /// A hidden width beyond every replaced layer, and a stacked network larger than its baseline.
    static func caveats(_ comparison: StackedComparisonReport, hidden: Int, replaced: [StackTransform.Candidate]) -> [Caveat] {
        var caveats: [Caveat] = []
        let widest = replaced.map { max($0.inputWidth, $0.outputWidth) }.max() ?? 0
        if widest > 0, hidden > widest { caveats.append(.hiddenWiderThanLayers(hidden: hidden, widest: widest)) }
        let (b, s) = (comparison.baseline.totals, comparison.stacked.totals)
        if s.params > b.params {
            caveats.append(.largerThanBaseline(model: "stacked", measure: .params, candidate: s.params, baseline: b.params))
        }
        if s.flops > b.flops {
            caveats.append(.largerThanBaseline(model: "stacked", measure: .flops, candidate: s.flops, baseline: b.flops))
        }
        return caveats
    }

    /// `--unit FILE:NAME`: the unit NAME defined in FILE, as a template.
    static func userUnit(_ text: String, _ loader: ModelLoader) throws(CommandError) -> UnitTemplate {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex, text.index(after: colon) != text.endIndex else {
            throw .usage(.invalidValue(option: "unit", value: text, expected: "FILE:NAME, e.g. 'units.arch:mu'"))
        }
        let (file, name) = (String(text[..<colon]), String(text[text.index(after: colon)...]))
        let (fileName, source) = try loader.source(of: file)
        do { return try ArchReader.unitTemplate(named: name, in: source, limits: loader.limits) } catch {
            throw .input(error, fileName: fileName, source: source)
        }
    }

    /// `4,6,6,8`: positive widths, one per stage, repeats allowed; nil when the option is absent.
    static func widths(_ arguments: ParsedArguments, _ name: String) throws(CommandError) -> [Int]? {
        guard let text = arguments.value(name) else { return nil }
        var values: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = Int(part), value >= 1 else {
                throw .usage(.invalidValue(option: name, value: text, expected: "positive integers such as '4,6,6,8'"))
            }
            guard value <= Limits.width else {
                throw .usage(.beyondLimit(option: name, value: String(part), limit: String(Limits.width), raiseWith: nil))
            }
            guard values.count < Limits.listLength else {
                throw .usage(.beyondLimit(option: name, value: text, limit: "\(Limits.listLength) values", raiseWith: nil))
            }
            values.append(value)
        }
        return values
    }

    /// `Stacked: a, b, c` folded into comment lines of at most 90 characters.
    static func wrapped(_ lead: String, _ items: [String]) -> [String] {
        var lines: [String] = []
        var line = lead
        for (index, item) in items.enumerated() {
            let piece = item + (index + 1 < items.count ? "," : "")
            if line.count + piece.count + 1 > 90, line != lead {
                lines.append(line)
                line = "  "
            }
            line += (line.hasSuffix(" ") ? "" : " ") + piece
        }
        lines.append(line)
        return lines
    }

    static func integerOption(_ arguments: ParsedArguments, _ name: String) throws(CommandError) -> Int? {
        guard let text = arguments.value(name) else { return nil }
        guard let value = Int(text), value >= 1 else {
            throw .usage(.invalidValue(option: name, value: text, expected: "a positive integer"))
        }
        guard value <= Limits.width else {
            throw .usage(.beyondLimit(option: name, value: text, limit: String(Limits.width), raiseWith: nil))
        }
        return value
    }
}
