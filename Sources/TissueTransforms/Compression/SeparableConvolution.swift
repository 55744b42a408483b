import TissueDiagnostics
import TissueIR

/// Depthwise separable convolutions (`separable`): each k×k convolution with one group (k > 1 on
/// either axis) C → N becomes a depthwise k×k convolution on the C channels (the original
/// stride, padding and dilation, no bias) followed by a pointwise 1×1 convolution C → N (the
/// original bias): C·k² + N·C weights instead of N·C·k², and H'W'·C·k² + H'W'·N·C MACs
/// (Howard et al., "MobileNets", 2017; Chollet, "Xception", CVPR 2017).
///
/// Placement: as in Xception's separable convolution, nothing sits between the two parts; the
/// original layer's batch norm and activation follow the pointwise convolution, where they were.
/// (MobileNet puts a BN and ReLU after the depthwise part too; add them by hand to count them.)
///
/// `groups=G` makes the spatial part a G-group convolution C → C instead (G must divide C; G = C
/// is the depthwise case): Xception's spectrum from a regular convolution (G = 1) to the
/// depthwise separable one, with C·(C/G)·k² + N·C weights.
public struct SeparableConvolution: Sendable, Hashable {
    /// Groups of the spatial part; nil for depthwise (one per input channel).
    public var groups: Int?
    /// The layers split: those any of these globs selects, or every eligible one when empty.
    public var layers: [PathGlob]

    public init(groups: Int? = nil, layers: [PathGlob] = []) {
        self.groups = groups
        self.layers = layers
    }

    /// The convolution resolved on its input, when it is one that is split.
    static func eligible(_ node: Node, input: TensorShape) -> Convolution.Resolved? {
        guard case .operation(.convolution(let convolution)) = node.kind,
              let c = try? convolution.resolved(inChannels: input.channels),
              c.groups == 1, c.kernel.area > 1 else { return nil }
        return c
    }

    public func apply(to compressed: CompressedNetwork) throws(Diagnostic) -> CompressedNetwork {
        let eligible = compressed.network.graph.layerPaths { node, _, input in Self.eligible(node, input: input) != nil }
        guard !eligible.isEmpty else {
            throw Diagnostic(.compression(.nothingToCompress(method: "separable", what: "convolutions wider than 1x1 with one group")),
                             at: nil)
        }
        try LayerRules(layers.map { .init(true, glob: $0) }).check(against: eligible, method: "separable")
        let (graph, replaced) = try compressed.network.graph.replacingLayers {
            (node: Node, input: TensorShape) throws(Diagnostic) -> Graph? in
            guard let c = Self.eligible(node, input: input),
                  layers.isEmpty || layers.contains(where: { $0.selects(node.path) }) else { return nil }
            let spatial: Convolution
            if let groups, groups != c.inChannels {
                guard c.inChannels % groups == 0 else {
                    throw Diagnostic(.compression(.groupsDoNotDivide(path: node.path.description, channels: c.inChannels,
                                                                     groups: groups)), at: nil)
                }
                spatial = Convolution(outChannels: c.inChannels, kernel: c.kernel, stride: c.stride, padding: c.padding,
                                      dilation: c.dilation, groups: groups, bias: false)
            } else {
                spatial = Convolution(filters: .depthwise(multiplier: 1), kernel: c.kernel, stride: c.stride, padding: c.padding,
                                      dilation: c.dilation, bias: false)
            }
            let pointwise = Convolution(outChannels: c.outChannels, kernel: .one, bias: c.bias)
            return try Graph.pair(.convolution(spatial), .convolution(pointwise), input: input, replacing: node,
                                  suffixes: (groups == nil ? "-depthwise" : "-grouped", "-pointwise"))
        }
        var result = compressed
        result.network.graph = graph
        result.carryStorage(replaced)
        result.findings.append(.separated(replaced.map(\.path)))
        return result
    }
}
