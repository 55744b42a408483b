import TissueIR
import TissueTransforms

/// The dense counterpart of a stacked layer (the engine's ``Stack/denseCounterpart(input:)``: the
/// units' common layer structure with widths summed) given block-diagonal weights, so that it
/// computes the same function as the stack: unit `u`'s weights in the block of its input and output
/// channels, zeros elsewhere (the paper's Section 3.2 argument). A convolution weight lands at
///
///     W[O_u + o, I_u + g·Cin_u/G_u + c − d·Cin/G]   for   g = ⌊o / (Cout_u/G_u)⌋,  d = ⌊(O_u + o) / (Cout/G)⌋
///
/// (`O_u`, `I_u`: the unit's first output and input channel; `G_u`, `G`: the unit's and the dense
/// layer's groups; `Cin`, `Cout`: the summed widths), which must fall inside dense group `d`; a
/// linear weight at `W[O_u + o, I_u + i]`. Biases and batch-norm parameters are concatenated;
/// channel-wise operations (activations, pooling, dropout, flatten, residual adds) carry over.
public struct BlockDiagonalCounterpart: Sendable {
    public var graph: Graph
    public var weights: NetworkWeights

    /// Why a stack has no counterpart that computes its function, as a sentence fragment.
    public struct Unavailable: Error, Sendable, Equatable {
        public var reason: String
    }

    public init(_ stack: Stack, input: TensorShape, weights: [NetworkWeights]) throws(Unavailable) {
        let dense: Graph
        switch stack.denseCounterpart(input: input) {
        case .none(let reason): throw Unavailable(reason: reason)
        case .dense(let graph): dense = graph
        }
        var layers: [LayerWeights] = [.none]
        for node in dense.nodes.dropFirst() {
            guard case .operation(let operation) = node.kind else {
                throw Unavailable(reason: "'\(Self.local(node.path))' is a nested stacked layer")
            }
            if let reason = Self.mixesUnits(operation) {
                throw Unavailable(reason: "'\(Self.local(node.path))' \(reason)")
            }
            let unitInputs = stack.units.map { $0.graph[node.inputs[0]].outputShape.channels }
            let unitNodes = stack.units.map { $0.graph[node.id] }
            let unitWeights = weights.map { $0.layers[node.id.index] }
            layers.append(try Self.blockDiagonal(operation, node, dense, unitNodes, unitInputs, unitWeights))
        }
        graph = dense
        self.weights = NetworkWeights(layers: layers)
    }

    /// Operations that mix channels across units, so no block-diagonal layer reproduces them.
    static func mixesUnits(_ operation: Operation) -> String? {
        switch operation {
        case .softmax: "is a softmax, which normalises across all channels, not unit by unit"
        case .channelShuffle: "is a channel shuffle, which moves channels between units"
        case .concat: "is a concat inside the units, which orders channels unit by unit, unlike one dense concat"
        case .layerNorm: "is a layer norm, which normalises across all channels, not unit by unit"
        case .groupNorm: "is a group norm, whose groups the counterpart would draw across units"
        case .attention: "is an attention, whose heads and softmax the counterpart would draw across units"
        case .matmul: "is a matmul of two activations, which multiplies across units"
        case .tokens, .permute, .transpose, .patchMerging:
            "changes the layout, which the block-diagonal check covers only for channel-first maps and vectors"
        case .classToken, .positionEmbedding, .selectToken, .embedding:
            "is a token operation, which the block-diagonal check does not cover"
        case .convolution, .linear, .batchNorm, .activation, .dropout, .flatten, .globalAveragePool, .pool, .add,
             .multiply, .layerScale, .adaptiveAveragePool, .mean, .dropPath:
            nil
        }
    }

