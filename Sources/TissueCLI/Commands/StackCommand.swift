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
            Replaces every eligible block by a stacked layer of basic units (docs/stacking.md): a residual \
            body conv3x3-bn-relu-conv3x3-bn of widths a->b becomes 'stack (a/C1) x bu(C1, C2, C1*b/a, \
            stride)' then 'relu', keeping the shortcut; in plain networks a pair \
            conv3x3-bn-relu-conv3x3-bn-relu becomes the same kind of stack, leaving a normal convolution \
            between stacked layers. The stem always stays normal. With -o the .arch is written to the file \
            and the baseline-vs-stacked comparison is printed; without -o the .arch goes to standard output \
            (so it can be piped into 'tissue analyze -') and the comparison to standard error.
            """,
        positionals: [.init(name: "BASE", help: "The baseline .arch file, or '-' for standard input.")],
        options: [
            .init("hidden", value: "C2", help: "Hidden width of each unit (required).", required: true),
            .init("piece", value: "C1", help: "Input channels of each unit.", default: "2"),
            .init("replace", value: "R", help: "Which blocks: all, inner (all but the first and last stages, the paper's 'r'), or a comma-separated list of block paths.", default: "all"),
            .init("residual", value: "SCOPE", help: "What a stacked layer replaces in a residual block: the whole body, or only its first conv-bn-relu (the second convolution stays normal; this reproduces the paper's ResNet numbers).",
                  default: "body", choices: StackTransform.ResidualScope.allCases.map(\.rawValue)),
            .init("convention", short: "c", value: "C", help: "Counting convention for the comparison.", default: "standard",
                  choices: Convention.allCases.map(\.rawValue)),
            .init("output", short: "o", value: "OUT", help: "Write the stacked .arch here."),
            Warnings.strictOption,
        ] + WhatIf.shapeOptions + InputLimits.options,
        examples: [
            "tissue stack Examples/zoo/resnet18-cifar10.arch --hidden 6 --replace inner -o resnet18-tissue.arch",
            "tissue stack Examples/zoo/vgg16-cifar10.arch --hidden 4 | tissue analyze -",
        ]
    )

    static func run(_ arguments: ParsedArguments, console: Console) throws(CommandError) -> Int32 {
        guard let hidden = try integerOption(arguments, "hidden") else {
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
        let base = try ModelLoader(console: console, arguments: arguments).load(path)
        let scope = arguments.choice("residual", as: StackTransform.ResidualScope.self) ?? .body
        let command = "tissue stack \(path) --hidden \(hidden) --piece \(piece) --replace \(replaceText)"
            + (scope == .body ? "" : " --residual \(scope.rawValue)")
        let transform = StackTransform(hidden: hidden, piece: piece, replace: replace, residualScope: scope)
        let result: (network: Network, replaced: [StackTransform.Candidate])
        do { result = try transform.apply(to: base.network) } catch {
            throw .input(error, fileName: base.fileName, source: base.source)
        }
        let header = ["Stacked (TissueNet) version of \(base.network.name), written by", "  \(command)"]
            + wrapped("Stacked: ", result.replaced.map(\.path.description))
        let source = try ArchOutput.print(result.network, header: header)
        let stacked = LoadedModel(fileName: "<stacked>", source: source, network: result.network)
        let comparison = StackedComparisonReport(baseline: try base.analyze(convention), stacked: try stacked.analyze(convention))
        let caveats = Self.caveats(comparison, hidden: hidden, replaced: result.replaced)
        if let output = arguments.value("output") {
            do { try console.writeFile(output, source) } catch {
                throw .cannotWrite(path: output, reason: FileProblem.reason(error, .write))
            }
            console.standardOutput(comparison.text())
        } else {
            console.standardOutput(source)
            console.standardError(comparison.text())
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
