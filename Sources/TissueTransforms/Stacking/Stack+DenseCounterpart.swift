import TissueIR

extension Stack {
    /// The fully connected counterpart of a stacked layer (the paper's "normal" layers, Eq. 6/8):
    /// the units' common layer structure with every width summed over the units. It exists when
    /// all units share one structure — the same operations, kernels, strides, paddings and
    /// connections, widths free. A depthwise convolution stays depthwise over the summed channels;
    /// any other convolution keeps its group count.
    public func denseCounterpart(input: TensorShape) -> DenseCounterpart {
        guard let reference = units.first else { return .none(reason: "the stacked layer has no units") }
        let nodes = reference.graph.nodes
        for (index, unit) in units.enumerated().dropFirst() {
            guard unit.graph.nodes.count == nodes.count, unit.graph.output == reference.graph.output else {
                return .none(reason: "unit \(index + 1) ('\(unit.name)') has \(unit.graph.nodes.count - 1) layers but unit 1 ('\(reference.name)') has \(nodes.count - 1)")
            }
            for (k, node) in unit.graph.nodes.enumerated().dropFirst() {
                let first = nodes[k]
                guard node.inputs == first.inputs,
                      Self.signature(node, in: unit.graph) == Self.signature(first, in: reference.graph) else {
                    return .none(reason: "unit \(index + 1) ('\(unit.name)') differs from unit 1 ('\(reference.name)') at layer \(k): '\(Self.summary(node, in: unit.graph))' vs '\(Self.summary(first, in: reference.graph))'")
                }
            }
        }
        var builder = GraphBuilder()
        let entry = builder.input(input, path: NodePath(["dense", "input"]))
        var map = [NodeID](repeating: entry, count: nodes.count)
        for k in 1..<nodes.count {
            let node = nodes[k]
            guard case .operation = node.kind else {
                return .none(reason: "the units contain stacked layers of their own")
            }
            let operation = Self.merge(units.map { $0.graph.nodes[k] }, units.map(\.graph))
            do {
                map[k] = try builder.add(.operation(operation), inputs: node.inputs.map { map[$0.index] }, path: node.path,
                                         location: node.location, form: node.form)
            } catch {
                return .none(reason: "the summed layer '\(operation.summary(inChannels: 0))' has no valid shape: \(error.problem)")
            }
        }
        builder.output(map[reference.graph.output.index])
        do { return .dense(try builder.build()) } catch { return .none(reason: error.problem.description) }
    }

    /// One layer of the counterpart: the units' layers at the same position with widths summed.
    /// Input widths follow from the summed layers before; output widths are summed here.
    static func merge(_ nodes: [Node], _ graphs: [Graph]) -> Operation {
        guard let first = nodes.first, case .operation(let operation) = first.kind else { return .dropout }
        switch operation {
        case .convolution(var c):
            switch c.filters {
            case .depthwise:
                return operation
            case .grouped(_, let groups):
                var inputs = 0, outputs = 0
                for (node, graph) in zip(nodes, graphs) {
                    guard case .operation(.convolution(let u)) = node.kind,
                          let r = try? u.resolved(inChannels: graph[node.inputs[0]].outputShape.channels) else { continue }
                    inputs += r.inChannels
                    outputs += r.outChannels
                }
                // A unit convolution that is depthwise on its piece stays depthwise over the sum.
                let depthwise = isDepthwise(first, in: graphs[0])
                c.filters = .grouped(outChannels: outputs, groups: depthwise ? inputs : groups)
                return .convolution(c)
            }
        case .linear(var l):
            var outputs = 0
            for node in nodes {
                if case .operation(.linear(let u)) = node.kind { outputs += u.outFeatures }
            }
            l.outFeatures = outputs
            return .linear(l)
        case .groupNorm:
            // Each unit's groups stay groups of the counterpart.
            var groups = 0
            for node in nodes {
                if case .operation(.groupNorm(let g)) = node.kind { groups += g }
            }
            return .groupNorm(groups: groups)
        case .attention(var a):
            // Each unit's heads stay heads of the counterpart, over the summed width.
            a.heads = 0
            for node in nodes {
                if case .operation(.attention(let u)) = node.kind { a.heads += u.heads }
            }
            return .attention(a)
        case .embedding(var e):
            e.width = 0
            for node in nodes {
                if case .operation(.embedding(let u)) = node.kind { e.width += u.width }
            }
            return .embedding(e)
        case .batchNorm, .activation, .softmax, .dropout, .flatten, .globalAveragePool, .pool, .channelShuffle, .add,
             .concat, .multiply, .layerScale, .layerNorm, .adaptiveAveragePool, .mean, .dropPath, .tokens, .permute,
             .transpose, .classToken, .positionEmbedding, .selectToken, .matmul, .patchMerging:
            return operation
        }
    }

    /// Whether a node's convolution is depthwise on its input (`groups == in > 1`).
    static func isDepthwise(_ node: Node, in graph: Graph) -> Bool {
        guard case .operation(let operation) = node.kind, let input = node.inputs.first else { return false }
        return operation.kind(inChannels: graph[input].outputShape.channels) == .dwconv
    }

    /// The node with every channel width erased, so that units of different widths but the
    /// same structure compare equal.
    static func signature(_ node: Node, in graph: Graph) -> NodeKind {
        guard case .operation(let operation) = node.kind else { return node.kind }
        switch operation {
        case .convolution(var c):
            switch c.filters {
            case .depthwise: break
            case .grouped(_, let groups):
                c.filters = .grouped(outChannels: 0, groups: isDepthwise(node, in: graph) ? -1 : groups)
            }
            return .operation(.convolution(c))
        case .linear(var l):
            l.outFeatures = 0
            return .operation(.linear(l))
        case .groupNorm:
            return .operation(.groupNorm(groups: 0))
        case .attention(var a):
            a.heads = 0
            return .operation(.attention(a))
        case .embedding(var e):
            e.width = 0
            return .operation(.embedding(e))
        case .batchNorm, .activation, .softmax, .dropout, .flatten, .globalAveragePool, .pool, .channelShuffle, .add,
             .concat, .multiply, .layerScale, .layerNorm, .adaptiveAveragePool, .mean, .dropPath, .tokens, .permute,
             .transpose, .classToken, .positionEmbedding, .selectToken, .matmul, .patchMerging:
            return node.kind
        }
    }

    static func summary(_ node: Node, in graph: Graph) -> String {
        node.kind.summary(inChannels: node.inputs.first.map { graph[$0].outputShape.channels } ?? 0)
    }
}

/// The outcome of ``Stack/denseCounterpart(input:)``.
public enum DenseCounterpart: Sendable, Equatable {
    case dense(Graph)
    /// No counterpart exists; the reason names the first difference found.
    case none(reason: String)
}
