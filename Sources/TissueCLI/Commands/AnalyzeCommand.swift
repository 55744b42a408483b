import TissueDiagnostics
import TissueIR
import TissueMetrics
import TissueNumerics
import TissueReports

/// `tissue analyze FILE`: every layer's shape, parameters, MACs and FLOPs, with totals.
enum AnalyzeCommand: Command {
    static let spec = CommandSpec(
        name: "analyze",
        abstract: "Count every layer's shape, parameters, MACs and FLOPs.",
        discussion: """
            Reads an .arch description ('-' for standard input), infers each layer's output shape and \
            counts parameters, multiply-accumulates (MACs), floating-point operations (FLOPs) and \
            activations under the chosen counting convention, each layer's share of the parameters \
            and MACs, and the memory in bytes: the parameters at --dtype, the peak of live tensors \
            at inference, and torchinfo's training estimate (docs/conventions.md). --input, --batch \
            and --dtype ask what if: another input size, a batch, another precision. --depth N rolls \
            the layers up into one row per path prefix of N components. Text and Markdown show \
            quantities with SI suffixes and sizes in kB/MB (--units iec: KiB/MiB); CSV and JSON show \
            exact integers.
            """,
        positionals: [.init(name: "FILE", help: "An .arch file, or '-' for standard input.")],
        options: [
            .init("convention", short: "c", value: "C", help: "Counting convention.", default: "standard",
                  choices: Convention.allCases.map(\.rawValue)),
            .init("format", short: "f", value: "F", help: "Output format.", default: "text",
                  choices: AnalyzeFormat.allCases.map(\.rawValue)),
            .init("layers", help: "Also list the layers inside every stacked unit."),
            .init("summary", help: "Show the totals only."),
            .init("depth", value: "N", help: "Roll the layers up into one row per path prefix of N components."),
            .init("position", value: "P", help: "For a decoder: the MACs of generating one token at position P (0-based) with a KV cache."),
            .init("context", value: "L", help: "For a decoder: the KV cache at a context of L tokens (default: the input's length)."),
        ] + WhatIf.shapeOptions + WhatIf.memoryOptions + InputLimits.options,
        examples: [
            "tissue analyze Examples/zoo/resnet18-cifar10.arch",
            "tissue analyze Examples/zoo/resnet50.arch --convention thop --format json",
            "tissue analyze Examples/zoo/resnet50.arch --depth 1 --input 3x160x160 --batch 32 --dtype bf16",
            "tissue analyze Examples/zoo/resnet18.arch --convention torchinfo --summary --units iec",
            "tissue analyze Examples/zoo/gpt2_small.arch --summary --position 1023 --dtype f16",
        ]
    )

    static func run(_ arguments: ParsedArguments, console: Console) throws(CommandError) -> Int32 {
        if arguments.flag("layers") && arguments.flag("summary") {
            throw .usage(.conflictingOptions("layers", "summary"))
        }
        let convention = arguments.choice("convention", as: Convention.self) ?? .standard
        let format = arguments.choice("format", as: AnalyzeFormat.self) ?? .text
        let depth = try DrawCommand.depthOption(arguments)
        if depth != nil && arguments.flag("summary") { throw .usage(.conflictingOptions("depth", "summary")) }
        let precision: Precision
        do { precision = try arguments.precision() } catch { throw .usage(error) }
        let model = try ModelLoader(console: console, arguments: arguments).load(arguments.positionals[0])
        let analysis = try model.analyze(convention)
        let detail: AnalysisReport.Detail = arguments.flag("summary") ? .summary : arguments.flag("layers") ? .layers : .nodes
        let memory = try model.memory(precision)
        var report: AnalysisReport
        do {
            report = try AnalysisReport(analysis, detail: detail, memory: memory, units: arguments.byteUnits(), depth: depth)
            report.dataType = arguments.dataTypeName()
        } catch {
            throw .input(Diagnostic(error), fileName: model.fileName, source: model.source)
        }
        report.generation = try generation(of: model, arguments, precision: precision)
        switch format {
        case .text: console.standardOutput(report.text())
        case .markdown: console.standardOutput(report.markdown())
        case .csv: console.standardOutput(report.csv())
        case .json: console.standardOutput(report.json().rendered() + "\n")
        case .html: console.standardOutput(try HTMLOutput.analysis(model, report: report, arguments))
        }
        return 0
    }

    /// The generation figures `--position` and `--context` ask for, with the KV cache for
    /// `--batch` sequences at `--dtype`; nil when neither is given.
    static func generation(of model: LoadedModel, _ arguments: ParsedArguments,
                           precision: Precision) throws(CommandError) -> Generation? {
        guard arguments.wasGiven("position") || arguments.wasGiven("context") else { return nil }
        let position: Int?, context: Int?
        do {
            position = try arguments.integer("position")
            context = try arguments.integer("context")
        } catch { throw .usage(error) }
        if context == 0 { throw .usage(.invalidValue(option: "context", value: "0", expected: "a positive integer")) }
        do {
            return try Generation(model.network, position: position, context: context, batch: model.batch, precision: precision)
        } catch {
            let option = position != nil ? "position" : "context"
            switch error {
            case .notADecoder:
                throw .usage(.notForThisModel(option: option, reason: "it has no causal attention ('attention heads=H causal=true'), so it does not generate token by token"))
            case .positionBeyondContext(let p, let l):
                throw .usage(.invalidValue(option: "position", value: String(p), expected: "a position below the context of \(l) tokens (0 to \(l - 1)); raise it with '--context'"))
            case .countOverflow:
                throw .usage(.countsOverflow(options: ["context", "batch"]))
            case .graph(let graphError):
                throw .input(Diagnostic(graphError), fileName: model.fileName, source: model.source)
            }
        }
    }
}
