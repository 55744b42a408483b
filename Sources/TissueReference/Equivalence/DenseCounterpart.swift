import TissueKit

/// The dense counterpart of a stacked layer (the paper's Section 3.2 argument): one ordinary
/// layer sequence over all channels whose weights are block-diagonal, unit `u`'s weights in the
/// block of its input and output channels and zeros elsewhere. A convolution becomes
/// `Conv2d(ΣCin_u, ΣCout_u, groups=1)` with `W[O_u + o, I_u + g·Cin_u/G_u + c] = W_u[o, c]` for
/// `g = ⌊o/(Cout_u/G_u)⌋` (a grouped unit keeps its groups as sub-blocks); a linear layer
/// `W[O_u + o, I_u + i] = W_u[o, i]`; biases and batch-norm parameters are concatenated.
/// Channel-wise operations (activations, pooling, dropout, flatten, residual adds) carry over.
///
/// It exists only when every unit has the same layer structure: the same nodes reading the same
/// nodes, with the same operations and settings (widths may differ).
public struct DenseCounterpart: Sendable {
    public var graph: Graph
    public var weights: NetworkWeights

    /// Why a stack has no dense counterpart, as a sentence fragment.
    public struct Unavailable: Error, Sendable, Equatable {
        public var reason: String
    }

    public init(_ stack: Stack, weights: [NetworkWeights]) throws(Unavailable) {
        guard let first = stack.units.first else { throw Unavailable(reason: "the stack has no units") }
        for unit in stack.units.dropFirst() {
            guard unit.graph.nodes.count == first.graph.nodes.count, unit.graph.output == first.graph.output else {
                throw Unavailable(reason: "units '\(first.name)' and '\(unit.name)' have different structures "
                                  + "(\(first.graph.nodes.count - 1) and \(unit.graph.nodes.count - 1) layers)")
            }
        }
        var graph = Graph(input: first.graph.inputShape.with(channels: stack.units.reduce(0) { $0 + $1.width }))
        var layers: [LayerWeights] = [.none]
        for (index, node) in first.graph.nodes.enumerated().dropFirst() {
            let column = stack.units.map { $0.graph.nodes[index] }
            for other in column.dropFirst() where other.inputs != node.inputs || !Self.sameSettings(node.operation, other.operation) {
                throw Unavailable(reason: "units differ at '\(Self.local(node.path))': "
                                  + "'\(node.operation.summary)' and '\(other.operation.summary)'")
            }
            if let reason = Self.unsupported(node.operation) {
                throw Unavailable(reason: "'\(Self.local(node.path))' \(reason)")
            }
            let unitGraphs = stack.units.map(\.graph)
            let widthsIn = unitGraphs.map { $0.nodes[node.inputs[0]].outputShape.channels }
            let widthsOut = column.map(\.outputShape.channels)
            let operation = Self.denseOperation(node.operation, in: widthsIn.reduce(0, +), out: widthsOut.reduce(0, +))
            do {
                try graph.append(operation, inputs: node.inputs, path: node.path, location: node.location)
            } catch {
                throw Unavailable(reason: "the dense layer for '\(Self.local(node.path))' has no valid shape")
            }
            layers.append(Self.blockDiagonal(weights.map { $0.layers[index] }, column, widthsIn, widthsOut))
        }
        graph.output = first.graph.output
        self.graph = graph
        self.weights = NetworkWeights(layers: layers)
    }

    /// Operations and settings equal apart from channel counts.
    static func sameSettings(_ a: Operation, _ b: Operation) -> Bool {
        switch (a, b) {
        case (.convolution(let x), .convolution(let y)):
            x.kernel == y.kernel && x.stride == y.stride && x.padding == y.padding && x.dilation == y.dilation && x.bias == y.bias
        case (.linear(let x), .linear(let y)): x.bias == y.bias
        case (.batchNorm, .batchNorm): true
        default: a == b
        }
    }

