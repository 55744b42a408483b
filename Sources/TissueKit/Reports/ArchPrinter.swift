/// Prints a network back as `.arch` source: blocks inlined, repeats unrolled, every value
/// concrete, residuals and concatenations kept as written structure. Used by transforms that
/// write a rewritten network (`tissue stack`). Needs the expander's layout (``Graph/structure``).
public struct ArchPrinter {
    /// Text that replaces a structure item, keyed by the item's output node.
    public var replacements: [NodeID: [String]] = [:]
    /// Text that replaces the body of a residual (its shortcut is printed as it is), keyed by its add node.
    public var residualBodies: [NodeID: [String]] = [:]
    /// Definitions printed before the input (e.g. the unit a transform introduces).
    public var definitions: [String] = []
    /// Comment lines for the header (without `#`).
    public var header: [String] = []

    public init() {}

    public func print(_ network: Network) -> String {
        var lines = header.map { $0.isEmpty ? "#" : "# " + $0 }
        lines.append("model \(network.name)")
        if let dataset = network.metadata.dataset { lines.append("dataset \(dataset)") }
        if let accuracy = network.metadata.accuracy { lines.append("accuracy \(accuracy)") }
        for budget in network.metadata.budgets { lines.append("budget \(budget.metric.rawValue) <= \(budget.written)") }
        var units = UnitTable()
        var body: [String] = []
        emit(network.graph.structure, of: network.graph, indent: "", into: &body, units: &units)
        lines += definitions
        lines += units.definitions
        lines.append("input \(network.graph.inputShape)")
        return (lines + body).joined(separator: "\n") + "\n"
    }

    private func emit(_ items: [StructureItem], of graph: Graph, indent: String, into lines: inout [String],
                      units: inout UnitTable) {
        for item in items {
            if let replacement = replacements[item.outputNode] {
                lines += replacement.map { indent + $0 }
                continue
            }
            switch item {
            case .node(let id):
                let operation = graph.nodes[id].operation
                if case .stack(let stack) = operation {
                    lines.append(indent + units.statement(for: stack, printer: self))
                } else if let statement = Self.statement(operation, input: graph.nodes[graph.nodes[id].inputs.first ?? 0].outputShape) {
                    // bn, activations and the like read best on the line of the layer they follow.
                    if operation.followsOnSameLine, let last = lines.last, last.hasPrefix(indent),
                       !last.hasSuffix("{"), !last.hasSuffix("}") {
                        lines[lines.count - 1] = last + "; " + statement
                    } else {
                        lines.append(indent + statement)
                    }
                }
            case .residual(let body, let shortcut, let add, _):
                lines.append(indent + "residual {")
                if let replacement = residualBodies[add] {
                    lines += replacement.map { indent + "  " + $0 }
                } else {
                    emit(body, of: graph, indent: indent + "  ", into: &lines, units: &units)
                }
                if let shortcut {
                    lines.append(indent + "} shortcut {")
                    emit(shortcut, of: graph, indent: indent + "  ", into: &lines, units: &units)
                }
                lines.append(indent + "}")
            case .concat(let branches, _, _):
                lines.append(indent + "concat {")
                for (index, branch) in branches.enumerated() {
                    if index > 0 { lines.append(indent + "} {") }
                    emit(branch, of: graph, indent: indent + "  ", into: &lines, units: &units)
                }
                lines.append(indent + "}")
            }
        }
    }

    /// The layer statement for one operation, defaults left out; nil for structural nodes.
    public static func statement(_ operation: Operation, input: TensorShape) -> String? {
        func size(_ p: Pair) -> String { p.height == p.width ? "\(p.height)" : "\(p.height)x\(p.width)" }
        switch operation {
        case .input, .add, .concat, .stack:
            return nil
        case .convolution(let c):
            var parts: [String]
            if c.isDepthwise {
                parts = ["dwconv k=\(size(c.kernel))"]
            } else {
                parts = ["conv \(c.outChannels) k=\(size(c.kernel))"]
            }
            if c.stride != .one { parts.append("s=\(size(c.stride))") }
            if c.padding != .zero { parts.append("p=\(size(c.padding))") }
            if c.dilation != .one { parts.append("d=\(size(c.dilation))") }
            if c.isDepthwise {
                if c.outChannels != c.inChannels { parts.append("m=\(c.outChannels / max(1, c.inChannels))") }
            } else if c.groups != 1 {
                parts.append("g=\(c.groups)")
            }
            if !c.bias { parts.append("bias=false") }
            return parts.joined(separator: " ")
        case .linear(let l):
            return "linear \(l.outFeatures)" + (l.bias ? "" : " bias=false")
        case .batchNorm: return "bn"
        case .activation(let a): return a.rawValue
        case .softmax: return "softmax"
        case .dropout: return "dropout"
        case .flatten: return "flatten"
        case .globalAveragePool: return "gap"
        case .pool(let p):
            var parts = ["\(p.kind.rawValue) k=\(size(p.kernel))"]
            if p.stride != p.kernel { parts.append("s=\(size(p.stride))") }
            if p.padding != .zero { parts.append("p=\(size(p.padding))") }
            if p.ceil { parts.append("ceil=true") }
            return parts.joined(separator: " ")
        case .channelShuffle(let groups):
            return "shuffle g=\(groups)"
        }
    }

    /// Units of stacked layers already in the network, printed as parameterless definitions;
    /// units whose bodies print the same share one definition.
    struct UnitTable {
        var bodies: [String] = []
        var definitions: [String] = []

        mutating func statement(for stack: Stack, printer: ArchPrinter) -> String {
            var groups: [(name: String, count: Int)] = []
            for unit in stack.units {
                var lines: [String] = []
                var nested = UnitTable()
                printer.emit(unit.graph.structure, of: unit.graph, indent: "  ", into: &lines, units: &nested)
                let body = "in \(unit.width) {\n" + lines.joined(separator: "\n") + (lines.isEmpty ? "}" : "\n}")
                let index: Int
                if let found = bodies.firstIndex(of: body) {
                    index = found
                } else {
                    index = bodies.count
                    bodies.append(body)
                    definitions += nested.definitions
                    definitions.append("unit \(unit.name)_\(index + 1)() " + body)
                }
                let name = "\(unit.name)_\(index + 1)"
                if let last = groups.last, last.name == name {
                    groups[groups.count - 1].count += 1
                } else {
                    groups.append((name, 1))
                }
            }
            return "stack " + groups.map { "\($0.count) x \($0.name)()" }.joined(separator: ", ")
        }
    }
}

extension Operation {
    /// Operations printed after the previous layer on the same line (`conv 64 k=3; bn; relu`).
    var followsOnSameLine: Bool {
        switch self {
        case .batchNorm, .activation, .dropout, .channelShuffle: true
        case .input, .convolution, .linear, .softmax, .flatten, .globalAveragePool, .pool, .add, .concat, .stack: false
        }
    }
}
