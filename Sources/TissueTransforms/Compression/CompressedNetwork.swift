import TissueIR
import TissueNumerics

/// A network with the compression annotations that are not graph changes: how each layer's
/// weights are stored (sparsity, sparse format, bit width, scales) and the activations'
/// precision, plus what each step found. Every method maps one `CompressedNetwork` to another, so
/// graph rewrites (pruning, low rank, separable, stacking) and annotations (sparsity,
/// quantization) compose in the order given.
public struct CompressedNetwork: Sendable, Equatable {
    public var network: Network
    /// Weight storage by layer path; a layer without an entry is dense at the base precision.
    public var storage: [NodePath: WeightStorage]
    /// Bits per activation element, or nil for the base precision.
    public var activationPrecision: Precision?
    /// What the steps found, in order.
    public var findings: [CompressionFinding]

    public init(_ network: Network) {
        self.network = network
        self.storage = [:]
        self.activationPrecision = nil
        self.findings = []
    }

    /// Drops the storage of layers a rewrite removed.
    mutating func forgetRemovedLayers() {
        guard !storage.isEmpty, let layers = try? network.graph.weightLayers() else { return }
        let present = Set(layers.map(\.path))
        storage = storage.filter { present.contains($0.key) }
    }

    /// Moves the storage of each replaced layer to the weight layers of what replaced it.
    mutating func carryStorage(_ replaced: [(path: NodePath, replacement: Graph)]) {
        for (path, replacement) in replaced {
            guard let kept = storage.removeValue(forKey: path) else { continue }
            for layer in (try? replacement.weightLayers()) ?? [] { storage[layer.path] = kept }
        }
    }
}

/// What one compression step found, for reports.
public enum CompressionFinding: Sendable, Equatable {
    /// Structured pruning or merging: every coupled group with its kept channels.
    case channelGroups(method: String, [ResizedGroup])
    /// Low rank: each factored layer.
    case factored([FactoredLayer])
    /// Separable: the convolutions split.
    case separated([NodePath])
    /// Stacking: the blocks replaced, and the reading of the ResNet rule used.
    case stacked([NodePath], rule: StackTransform.ResidualScope)
}

/// A coupled group of channels and how many of them a step kept.
public struct ResizedGroup: Sendable, Equatable {
    public var group: ChannelCoupling.Group
    /// The ratio the group was given (nil: none, it is kept whole).
    public var ratio: Fraction?
    public var kept: Int
}

/// A layer replaced by two low-rank factors.
public struct FactoredLayer: Sendable, Equatable {
    public var path: NodePath
    public var rank: Int
    public var fullRank: Int
    /// The largest rank that does not make the layer larger.
    public var breakEven: Int
}
