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
            activations under the chosen counting convention. Text and Markdown show quantities with \
            SI suffixes; CSV and JSON show exact integers.
            """,
        positionals: [.init(name: "FILE", help: "An .arch file, or '-' for standard input.")],
        options: [
            .init("convention", short: "c", value: "C", help: "Counting convention.", default: "standard",
                  choices: Convention.allCases.map(\.rawValue)),
            .init("format", short: "f", value: "F", help: "Output format.", default: "text",
                  choices: AnalyzeFormat.allCases.map(\.rawValue)),
            .init("layers", help: "Also list the layers inside every stacked unit."),
            .init("summary", help: "Show the totals only."),
            .init("position", value: "P", help: "For a decoder: the MACs of generating one token at position P (0-based) with a KV cache."),
            .init("context", value: "L", help: "For a decoder: the KV cache at a context of L tokens (default: the input's length)."),
            .init("dtype", value: "T", help: "Precision of the KV cache: f32, f16, bf16, fp8, int8, int4, ... (see docs/cli.md).",
                  default: "f32"),
        ] + InputLimits.options,
        examples: [
            "tissue analyze Examples/zoo/resnet18-cifar10.arch",
            "tissue analyze Examples/zoo/resnet50.arch --convention thop --format json",
            "tissue analyze Examples/zoo/gpt2_small.arch --summary --position 1023 --dtype f16",
        ]
    )

    static func run(_ arguments: ParsedArguments, console: Console) throws(CommandError) -> Int32 {
        if arguments.flag("layers") && arguments.flag("summary") {
            throw .usage(.conflictingOptions("layers", "summary"))
        }
        let convention = arguments.choice("convention", as: Convention.self) ?? .standard
        let format = arguments.choice("format", as: AnalyzeFormat.self) ?? .text
        let model = try ModelLoader(console: console, arguments: arguments).load(arguments.positionals[0])
        let analysis = try model.analyze(convention)
        let detail: AnalysisReport.Detail = arguments.flag("summary") ? .summary : arguments.flag("layers") ? .layers : .nodes
        var report: AnalysisReport
        do { report = try AnalysisReport(analysis, detail: detail) } catch {
            throw .input(Diagnostic(error), fileName: model.fileName, source: model.source)
        }
        report.generation = try generation(of: model, arguments)
        switch format {
        case .text: console.standardOutput(report.text())
        case .markdown: console.standardOutput(report.markdown())
        case .csv: console.standardOutput(report.csv())
        case .json: console.standardOutput(report.json().rendered() + "\n")
        case .html: console.standardOutput(try HTMLOutput.analysis(model, report: report, arguments))
        }
        return 0
    }

    /// The generation figures `--position`, `--context`, `--batch` and `--dtype` ask for; nil
    /// when none of the first two is given.
    static func generation(of model: LoadedModel, _ arguments: ParsedArguments) throws(CommandError) -> Generation? {
        guard arguments.wasGiven("position") || arguments.wasGiven("context") else {
            if arguments.wasGiven("dtype") { throw .usage(.optionNeeds("dtype", "'--position P' or '--context L'")) }
            return nil
        }
        let position: Int?, context: Int?, batch: Int
        do {
            position = try arguments.integer("position")
            context = try arguments.integer("context")
            batch = try arguments.integer("batch") ?? 1
        } catch { throw .usage(error) }
        for (option, value) in [("context", context), ("batch", Optional(batch))] where value == 0 {
            throw .usage(.invalidValue(option: option, value: "0", expected: "a positive integer"))
        }
        let dtype = arguments.value("dtype") ?? "f32"
        guard let type = DataType(name: Substring(dtype)) else {
            throw .usage(.invalidChoice(option: "dtype", value: dtype, choices: DataType.allCases.map(\.name),
                                        suggestion: Suggestion.closest(to: dtype.lowercased(), among: DataType.allSpellings)))
        }
        do {
            return try Generation(model.network, position: position, context: context, batch: batch, precision: type.precision)
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
