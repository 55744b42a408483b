import TissueDiagnostics
import TissueIR

/// The closed set of compression methods `tissue compress` applies, each with its configuration.
/// Every method maps a ``CompressedNetwork`` to another: a graph rewrite built with
/// `GraphRewriter` (channels, merge, rank, separable, stack) or an annotation of the weight
/// storage (sparsity, quantize). Methods compose in the order given (``apply(_:to:)``).
public enum CompressionMethod: Sendable {
    case channels(ChannelPruning)
    case merge(NeuronMerging)
    case sparsity(Sparsification)
    case rank(LowRank)
    case separable(SeparableConvolution)
    case quantize(Quantization)
    case stack(StackTransform)

    public var family: CompressionFamily {
        switch self {
        case .channels: .channels
        case .merge: .merge
        case .sparsity: .sparsity
        case .rank: .rank
        case .separable: .separable
        case .quantize: .quantize
        case .stack: .stack
        }
    }

    public func apply(to compressed: CompressedNetwork) throws(Diagnostic) -> CompressedNetwork {
        var result: CompressedNetwork
        switch self {
        case .channels(let pruning): result = try pruning.apply(to: compressed)
        case .merge(let merging): result = try merging.apply(to: compressed)
        case .sparsity(let sparsification): result = try sparsification.apply(to: compressed)
        case .rank(let lowRank): result = try lowRank.apply(to: compressed)
        case .separable(let separable): result = try separable.apply(to: compressed)
        case .quantize(let quantization): result = try quantization.apply(to: compressed)
        case .stack(let transform):
            let (network, replaced) = try transform.apply(to: compressed.network)
            result = compressed
            result.network.graph = network.graph
            result.network.metadata.accuracy = nil
            result.findings.append(.stacked(replaced.map(\.path), rule: transform.residualScope))
        }
        result.forgetRemovedLayers()
        return result
    }

    /// `methods` applied in order to `network`.
    public static func apply(_ methods: [CompressionMethod], to network: Network) throws(Diagnostic) -> CompressedNetwork {
        var compressed = CompressedNetwork(network)
        for method in methods { compressed = try method.apply(to: compressed) }
        return compressed
    }
}

/// The names of the methods, what each accepts, and the values a search (`?`) tries.
public enum CompressionFamily: String, Sendable, CaseIterable {
    case channels, merge, sparsity, rank, separable, quantize, stack

    /// The settings `KEY=VALUE` the method accepts besides its value.
    public var settings: [String] {
        switch self {
        case .channels: ["round"]
        case .merge: []
        case .sparsity: ["format", "index-bits"]
        case .rank: ["conv"]
        case .separable: ["groups"]
        case .quantize: ["scale", "activations"]
        case .stack: ["piece", "replace", "residual"]
        }
    }

    /// A typical spec, for messages.
    public var example: String {
        switch self {
        case .channels: "channels=0.5"
        case .merge: "merge=0.5"
        case .sparsity: "sparsity=0.9,format=csr"
        case .rank: "rank=0.25"
        case .separable: "separable"
        case .quantize: "quantize=8"
        case .stack: "stack=4,piece=2"
        }
    }

    /// The values `?` tries, from the one that keeps the most to the one that keeps the least:
    /// ratios removed 0, 0.01, …, 0.99; rank fractions kept 0.99 down to 0.01; bits 32 down to 1;
    /// hidden widths 64 down to 1. Nil for a method without a value.
    public var searchGrid: [String]? {
        func hundredths(_ i: Int) -> String { i == 0 ? "0" : i % 10 == 0 ? "0.\(i / 10)" : i < 10 ? "0.0\(i)" : "0.\(i)" }
        switch self {
        case .channels, .merge, .sparsity: return (0...99).map(hundredths)
        case .rank: return (1...99).reversed().map(hundredths)
        case .quantize: return (1...32).reversed().map(String.init)
        case .stack: return (1...64).reversed().map(String.init)
        case .separable: return nil
        }
    }
}
