import TissueIR

/// Batch-norm parameters (γ, β: trainable) and running statistics (μ, σ²: buffers).
public struct BatchNormWeights: Sendable, Equatable {
    /// PyTorch's default `eps`.
    public static let epsilon: Float = 1e-5
    public var gamma: [Float]
    public var beta: [Float]
    public var mean: [Float]
    public var variance: [Float]

    public init(gamma: [Float], beta: [Float], mean: [Float], variance: [Float]) {
        self.gamma = gamma
        self.beta = beta
        self.mean = mean
        self.variance = variance
    }
}

/// What one node allocated.
public enum LayerWeights: Sendable, Equatable {
    case none
    /// `[Cout, Cin/G, kh, kw]` (PyTorch's layout) and an optional bias.
    case convolution(weight: [Float], bias: [Float]?)
    /// `[out, in]` and an optional bias.
    case linear(weight: [Float], bias: [Float]?)
    case batchNorm(BatchNormWeights)
    /// A layer or group norm's affine parameters, per channel.
    case normalization(gamma: [Float], beta: [Float])
    /// A learned per-channel scale.
    case scale([Float])
    /// A parameter tensor used as it is: a class token `[D]`, a positional embedding
    /// `[positions, D]`, an embedding table `[V, D]`.
    case table([Float])
    case attention(AttentionWeights)
    /// A linear layer whose weight is the network's embedding table (counted there) and its bias.
    case tiedLinear(table: [Float], bias: [Float]?)
    /// One set of weights per unit, in channel order.
    case stack([NetworkWeights])

    /// Trainable values actually allocated: weight and bias elements, γ and β; a stack sums its
    /// units. Running statistics are buffers, as in `nn.Module.parameters()`.
    public var parameterCount: Int {
        switch self {
        case .none: 0
        case .convolution(let w, let b), .linear(let w, let b): w.count + (b?.count ?? 0)
        case .batchNorm(let p): p.gamma.count + p.beta.count
        case .normalization(let gamma, let beta): gamma.count + beta.count
        case .scale(let values), .table(let values): values.count
        case .attention(let a): a.parameterCount
        case .tiedLinear(_, let bias): bias?.count ?? 0
        case .stack(let units): units.reduce(0) { $0 + $1.parameterCount }
        }
    }

    /// Every allocated float, buffers included.
    public var floatCount: Int {
        switch self {
        case .batchNorm(let p): p.gamma.count + p.beta.count + p.mean.count + p.variance.count
        case .stack(let units): units.reduce(0) { $0 + $1.floatCount }
        case .none, .convolution, .linear, .normalization, .scale, .table, .attention, .tiedLinear: parameterCount
        }
    }
}

/// Random weights for every node of a graph, indexed by node id.
///
/// Each node draws from its own stream (seed and node path), so its values do not depend on the
/// rest of the network. Weights are uniform in ±√(3/fan_in) (variance 1/fan_in, which keeps
/// activations of deep networks in a normal float range), biases in ±1/√fan_in (PyTorch's default
/// bias bound); batch norm γ ∈ [0.5, 1.5], β, μ ∈ [−0.1, 0.1], σ² ∈ [0.5, 1.5].
public struct NetworkWeights: Sendable, Equatable {
    public var layers: [LayerWeights]

    public init(layers: [LayerWeights]) {
        self.layers = layers
    }