    /// Operations that mix channels across units, so no block-diagonal layer reproduces them.
    static func unsupported(_ operation: Operation) -> String? {
        switch operation {
        case .softmax: "is a softmax, which normalises across all channels, not unit by unit"
        case .channelShuffle: "is a channel shuffle, which moves channels between units"
        case .concat: "is a concat inside the unit, which orders channels unit by unit, unlike one dense concat"
        case .stack: "is a nested stacked layer"
        case .input, .convolution, .linear, .batchNorm, .activation, .dropout, .flatten, .globalAveragePool, .pool, .add:
            nil
        }
    }

    static func denseOperation(_ operation: Operation, in inWidth: Int, out outWidth: Int) -> Operation {
        switch operation {
        case .convolution(var c):
            (c.inChannels, c.outChannels, c.groups) = (inWidth, outWidth, 1)
            return .convolution(c)
        case .linear(var l):
            (l.inFeatures, l.outFeatures) = (inWidth, outWidth)
            return .linear(l)
        case .batchNorm:
            return .batchNorm(channels: outWidth)
        default:
            return operation
        }
    }

    /// The dense layer's weights from the units' weights of the same node.
    static func blockDiagonal(_ unitLayers: [LayerWeights], _ nodes: [Node], _ widthsIn: [Int], _ widthsOut: [Int]) -> LayerWeights {
        let inTotal = widthsIn.reduce(0, +), outTotal = widthsOut.reduce(0, +)
        switch nodes[0].operation {
        case .convolution(let c0):
            let taps = c0.kernel.area
            var weight = [Float](repeating: 0, count: outTotal * inTotal * taps)
            var bias: [Float]? = c0.bias ? [] : nil
            var inOffset = 0, outOffset = 0
            for (u, layer) in unitLayers.enumerated() {
                guard case .convolution(let w, let b) = layer, case .convolution(let c) = nodes[u].operation else { continue }
                let inPerGroup = c.inChannels / c.groups, outPerGroup = c.outChannels / c.groups
                for o in 0..<c.outChannels {
                    let group = o / outPerGroup
                    for i in 0..<inPerGroup {
                        let target = ((outOffset + o) * inTotal + inOffset + group * inPerGroup + i) * taps
                        let source = (o * inPerGroup + i) * taps
                        for t in 0..<taps { weight[target + t] = w[source + t] }
                    }
                }
                bias?.append(contentsOf: b ?? [])
                inOffset += widthsIn[u]
                outOffset += widthsOut[u]
            }
            return .convolution(weight: weight, bias: bias)
        case .linear(let l0):
            var weight = [Float](repeating: 0, count: outTotal * inTotal)
            var bias: [Float]? = l0.bias ? [] : nil
            var inOffset = 0, outOffset = 0
            for (u, layer) in unitLayers.enumerated() {
                guard case .linear(let w, let b) = layer else { continue }
                for o in 0..<widthsOut[u] {
                    for i in 0..<widthsIn[u] { weight[(outOffset + o) * inTotal + inOffset + i] = w[o * widthsIn[u] + i] }
                }
                bias?.append(contentsOf: b ?? [])
                inOffset += widthsIn[u]
                outOffset += widthsOut[u]
            }
            return .linear(weight: weight, bias: bias)
        case .batchNorm:
            var p = BatchNormWeights(gamma: [], beta: [], mean: [], variance: [])
            for case .batchNorm(let q) in unitLayers {
                p.gamma += q.gamma; p.beta += q.beta; p.mean += q.mean; p.variance += q.variance
            }
            return .batchNorm(p)
        default:
            return .none
        }
    }

    /// A unit node's path without the stack's prefix, e.g. `conv1` for `stack/bu3/conv1`.
    static func local(_ path: NodePath) -> String {
        path.components.count > 2 ? path.components.suffix(from: 2).joined(separator: "/") : path.description
    }
}