    /// The dense layer's weights from the units' weights of the same node (`unitInputs`: the
    /// channels entering each unit's node).
    static func blockDiagonal(_ operation: Operation, _ node: Node, _ dense: Graph, _ unitNodes: [Node],
                              _ unitInputs: [Int], _ unitWeights: [LayerWeights]) throws(Unavailable) -> LayerWeights {
        let denseInputs = dense[node.inputs[0]].outputShape.channels
        switch operation {
        case .convolution(let conv):
            guard let d = try? conv.resolved(inChannels: denseInputs) else { return .none }
            let taps = d.kernel.area
            let inPerDenseGroup = d.inChannels / d.groups, outPerDenseGroup = d.outChannels / d.groups
            var weight = [Float](repeating: 0, count: d.outChannels * inPerDenseGroup * taps)
            var bias: [Float]? = d.bias ? [] : nil
            var inOffset = 0, outOffset = 0
            for ((unitNode, unitIn), layer) in zip(zip(unitNodes, unitInputs), unitWeights) {
                guard case .operation(.convolution(let u)) = unitNode.kind, let c = try? u.resolved(inChannels: unitIn),
                      case .convolution(let w, let b) = layer else { continue }
                let inPerGroup = c.inChannels / c.groups, outPerGroup = c.outChannels / c.groups
                for o in 0..<c.outChannels {
                    let denseGroup = (outOffset + o) / outPerDenseGroup
                    for i in 0..<inPerGroup {
                        let column = inOffset + (o / outPerGroup) * inPerGroup + i - denseGroup * inPerDenseGroup
                        guard column >= 0, column < inPerDenseGroup else {
                            throw Unavailable(reason: "the units' channel groups cross the groups of the dense layer '\(local(node.path))'")
                        }
                        let target = ((outOffset + o) * inPerDenseGroup + column) * taps
                        let source = (o * inPerGroup + i) * taps
                        for t in 0..<taps { weight[target + t] = w[source + t] }
                    }
                }
                bias?.append(contentsOf: b ?? [])
                inOffset += c.inChannels
                outOffset += c.outChannels
            }
            return .convolution(weight: weight, bias: bias)
        case .linear(let l):
            var weight = [Float](repeating: 0, count: l.outFeatures * denseInputs)
            var bias: [Float]? = l.bias ? [] : nil
            var inOffset = 0, outOffset = 0
            for ((unitNode, unitIn), layer) in zip(zip(unitNodes, unitInputs), unitWeights) {
                guard case .operation(.linear(let u)) = unitNode.kind, case .linear(let w, let b) = layer else { continue }
                for o in 0..<u.outFeatures {
                    for i in 0..<unitIn {
                        weight[(outOffset + o) * denseInputs + inOffset + i] = w[o * unitIn + i]
                    }
                }
                bias?.append(contentsOf: b ?? [])
                inOffset += unitIn
                outOffset += u.outFeatures
            }
            return .linear(weight: weight, bias: bias)
        case .batchNorm:
            var p = BatchNormWeights(gamma: [], beta: [], mean: [], variance: [])
            for case .batchNorm(let q) in unitWeights {
                p.gamma += q.gamma; p.beta += q.beta; p.mean += q.mean; p.variance += q.variance
            }
            return .batchNorm(p)
        case .layerScale:
            var values: [Float] = []
            for case .scale(let v) in unitWeights { values += v }
            return .scale(values)
        case .layerNorm, .groupNorm:
            var gamma: [Float] = [], beta: [Float] = []
            for case .normalization(let g, let b) in unitWeights {
                gamma += g
                beta += b
            }
            return .normalization(gamma: gamma, beta: beta)
        case .activation, .softmax, .dropout, .flatten, .globalAveragePool, .pool, .channelShuffle, .add, .concat,
             .multiply, .adaptiveAveragePool, .mean, .dropPath, .tokens, .permute, .transpose, .classToken,
             .positionEmbedding, .selectToken, .embedding, .attention, .matmul, .patchMerging:
            return .none
        }
    }

    /// A unit node's path without the stack's prefix, e.g. `conv1` for `stack/bu3/conv1`.
    static func local(_ path: NodePath) -> String {
        path.components.count > 2 ? path.components.suffix(from: 2).joined(separator: "/") : path.description
    }
}
