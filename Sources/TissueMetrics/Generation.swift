import TissueIR
import TissueNumerics

/// What generating text costs with a decoder (a network with causal attention): the MACs of one
/// new token at a position, with a KV cache holding the keys and values of the positions before,
/// and the size of that cache.
///
/// One token at position `p` (0-based) runs every layer once, on one token, and each causal
/// attention over `p + 1` keys and values:
///
///     token MACs(p) = MACs(network on 1 token) + Σ_attention 2·p·D
///
/// which for GPT-2 small (12 layers, width D = 768, vocabulary V) is `12·(12D² + 2(p+1)D) + D·V`.
/// The cache holds a key and a value of width D per attention layer, position and sequence:
///
///     cache elements = Σ_attention 2·context·D·batch,   bytes = ⌈elements · bits / 8⌉
public struct Generation: Sendable, Equatable {
    public var position: Int?
    /// Standard MACs of one token at ``position``.
    public var tokenMACs: Int?
    public var context: Int
    public var batch: Int
    public var precision: Precision
    public var cacheElements: Int
    public var cacheBytes: Int
    /// Causal attention layers, each caching keys and values.
    public var attentionLayers: Int

    public enum Problem: Error, Sendable, Equatable {
        /// The network has no causal attention: it does not generate token by token.
        case notADecoder
        /// A position at or beyond the context.
        case positionBeyondContext(position: Int, context: Int)
        case countOverflow
        case graph(GraphError)
    }

    /// The costs of `network` at `position` (nil: the cache only), for a `context` of tokens
    /// (nil: the network's sequence length), `batch` sequences and cache entries of `precision`.
    public init(_ network: Network, position: Int?, context: Int?, batch: Int = 1,
                precision: Precision = .float32) throws(Problem) {
        let graph = network.graph
        let attention = graph.nodes.compactMap { node -> Int? in
            guard case .operation(.attention(let a)) = node.kind, a.isCausal else { return nil }
            return graph[node.inputs[0]].outputShape.channels
        }
        guard !attention.isEmpty else { throw .notADecoder }
        let sequence = graph.inputShape.dimensions.first ?? 1
        let context = context ?? sequence
        if let position, position >= context { throw .positionBeyondContext(position: position, context: context) }
        self.position = position
        self.context = context
        self.batch = batch
        self.precision = precision
        attentionLayers = attention.count
        do {
            cacheElements = try Checked.sum(try attention.map { width throws(Checked.Overflow) in
                try Checked.product(2, context, width, batch)
            })
            cacheBytes = try precision.bytes(cacheElements)
            if let position {
                var one = graph.inputShape.dimensions
                one[0] = 1
                let single = try graph.reinferred(inputShapes: [TensorShape(one, layout: graph.inputShape.layout)])
                let (_, totals) = try Analysis.analyze(single, convention: .standard)
                let cached = try Checked.sum(try attention.map { width throws(Checked.Overflow) in
                    try Checked.product(2, position, width)
                })
                tokenMACs = try Checked.add(totals.macs, cached)
            }
        } catch let error as GraphError {
            throw .graph(error)
        } catch {
            throw .countOverflow
        }
    }
}