    public init(_ graph: Graph, seed: UInt64) {
        var layers = graph.nodes.map { node in
            Self.allocate(node, input: node.inputs.first.map { graph[$0].outputShape } ?? node.outputShape, seed: seed)
        }
        // A tied linear layer reads the table of the embedding of its shape.
        for node in graph.nodes {
            guard case .operation(.linear(let l)) = node.kind, l.tied, case .linear(_, let bias) = layers[node.id.index]
            else { continue }
            let width = graph[node.inputs[0]].outputShape.channels
            let embedding = graph.nodes.first {
                if case .operation(.embedding(let e)) = $0.kind { return e.vocabulary == l.outFeatures && e.width == width }
                return false
            }
            guard let embedding, case .table(let table) = layers[embedding.id.index] else { continue }
            layers[node.id.index] = .tiedLinear(table: table, bias: bias)
        }
        self.layers = layers
    }

    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }
    public var floatCount: Int { layers.reduce(0) { $0 + $1.floatCount } }

    static func allocate(_ node: Node, input: TensorShape, seed: UInt64) -> LayerWeights {
        var random = Xoshiro256(seed: seed, stream: node.path.description)
        switch node.kind {
        case .input, .opaque:
            return .none
        case .stack(let s):
            return .stack(s.units.map { NetworkWeights($0.graph, seed: seed) })
        case .operation(let operation):
            return allocate(operation, input: input, using: &random)
        }
    }

    static func allocate(_ operation: Operation, input: TensorShape, using random: inout Xoshiro256) -> LayerWeights {
        let inChannels = input.channels
        switch operation {
        case .convolution(let conv):
            guard let c = try? conv.resolved(inChannels: inChannels) else { return .none }
            let fanIn = (c.inChannels / c.groups) * c.kernel.area
            let count = c.outChannels * fanIn
            return .convolution(weight: random.uniformArray(count: count, in: bound(3, fanIn)),
                                bias: c.bias ? random.uniformArray(count: c.outChannels, in: bound(1, fanIn)) : nil)
        case .linear(let l) where l.tied:
            // The weight comes from the embedding (see `init(_:seed:)`).
            return .linear(weight: [], bias: l.bias ? random.uniformArray(count: l.outFeatures, in: bound(1, inChannels)) : nil)
        case .linear(let l):
            return .linear(weight: random.uniformArray(count: l.outFeatures * inChannels, in: bound(3, inChannels)),
                           bias: l.bias ? random.uniformArray(count: l.outFeatures, in: bound(1, inChannels)) : nil)
        case .batchNorm:
            return .batchNorm(BatchNormWeights(gamma: random.uniformArray(count: inChannels, in: 0.5...1.5),
                                               beta: random.uniformArray(count: inChannels, in: -0.1...0.1),
                                               mean: random.uniformArray(count: inChannels, in: -0.1...0.1),
                                               variance: random.uniformArray(count: inChannels, in: 0.5...1.5)))
        case .layerNorm, .groupNorm:
            // γ near 1, β near 0, as for batch norm.
            return .normalization(gamma: random.uniformArray(count: inChannels, in: 0.5...1.5),
                                  beta: random.uniformArray(count: inChannels, in: -0.1...0.1))
        case .layerScale:
            return .scale(random.uniformArray(count: inChannels, in: 0.5...1.5))
        case .classToken:
            return .table(random.uniformArray(count: inChannels, in: -1...1))
        case .positionEmbedding(let positions, _):
            return .table(random.uniformArray(count: (positions ?? input.dimensions[0]) * inChannels, in: -0.1...0.1))
        case .embedding(let e):
            return .table(random.uniformArray(count: e.vocabulary * e.width, in: -1...1))
        case .attention(let a):
            let d = inChannels
            var relativeBias: [Float]?
            if case .shiftedWindow(let window, _) = a.variant {
                relativeBias = random.uniformArray(count: (2 * window - 1) * (2 * window - 1) * a.heads, in: -0.1...0.1)
            }
            return .attention(AttentionWeights(
                inWeight: random.uniformArray(count: 3 * d * d, in: bound(3, d)),
                inBias: a.bias ? random.uniformArray(count: 3 * d, in: bound(1, d)) : nil,
                outWeight: random.uniformArray(count: d * d, in: bound(3, d)),
                outBias: a.bias ? random.uniformArray(count: d, in: bound(1, d)) : nil,
                relativeBias: relativeBias))
        case .activation, .softmax, .dropout, .flatten, .globalAveragePool, .pool, .channelShuffle, .add, .concat,
             .multiply, .adaptiveAveragePool, .mean, .dropPath, .tokens, .permute, .transpose, .selectToken, .matmul,
             .patchMerging:
            return .none
        }
    }

    /// `±√(numerator / fanIn)`.
    private static func bound(_ numerator: Float, _ fanIn: Int) -> ClosedRange<Float> {
        let b = (numerator / Float(max(fanIn, 1))).squareRoot()
        return -b...b
    }
}
