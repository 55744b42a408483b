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
                guard node.inputs == first.inputs, node.operation.widthFreeSignature == first.operation.widthFreeSignature else {
                    return .none(reason: "unit \(index + 1) ('\(unit.name)') differs from unit 1 ('\(reference.name)') at layer \(k): '\(node.operation.summary)' vs '\(first.operation.summary)'")
                }
            }
        }
        if nodes.contains(where: { if case .stack = $0.operation { true } else { false } }) {
            return .none(reason: "the units contain stacked layers of their own")
        }
        var dense = Graph(input: input, path: NodePath(["dense", "input"]))
        for k in 1..<nodes.count {
            let operation = Self.merge(units.map { $0.graph.nodes[k].operation })
            do {
                try dense.append(operation, inputs: nodes[k].inputs, path: nodes[k].path, location: nodes[k].location)
            } catch {
                return .none(reason: "the summed layer '\(operation.summary)' has no valid shape: \(error.kind.description)")
            }
        }
        dense.output = reference.graph.output
        dense.structure = reference.graph.structure
        return .dense(dense)
    }

    /// One layer of the counterpart: the units' layers at the same position with widths summed.
    static func merge(_ operations: [Operation]) -> Operation {
        guard let first = operations.first else { return .dropout }
        switch first {
        case .convolution(var c):
            var inputs = 0, outputs = 0
            for case .convolution(let u) in operations {
                inputs += u.inChannels
                outputs += u.outChannels
            }
            if c.isDepthwise { c.groups = inputs }
            c.inChannels = inputs
            c.outChannels = outputs
            return .convolution(c)
        case .linear(var l):
            var inputs = 0, outputs = 0
            for case .linear(let u) in operations {
                inputs += u.inFeatures
                outputs += u.outFeatures
            }
            l.inFeatures = inputs
            l.outFeatures = outputs
            return .linear(l)
        case .batchNorm:
            var channels = 0
            for case .batchNorm(let c) in operations { channels += c }
            return .batchNorm(channels: channels)
        case .input, .activation, .softmax, .dropout, .flatten, .globalAveragePool, .pool, .channelShuffle, .add, .concat,
             .stack:
            return first
        }
    }
}

/// The outcome of ``Stack/denseCounterpart(input:)``.
public enum DenseCounterpart: Sendable, Equatable {
    case dense(Graph)
    /// No counterpart exists; the reason names the first difference found.
    case none(reason: String)
}

extension Operation {
    /// The operation with every channel width erased, so that units of different widths but the
    /// same structure compare equal.
    var widthFreeSignature: Operation {
        switch self {
        case .convolution(var c):
            c.groups = c.isDepthwise ? -1 : c.groups
            c.inChannels = 0
            c.outChannels = 0
            return .convolution(c)
        case .linear(var l):
            l.inFeatures = 0
            l.outFeatures = 0
            return .linear(l)
        case .batchNorm:
            return .batchNorm(channels: 0)
        case .input, .activation, .softmax, .dropout, .flatten, .globalAveragePool, .pool, .channelShuffle, .add, .concat,
             .stack:
            return self
        }
    }
}
