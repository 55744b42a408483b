import TissueDiagnostics
import TissueIR
import TissueNumerics

/// Low-rank factorisation (`rank=K` or `rank=F`): a layer's weight matrix W (m × n) is replaced by
/// two factors of rank k, so the layer becomes two layers with k(m + n) weights instead of mn
/// (the seed's "A = A₁A₂ with A₁ ∈ R^{m×k}, A₂ ∈ R^{k×n}"; Denton et al., "Exploiting Linear
/// Structure Within Convolutional Networks for Efficient Evaluation", NeurIPS 2014):
///
/// | layer | factors | weights | full rank |
/// |---|---|---|---|
/// | `linear` n → m | `linear k` (no bias), `linear m` | k·(n + m) | min(m, n) |
/// | `conv` C → N, d₁×d₂, `conv=channel` (SVD over channels; Zhang et al., "Accelerating Very Deep Convolutional Networks", TPAMI 2016) | `conv k` d₁×d₂ (the stride, padding and dilation; no bias), `conv N` 1×1 | k·(C·d₁d₂ + N) | min(N, C·d₁d₂) |
/// | `conv` C → N, d₁×d₂, `conv=spatial` (Jaderberg, Vedaldi and Zisserman, "Speeding up Convolutional Neural Networks with Low Rank Expansions", BMVC 2014, scheme 2) | `conv k` d₁×1 (vertical stride, padding, dilation; no bias), `conv N` 1×d₂ (horizontal ones) | k·(C·d₁ + N·d₂) | min(C·d₁, N·d₂) |
///
/// The bias, when there is one, goes on the second factor. Grouped and depthwise convolutions
/// are left as they are, and so is a layer that no rank makes smaller. K is the rank itself; F (written with a point, `0.25`) keeps
/// ⌊F · full rank⌋ (at least 1). A rank that makes a layer larger than it was — more factor
/// weights than weights — is an error that names the layer and its *break-even rank*
/// ⌊mn / (per-rank weights)⌋, the largest rank that does not.
public struct LowRank: Sendable, Hashable {
    public enum Rank: Sendable, Hashable {
        case rank(Int)
        /// A fraction of the full rank kept.
        case fraction(Fraction)
    }

    public enum Scheme: String, Sendable, Hashable, CaseIterable {
        case channel, spatial
    }

    public var ranks: LayerRules<Rank>
    public var scheme: Scheme

    public init(ranks: LayerRules<Rank>, scheme: Scheme = .channel) {
        self.ranks = ranks
        self.scheme = scheme
    }

    /// A layer's weights under the scheme, per unit of rank, and its full rank.
    public struct Shape: Sendable, Hashable {
        public var weights: Int
        public var perRank: Int
        public var fullRank: Int

        /// The largest rank whose factors have no more weights than the layer.
        public var breakEven: Int { weights / perRank }

        /// The rank a setting gives this layer.
        public func rank(_ setting: Rank) -> Int {
            switch setting {
            case .rank(let k): k
            case .fraction(let f): max(1, (try? f.floor(times: fullRank)) ?? 1)
            }
        }
    }

    /// The factoring shape of a layer, or nil when the layer is not factored: no weights, a
    /// grouped convolution, or a layer that no rank makes smaller (break-even rank 0, such as a
    /// depthwise filter on one channel).
    public func shape(_ operation: Operation, input: TensorShape) -> Shape? {
        guard let shape = fullShape(operation, input: input), shape.breakEven >= 1 else { return nil }
        return shape
    }

