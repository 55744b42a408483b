import TissueIR
import TissueReports
import TissueTransforms

/// `tissue units`: the paper's Eq. 5–8 from the command line, next to the same layer built and
/// counted by the engine.
enum UnitsCommand: Command {
    static let spec = CommandSpec(
        name: "units",
        abstract: "Eq. 5–8: a stacked layer of basic units against its fully connected counterpart.",
        discussion: """
            Each unit has three layers of c1, c2, c3 channels joined by two k×k convolutions (the first \
            with the stride, both padded by k/2, no bias). Give n identical units with --n and --nodes, \
            or a hybrid layer with one --unit COUNTxC1,C2,C3 per kind. Prints M_s (Eq. 5), M_f (Eq. 6), \
            F_s (Eq. 7) and F_f (Eq. 8) from the closed forms, and the same quantities counted layer by \
            layer by the engine on the built layer; the two must agree.
            """,
        positionals: [],
        options: [
            .init("n", value: "N", help: "Number of identical units (with --nodes)."),
            .init("nodes", value: "C1,C2,C3", help: "Channels of the unit's three layers (with --n)."),
            .init("unit", value: "COUNTxC1,C2,C3", help: "A kind of unit in a hybrid layer; repeat for each kind.",
                  repeating: true),
            .init("k", value: "K", help: "Kernel size.", default: "3"),
            .init("size", value: "HxW", help: "Input height x width (a single number for square)."),
            .init("stride", value: "S", help: "Stride of the first convolution.", default: "1"),
            .init("format", short: "f", value: "F", help: "Output format.", default: "text",
                  choices: OutputFormat.allCases.map(\.rawValue)),
        ],
        examples: [
            "tissue units --n 32 --nodes 2,4,2 --k 3 --size 16x16",
            "tissue units --unit 16x2,4,2 --unit 8x1,2,1 --size 8x8 --stride 2",
        ]
    )

    static func run(_ arguments: ParsedArguments, console: Console) throws(CommandError) -> Int32 {
        let equations = try StackEquations(arguments)
        let closed: StackEquations.Result
        do { closed = try equations.evaluate() } catch {
            throw .usage(.countsOverflow(options: (arguments.wasGiven("unit") ? ["unit"] : ["nodes", "n"]) + ["size", "k"]))
        }
        let stack: StackComparison
        do throws(GraphError) {
            guard let first = try StackComparison.all(in: try Analysis(try equations.layer())).first else {
                throw GraphError(.emptyStack)
            }
            stack = first
        } catch {
            throw .usage(.invalidValue(option: "size", value: arguments.value("size") ?? "",
                                       expected: "sizes whose layer can be built: \(error.problem)"))
        }
        let report = UnitsReport(equations: equations, closed: closed, engine: stack)
        switch arguments.choice("format", as: OutputFormat.self) ?? .text {
        case .text: console.standardOutput(report.text())
        case .markdown: console.standardOutput(MarkdownTableRenderer.render(report.table(exact: false)))
        case .csv: console.standardOutput(CSVTableRenderer.render(report.table(exact: true)))
        case .json: console.standardOutput(report.json().rendered() + "\n")
        }
        return report.agrees ? 0 : 1
    }
}

extension StackEquations {
    /// Binds `--n/--nodes` or `--unit`, `--k`, `--size`, `--stride`.
    init(_ arguments: ParsedArguments) throws(CommandError) {
        func positive(_ text: Substring, _ option: String, _ whole: String) throws(CommandError) -> Int {
            guard let value = Int(text), value >= 1 else {
                throw .usage(.invalidValue(option: option, value: whole, expected: "positive integers"))
            }
            return value
        }
        func nodes(_ text: String, option: String) throws(CommandError) -> (Int, Int, Int) {
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 3 else {
                throw .usage(.invalidValue(option: option, value: text, expected: "three channel counts such as 2,4,2"))
            }
            return (try positive(parts[0], option, text), try positive(parts[1], option, text), try positive(parts[2], option, text))
        }
        var items: [Item] = []
        let units = arguments.all("unit")
        if !units.isEmpty {
            if arguments.wasGiven("n") { throw .usage(.conflictingOptions("unit", "n")) }
            for text in units {
                guard let cross = text.firstIndex(of: "x") else {
                    throw .usage(.invalidValue(option: "unit", value: text, expected: "COUNTxC1,C2,C3 such as 16x2,4,2"))
                }
                let count = try positive(text[..<cross], "unit", text)
                let (c1, c2, c3) = try nodes(String(text[text.index(after: cross)...]), option: "unit")
                items.append(Item(count: count, c1: c1, c2: c2, c3: c3))
            }
        } else {
            guard let n = arguments.value("n") else { throw .usage(.missingArgument("--n and --nodes, or --unit", command: "units")) }
            guard let spec = arguments.value("nodes") else { throw .usage(.missingArgument("--nodes", command: "units")) }
            let (c1, c2, c3) = try nodes(spec, option: "nodes")
            items = [Item(count: try positive(Substring(n), "n", n), c1: c1, c2: c2, c3: c3)]
        }
        guard let size = arguments.value("size") else { throw .usage(.missingArgument("--size", command: "units")) }
        let sides = size.split(separator: "x", omittingEmptySubsequences: false)
        guard sides.count == 1 || sides.count == 2 else {
            throw .usage(.invalidValue(option: "size", value: size, expected: "HxW such as 16x16"))
        }
        let height = try positive(sides[0], "size", size)
        let width = try positive(sides[sides.count - 1], "size", size)
        let kernel = try positive(Substring(arguments.value("k") ?? "3"), "k", arguments.value("k") ?? "")
        let stride = try positive(Substring(arguments.value("stride") ?? "1"), "stride", arguments.value("stride") ?? "")
        guard height >= kernel - 2 * (kernel / 2), width >= kernel - 2 * (kernel / 2) else {
            throw .usage(.invalidValue(option: "size", value: size, expected: "at least the kernel size"))
        }
        self.init(items: items, kernel: kernel, stride: stride, height: height, width: width)
    }
}
