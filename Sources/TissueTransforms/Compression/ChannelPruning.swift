import TissueDiagnostics
import TissueIR

/// Structured channel pruning (`channels=R`): every dependency group (``ChannelCoupling``) loses
/// the fraction R of its channels, the layers that produce and read them shrinking together.
/// R is the fraction removed, as Torch-Pruning's `pruning_ratio` and NNI's `sparsity` are.
///
/// The kept count is Torch-Pruning 1.6.1's uniform local pruning
/// (`MetaPruner(..., pruning_ratio=R, global_pruning=False)`, `base_pruner.py`), in binary
/// floating point as Python computes it:
///
///     kept = ch_groups · int((n / ch_groups) · (1.0 − R))
///
/// where `ch_groups` is the group's channel grouping (``ChannelCoupling/Group/channelGroups``).
/// There is no minimum of 1: a group whose kept count would be 0 is not pruned at all (its
/// pruning would empty a layer, which Torch-Pruning's `check_pruning_group` refuses). With
/// `round=m` the kept count is then rounded down to a multiple of m (and of `ch_groups`), as
/// Torch-Pruning's `round_to` does for ungrouped layers; a count rounded to 0 again leaves the
/// group whole. Groups held by the network input or output are never pruned.
///
/// Per-layer ratios (`channels=0.25,0.5@layer3/*`) give a group the ratio of the last rule that
/// selects any layer producing its channels, as Torch-Pruning's `pruning_ratio_dict` gives a
/// group the ratio of its root layer.
public struct ChannelPruning: Sendable, Hashable {
    public var ratios: LayerRules<Fraction>
    /// Keep a multiple of this many channels (Torch-Pruning's `round_to`).
    public var round: Int?

    public init(ratios: LayerRules<Fraction>, round: Int? = nil) {
        self.ratios = ratios
        self.round = round
    }

    /// Channels a group keeps at `ratio`.
    public func kept(_ group: ChannelCoupling.Group, ratio: Fraction) -> Int {
        let n = group.channels
        guard group.held == nil, !ratio.isZero, n > 0 else { return n }
        let size = n / group.channelGroups
        var kept = group.channelGroups * Int(Double(size) * (1.0 - ratio.value))
        if let round, kept < n {
            let multiple = CouplingWalk.lcm(round, group.channelGroups)
            kept -= kept % multiple
        }
        return kept == 0 ? n : kept
    }

    public func apply(to compressed: CompressedNetwork) throws(Diagnostic) -> CompressedNetwork {
        try ChannelCoupling.resize(compressed, rules: ratios, method: "channels") { group, ratio in kept(group, ratio: ratio) }
    }
}

/// Neuron merging (`merge=R`; Zhong, Yao and Zhou, "Merging Neurons for Structure Compression of
/// Deep Networks", ICPR 2018): each layer's n neurons or channels are clustered into
/// `⌈(1−R)·n⌉` clusters (at least one), each cluster's outgoing weights summed into the next
/// layer. A merged layer has exactly the shape of a layer of that width, so the counts are those
/// of a width change: merging uses the same dependency groups as pruning (coupled channels must
/// merge alike), with its own count, computed exactly:
///
///     kept = ch_groups · ⌈(n / ch_groups) · (1 − R)⌉
///
/// It differs from `channels=` in what it keeps (a merge never rounds a group away, and it needs
/// no importance) and in the accuracy it keeps, which tissue does not model.
public struct NeuronMerging: Sendable, Hashable {
    public var ratios: LayerRules<Fraction>

    public init(ratios: LayerRules<Fraction>) {
        self.ratios = ratios
    }

    public func kept(_ group: ChannelCoupling.Group, ratio: Fraction) -> Int {
        let n = group.channels
        guard group.held == nil, !ratio.isZero, n > 0 else { return n }
        let size = n / group.channelGroups
        // ⌈size·(1 − R)⌉ = size − ⌊size·R⌋, at least 1.
        let merged = size - ((try? ratio.floor(times: size)) ?? 0)
        return group.channelGroups * max(1, merged)
    }

    public func apply(to compressed: CompressedNetwork) throws(Diagnostic) -> CompressedNetwork {
        try ChannelCoupling.resize(compressed, rules: ratios, method: "merge") { group, ratio in kept(group, ratio: ratio) }
    }
}

extension ChannelCoupling {
    /// Finds the groups, gives each its ratio and its kept count, and rewrites the network.
    static func resize(_ compressed: CompressedNetwork, rules: LayerRules<Fraction>, method: String,
                       kept: (Group, Fraction) -> Int) throws(Diagnostic) -> CompressedNetwork {
        let coupling = try ChannelCoupling(compressed.network.graph)
        let prunable = coupling.groups.filter { $0.held == nil }
        try rules.check(against: prunable.flatMap(\.producers), method: method)
        var resized: [ResizedGroup] = []
        for group in coupling.groups {
            let ratio = group.held == nil ? rules.value(forAny: group.producers) : nil
            resized.append(ResizedGroup(group: group, ratio: ratio, kept: ratio.map { kept(group, $0) } ?? group.channels))
        }
        var result = compressed
        result.network.graph = try coupling.rewrite(compressed.network.graph, kept: resized.map(\.kept))
        result.findings.append(.channelGroups(method: method, resized))
        return result
    }
}
