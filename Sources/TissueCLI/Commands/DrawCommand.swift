import TissueIR
import TissueReports

/// `tissue draw FILE [CAND]`: a diagram of the network with its costs, or a baseline beside its
/// stacked or compressed version.
enum DrawCommand: Command {
    /// The drawing formats.
    enum Format: String, CaseIterable {
        case svg, dot
    }

    static let spec = CommandSpec(
        name: "draw",
        abstract: "Draw the network as a diagram with its costs (SVG or Graphviz DOT).",
        discussion: """
            Draws the network top to bottom: every layer a box with its operation, output shape and \
            share of the chosen cost (coloured on a scale shown in the legend), residual branches and \
            concatenations side by side, and each stacked layer as its units side by side on their \
            channel pieces (a long run of units as its first two, an ellipsis with the count, and its \
            last). --depth N rolls the nodes that share their first N path components up into one box \
            whose costs are their sum. With a second file, draws the baseline and the candidate side \
            by side, aligned along the data path, with the blocks the candidate replaced highlighted \
            and the savings of each. See docs/pictures.md.
            """,
        positionals: [
            .init(name: "FILE", help: "An .arch file, or '-' for standard input."),
            .init(name: "CAND", help: "A stacked or compressed version of FILE to draw beside it.", optional: true),
        ],
        options: [
            .init("output", short: "o", value: "OUT", help: "Write the drawing to this file instead of standard output."),
            .init("format", short: "f", value: "F", help: "Drawing format; an OUT ending in .dot implies dot.", default: "svg",
                  choices: Format.allCases.map(\.rawValue)),
            .init("depth", value: "N", help: "Roll nodes up into one box per path prefix of N components."),
            .init("color", value: "COST", help: "The cost that colours the boxes.", default: "macs",
                  choices: DiagramMetric.allCases.map(\.rawValue)),
            .init("convention", short: "c", value: "C", help: "Counting convention.", default: "standard",
                  choices: Convention.allCases.map(\.rawValue)),
        ] + WhatIf.shapeOptions + InputLimits.options,
        examples: [
            "tissue draw Examples/zoo/resnet18-cifar10.arch -o resnet18.svg",
            "tissue draw Examples/zoo/resnet50.arch --depth 2 --color flops -o resnet50.svg",
            "tissue draw Examples/zoo/lenet5.arch --format dot > lenet5.dot",
            "tissue draw Examples/zoo/resnet18-cifar10.arch Examples/stacked/resnet18-stacked-cifar10.arch -o pair.svg",
        ]
    )

    static func run(_ arguments: ParsedArguments, console: Console) throws(CommandError) -> Int32 {
        let impliesDot = !arguments.wasGiven("format") && arguments.value("output")?.hasSuffix(".dot") == true
        let format = impliesDot ? .dot : arguments.choice("format", as: Format.self) ?? .svg
        let metric = arguments.choice("color", as: DiagramMetric.self) ?? .macs
        let convention = arguments.choice("convention", as: Convention.self) ?? .standard
        let depth = try depthOption(arguments)
        let loader = try ModelLoader(console: console, arguments: arguments)
        let models = try arguments.positionals.map { (path) throws(CommandError) in try loader.load(path) }
        var diagrams: [Diagram] = []
        for model in models {
            diagrams.append(Diagram(network: model.network, analysis: try model.analyze(convention), metric: metric,
                                    depth: depth))
        }
        let text: String
        if diagrams.count == 2 {
            let pair = DiagramComparison(baseline: diagrams[0], candidate: diagrams[1])
            text = format == .svg ? pair.svg() : pair.dot()
        } else {
            text = format == .svg ? diagrams[0].svg() : diagrams[0].dot()
        }
        guard let output = arguments.value("output") else {
            console.standardOutput(text)
            return 0
        }
        do { try console.writeFile(output, text) } catch {
            throw .cannotWrite(path: output, reason: FileProblem.reason(error, .write))
        }
        return 0
    }

    /// `--depth N`: a positive number of path components.
    static func depthOption(_ arguments: ParsedArguments) throws(CommandError) -> Int? {
        guard let text = arguments.value("depth") else { return nil }
        guard let depth = Int(text), depth > 0 else {
            throw .usage(.invalidValue(option: "depth", value: text, expected: "a positive number of path components"))
        }
        return depth
    }
}
