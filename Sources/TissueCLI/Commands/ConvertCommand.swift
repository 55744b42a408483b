import TissueIR

/// `tissue convert MODEL.onnx -o MODEL.arch`: writes a model as an equivalent `.arch` description.
enum ConvertCommand: Command {
    static let spec = CommandSpec(
        name: "convert",
        abstract: "Write a model (an ONNX file) as an equivalent .arch description.",
        discussion: """
            Reads any model tissue reads (an ONNX file, or an .arch file, which is written back expanded) \
            and writes it as .arch text: sequences of layers, residual additions, concatenations and \
            stacked layers, every value concrete; a group of statements that recurs word for word becomes \
            a 'block' definition, called where it occurs. Reading the result gives the same totals. What .arch \
            cannot express is an error that says what it is: an operator tissue does not model (an opaque \
            'ONNX Sin'), or a graph that is not made of sequences, residuals and concatenations. Without \
            -o the text goes to standard output.
            """,
        positionals: [.init(name: "MODEL", help: "An .onnx (or .arch) file.")],
        options: [
            .init("output", short: "o", value: "OUT", help: "Write the .arch description here."),
            .init("batch", value: "N", help: "Bind the model's symbolic batch dimension, where its shape arithmetic needs a value."),
        ] + InputLimits.options,
        examples: [
            "tissue convert Tests/Fixtures/onnx/resnet18.bn-kept.onnx -o resnet18.arch",
            "tissue convert Tests/Fixtures/onnx/shufflenet_v2_x1_0.bn-kept.onnx | tissue analyze -",
        ]
    )

    static func run(_ arguments: ParsedArguments, console: Console) throws(CommandError) -> Int32 {
        let path = arguments.positionals[0]
        let model = try ModelLoader(console: console, arguments: arguments).load(path)
        let uncounted = (try? Analysis(model.network))?.uncounted ?? []
        guard uncounted.isEmpty else {
            throw .cannotExpress("'.arch' has no statement for what tissue does not model: "
                + uncounted.map { "'\($0.name)' (\($0.count)×)" }.joined(separator: ", "))
        }
        let source = BlockFolding.fold(try ArchOutput.print(model.network,
                                                            header: ["\(model.network.name), converted from \(path) by tissue convert"]))
        if let output = arguments.value("output") {
            do { try console.writeFile(output, source) } catch {
                throw .cannotWrite(path: output, reason: FileProblem.reason(error, .write))
            }
        } else {
            console.standardOutput(source)
        }
        return 0
    }
}
