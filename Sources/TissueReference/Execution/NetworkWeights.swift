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
        case .scale(let values): values.count
        case .stack(let units): units.reduce(0) { $0 + $1.parameterCount }
        }
    }

    /// Every allocated float, buffers included.
    public var floatCount: Int {
        switch self {
        case .batchNorm(let p): p.gamma.count + p.beta.count + p.mean.count + p.variance.count
        case .stack(let units): units.reduce(0) { $0 + $1.floatCount }
        case .none, .convolution, .linear, .normalization, .scale: parameterCount
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
        layers = graph.nodes.map { node in
            Self.allocate(node, inChannels: node.inputs.first.map { graph[$0].outputShape.channels } ?? 0, seed: seed)
        }
    }

    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }
    public var floatCount: Int { layers.reduce(0) { $0 + $1.floatCount } }

    static func allocate(_ node: Node, inChannels: Int, seed: UInt64) -> LayerWeights {
        var random = Xoshiro256(seed: seed, stream: node.path.description)
        switch node.kind {
        case .input, .opaque:
            return .none
        case .stack(let s):
            return .stack(s.units.map { NetworkWeights($0.graph, seed: seed) })
        case .operation(let operation):
            return allocate(operation, inChannels: inChannels, using: &random)
        }
    }

    static func allocate(_ operation: Operation, inChannels: Int, using random: inout Xoshiro256) -> LayerWeights {
        switch operation {
        case .convolution(let conv):
            guard let c = try? conv.resolved(inChannels: inChannels) else { return .none }
            let fanIn = (c.inChannels / c.groups) * c.kernel.area
            let count = c.outChannels * fanIn
            return .convolution(weight: random.uniformArray(count: count, in: bound(3, fanIn)),
                                bias: c.bias ? random.uniformArray(count: c.outChannels, in: bound(1, fanIn)) : nil)
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
        case .activation, .softmax, .dropout, .flatten, .globalAveragePool, .pool, .channelShuffle, .add, .concat,
             .multiply, .adaptiveAveragePool, .mean, .dropPath:
            return .none
        }
    }

    /// `±√(numerator / fanIn)`.
    private static func bound(_ numerator: Float, _ fanIn: Int) -> ClosedRange<Float> {
        let b = (numerator / Float(max(fanIn, 1))).squareRoot()
        return -b...b
    }
}