    func fullShape(_ operation: Operation, input: TensorShape) -> Shape? {
        switch operation {
        case .convolution(let convolution):
            guard let c = try? convolution.resolved(inChannels: input.channels), c.groups == 1,
                  let columns = try? Checked.product(c.inChannels, c.kernel.height, c.kernel.width),
                  let weights = try? Checked.multiply(c.outChannels, columns) else { return nil }
            switch scheme {
            case .channel:
                return Shape(weights: weights, perRank: columns + c.outChannels, fullRank: min(c.outChannels, columns))
            case .spatial:
                let rows = c.inChannels * c.kernel.height, cols = c.outChannels * c.kernel.width
                return Shape(weights: weights, perRank: rows + cols, fullRank: min(rows, cols))
            }
        case .linear(let linear):
            // A tied projection shares the embedding's table: factoring it would untie it.
            guard !linear.tied, let weights = try? Checked.multiply(input.channels, linear.outFeatures) else { return nil }
            return Shape(weights: weights, perRank: input.channels + linear.outFeatures,
                         fullRank: min(input.channels, linear.outFeatures))
        case .batchNorm, .activation, .softmax, .dropout, .flatten, .globalAveragePool, .pool, .channelShuffle, .add,
             .concat, .multiply, .layerScale, .layerNorm, .groupNorm, .adaptiveAveragePool, .mean, .dropPath, .tokens,
             .permute, .transpose, .classToken, .positionEmbedding, .selectToken, .embedding, .attention, .matmul,
             .patchMerging:
            return nil
        }
    }

    /// The two factors of rank `k` that replace a layer.
    func factors(_ operation: Operation, rank k: Int) -> (Operation, Operation)? {
        switch operation {
        case .convolution(let c):
            guard case .grouped(let out, _) = c.filters else { return nil }
            switch scheme {
            case .channel:
                return (.convolution(Convolution(outChannels: k, kernel: c.kernel, stride: c.stride, padding: c.padding,
                                                 dilation: c.dilation, bias: false)),
                        .convolution(Convolution(outChannels: out, kernel: .one, bias: c.bias)))
            case .spatial:
                return (.convolution(Convolution(outChannels: k, kernel: Pair(c.kernel.height, 1), stride: Pair(c.stride.height, 1),
                                                 padding: Pair(c.padding.height, 0), dilation: Pair(c.dilation.height, 1),
                                                 bias: false)),
                        .convolution(Convolution(outChannels: out, kernel: Pair(1, c.kernel.width), stride: Pair(1, c.stride.width),
                                                 padding: Pair(0, c.padding.width), dilation: Pair(1, c.dilation.width),
                                                 bias: c.bias)))
            }
        case .linear(let l):
            return (.linear(Linear(outFeatures: k, bias: false)), .linear(Linear(outFeatures: l.outFeatures, bias: l.bias)))
        case .batchNorm, .activation, .softmax, .dropout, .flatten, .globalAveragePool, .pool, .channelShuffle, .add,
             .concat, .multiply, .layerScale, .layerNorm, .groupNorm, .adaptiveAveragePool, .mean, .dropPath, .tokens,
             .permute, .transpose, .classToken, .positionEmbedding, .selectToken, .embedding, .attention, .matmul,
             .patchMerging:
            return nil
        }
    }

    public func apply(to compressed: CompressedNetwork) throws(Diagnostic) -> CompressedNetwork {
        let eligible = compressed.network.graph.layerPaths { _, operation, input in shape(operation, input: input) != nil }
        guard !eligible.isEmpty else {
            throw Diagnostic(.compression(.nothingToCompress(method: "rank", what: "linear layers and convolutions with one group")),
                             at: nil)
        }
        try ranks.check(against: eligible, method: "rank")
        var factored: [FactoredLayer] = []
        let (graph, replaced) = try compressed.network.graph.replacingLayers { (node: Node, input: TensorShape) throws(Diagnostic) -> Graph? in
            guard case .operation(let operation) = node.kind, let shape = shape(operation, input: input),
                  let setting = ranks.value(for: node.path) else { return nil }
            let k = shape.rank(setting)
            let factorWeights = (try? Checked.multiply(k, shape.perRank)) ?? Int.max
            guard factorWeights <= shape.weights, let (first, second) = factors(operation, rank: k) else {
                throw Diagnostic(.compression(.rankTooLarge(path: node.path.description, rank: k, weights: shape.weights,
                                                            factorWeights: factorWeights, breakEven: shape.breakEven)),
                                 at: nil)
            }
            factored.append(FactoredLayer(path: node.path, rank: k, fullRank: shape.fullRank, breakEven: shape.breakEven))
            return try Graph.pair(first, second, input: input, replacing: node, suffixes: ("-factor1", "-factor2"))
        }
        var result = compressed
        result.network.graph = graph
        result.carryStorage(replaced)
        result.findings.append(.factored(factored))
        return result
    }
}
