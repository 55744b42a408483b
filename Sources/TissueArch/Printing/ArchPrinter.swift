import TissueIR

/// The `.arch` back end: prints a network as source that reads back to the same network. Blocks
/// are inlined and repeats unrolled (every value concrete); residuals and concatenations are
/// written as the composites the graph's regions (``Graph/regions``) describe; a stacked layer
/// whose units come from a template is written `stack N x unit(args)` with the template's
/// definition, any other unit as a definition of its own.
public struct ArchPrinter {
    /// Comment lines for the header (without `#`).
    public var header: [String]

    public init(header: [String] = []) {
        self.header = header
    }

    /// Why a network has no `.arch` text.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// `.arch` writes sequences, residuals and concatenations; this graph is not made of them.
        case notSeriesParallel(String)
        /// `.arch` inputs are vectors, N×D tokens or C×H×W maps.
        case inputRank([Int])
        /// An operation the IR does not model has no statement.
        case opaque(String)

        public var description: String {
            switch self {
            case .notSeriesParallel(let name):
                "the graph of '\(name)' is not a sequence of layers, residual blocks and concatenations, which is all '.arch' can write"
            case .inputRank(let dims):
                "an '.arch' input is a vector, NxD tokens or CxHxW, not \(dims.map(String.init).joined(separator: "x"))"
            case .opaque(let name):
                "'.arch' has no statement for '\(name)', which tissue does not model"
            }
        }
    }

    public func print(_ network: Network) throws(Failure) -> String {
        let graph = network.graph
        guard let regions = graph.regions else { throw .notSeriesParallel(network.name) }
        let input = graph.inputShape
        guard input.isVector || input.isImage || (input.isChannelsLast && input.dimensions.count == 2) else {
            throw .inputRank(input.dimensions)
        }
        var lines = header.map { $0.isEmpty ? "#" : "# " + $0 }
        lines.append("model \(Self.rawName(network.name))")
        if let dataset = network.metadata.dataset { lines.append("dataset \(Self.rawName(dataset))") }
        if let accuracy = network.metadata.accuracy { lines.append("accuracy \(accuracy)") }
        for budget in network.metadata.budgets {
            lines.append("budget \(budget.metric.rawValue) \(budget.metric.comparison) \(budget.written)")
        }
        if let baseline = network.metadata.baseline { lines.append("baseline \(Self.rawName(baseline.path))") }
        var definitions = DefinitionTable()
        var body: [String] = []
        try emit(regions, of: graph, indent: "", into: &body, definitions: &definitions)
        lines += definitions.lines
        lines.append("input \(input)")
        return (lines + body).joined(separator: "\n") + "\n"
    }

    func emit(_ regions: [Region], of graph: Graph, indent: String, into lines: inout [String],
              definitions: inout DefinitionTable) throws(Failure) {
        for region in regions {
            switch region {
            case .node(let id):
                let node = graph[id]
                let inChannels = node.inputs.first.map { graph[$0].outputShape.channels } ?? 0
                switch node.kind {
                case .input:
                    continue
                case .opaque(let operation):
                    throw .opaque(operation.name)
                case .stack(let stack):
                    lines.append(indent + (try definitions.statement(for: stack, inChannels: inChannels, printer: self)))
                case .operation(let operation):
                    let statement = ArchStatement.layer(operation, inChannels: inChannels) + (node.form == .function ? " fn" : "")
                    // bn, activations and the like read best on the line of the layer they follow
                    // (a stacked layer keeps its line to itself).
                    if operation.followsOnSameLine, let last = lines.last, last.hasPrefix(indent),
                       !last.hasSuffix("{"), !last.hasSuffix("}"), !last.dropFirst(indent.count).hasPrefix("stack ") {
                        lines[lines.count - 1] = last + "; " + statement
                    } else {
                        lines.append(indent + statement)
                    }
                }
            case .residual(let body, let shortcut, _, _):
                lines.append(indent + "residual {")
                try emit(body, of: graph, indent: indent + "  ", into: &lines, definitions: &definitions)
                if let shortcut {
                    lines.append(indent + "} shortcut {")
                    try emit(shortcut, of: graph, indent: indent + "  ", into: &lines, definitions: &definitions)
                }
                lines.append(indent + "}")
            case .scale(let body, _, _):
                lines.append(indent + "scale {")
                try emit(body, of: graph, indent: indent + "  ", into: &lines, definitions: &definitions)
                lines.append(indent + "}")
            case .matmul(let left, let right, _, _):
                lines.append(indent + "matmul {")
                try emit(left, of: graph, indent: indent + "  ", into: &lines, definitions: &definitions)
                lines.append(indent + "} {")
                try emit(right, of: graph, indent: indent + "  ", into: &lines, definitions: &definitions)
                lines.append(indent + "}")
            case .concat(let branches, let join, _):
                let tokens = graph[join].operation == .concat(along: .tokens)
                lines.append(indent + (tokens ? "concat tokens {" : "concat {"))
                for (index, branch) in branches.enumerated() {
                    if index > 0 { lines.append(indent + "} {") }
                    try emit(branch, of: graph, indent: indent + "  ", into: &lines, definitions: &definitions)
                }
                lines.append(indent + "}")
            }
        }
    }

    /// A `model` or `dataset` name as the lexer reads it back: one run of characters without
    /// blanks, `;` or `#`, which become `_`.
    static func rawName(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.map { scalar -> Character in
            scalar.properties.isWhitespace || scalar == ";" || scalar == "#" ? "_" : Character(scalar)
        })
        return cleaned.isEmpty ? "model" : cleaned
    }
}

extension Operation {
    /// Operations printed after the previous layer on the same line (`conv 64 k=3; bn; relu`).
    var followsOnSameLine: Bool {
        switch self {
        case .batchNorm, .activation, .dropout, .channelShuffle, .layerScale, .dropPath: true
        case .convolution, .linear, .softmax, .flatten, .globalAveragePool, .pool, .add, .concat, .multiply, .layerNorm,
             .groupNorm, .adaptiveAveragePool, .mean, .tokens, .permute, .transpose, .classToken, .positionEmbedding,
             .selectToken, .embedding, .attention, .matmul, .patchMerging:
            false
        }
    }
}
