import TissueDiagnostics
import TissueIR

extension StackTransform {
    /// Every candidate in the network's top-level sequence, in order.
    public static func candidates(in graph: Graph) throws(Diagnostic) -> [Candidate] {
        guard let items = graph.regions else { throw Diagnostic(.transformNeedsLayout, at: nil) }
        var result: [Candidate] = []
        var stackedSinceNormalConv = false
        var index = 0
        while index < items.count {
            if case .residual(let body, _, _, let path) = items[index], let c = residualCandidate(body, path, graph) {
                result.append(c)
            } else if let pair = pairCandidate(items, at: index, graph) ?? separableCandidate(items, at: index, graph),
                      !stackedSinceNormalConv {
                result.append(pair)
                stackedSinceNormalConv = true
                index += pair.nodes.count
                continue
            } else if let run = hiddenLayersCandidate(items, at: index, graph) {
                result.append(run)
                // The reading linear layer is part of the replacement.
                index += run.nodes.count
                continue
            } else if case .node(let id) = items[index], case .operation(.convolution) = graph[id].kind {
                stackedSinceNormalConv = false
            }
            index += 1
        }
        return result
    }

    /// `conv k3 p1 (stride s)` with one group and no dilation, resolved on its input.
    static func plainConv3(_ node: Node, _ graph: Graph, stride: Int? = nil) -> Convolution.Resolved? {
        guard let c = convolution(node, graph, kernel: 3), c.groups == 1 else { return nil }
        if let stride, c.stride.height != stride { return nil }
        return c
    }

    /// A square `k`×`k` convolution padded by ⌊k/2⌋, with equal strides and no dilation, resolved on its input.
    static func convolution(_ node: Node, _ graph: Graph, kernel k: Int) -> Convolution.Resolved? {
        guard case .operation(.convolution(let conv)) = node.kind, conv.kernel == Pair(square: k),
              conv.padding == Pair(square: k / 2), conv.dilation == .one, conv.stride.height == conv.stride.width,
              let c = try? conv.resolved(inChannels: graph[node.inputs[0]].outputShape.channels) else { return nil }
        return c
    }

    /// A 1×1 convolution with one group and stride 1.
    static func pointwise(_ node: Node, _ graph: Graph) -> Convolution.Resolved? {
        guard let c = convolution(node, graph, kernel: 1), c.groups == 1, c.stride == .one else { return nil }
        return c
    }

    /// The nodes of a run of single-node regions, or nil if one is a composite.
    static func nodes(_ items: ArraySlice<Region>, _ graph: Graph) -> [Node]? {
        var nodes: [Node] = []
        for item in items {
            guard case .node(let id) = item else { return nil }
            nodes.append(graph[id])
        }
        return nodes
    }

    static func isBatchNorm(_ node: Node) -> Bool { node.kind == .operation(.batchNorm) }
    static func isReLU(_ node: Node) -> Bool { node.kind == .operation(.activation(.relu)) }
    static func isReLU6(_ node: Node) -> Bool { node.kind == .operation(.activation(.relu6)) }

    static func residualCandidate(_ body: [Region], _ path: NodePath, _ graph: Graph) -> Candidate? {
        guard let n = nodes(body[...], graph) else { return nil }
        return basicBlock(n, path, graph) ?? bottleneck(n, path, graph) ?? invertedResidual(n, path, graph)
    }

    static func basicBlock(_ n: [Node], _ path: NodePath, _ graph: Graph) -> Candidate? {
        guard n.count == 5, let first = plainConv3(n[0], graph), isBatchNorm(n[1]), isReLU(n[2]),
              let second = plainConv3(n[3], graph, stride: 1), isBatchNorm(n[4]) else { return nil }
        return Candidate(kind: .basicBlock, path: path, inputWidth: first.inChannels, outputWidth: second.outChannels,
                         firstWidth: first.outChannels, stride: first.stride.height, nodes: n.map(\.id),
                         location: n[0].location, prefix: path)
    }

    /// torchvision's Bottleneck (stride on the 3×3, "ResNet v1.5"); its conv3×3–bn–relu is the
    /// stacked part. The authors' `BunitBottleneck` (Part II/bunit_resnet.py) makes it
    /// `Unit(width//2, 4, 2, stride)`, i.e. `stack (w/2) x bu(2, C2, 2, stride)` then ReLU (their
    /// `Concat`); their `forward` passes the block input `x` rather than `out` to the units and
    /// leaves `bn2` unused, a slip (the units are sized for `out`'s w channels; on `x`, 4·w wide in
    /// all but a stage's first block, `Concat` uses its first w channels and `conv1` is wasted):
    /// the stacked layer here reads the 1×1 convolution's output, as the constructor intends.
    static func bottleneck(_ n: [Node], _ path: NodePath, _ graph: Graph) -> Candidate? {
        guard n.count == 8, pointwise(n[0], graph) != nil, isBatchNorm(n[1]), isReLU(n[2]),
              let middle = plainConv3(n[3], graph), isBatchNorm(n[4]), isReLU(n[5]),
              pointwise(n[6], graph) != nil, isBatchNorm(n[7]) else { return nil }
        return Candidate(kind: .bottleneck, path: path, inputWidth: middle.inChannels, outputWidth: middle.outChannels,
                         firstWidth: middle.outChannels, stride: middle.stride.height, nodes: n[3...5].map(\.id),
                         location: n[3].location, prefix: path)
    }

    /// MobileNetV2's inverted residual with an identity shortcut: its whole body becomes units
    /// `iru(C1, C2, C1·b/a)` on pieces of its channels.
    static func invertedResidual(_ n: [Node], _ path: NodePath, _ graph: Graph) -> Candidate? {
        guard n.count == 8, let expand = pointwise(n[0], graph), isBatchNorm(n[1]), isReLU6(n[2]),
              let depthwise = convolution(n[3], graph, kernel: 3), depthwise.isDepthwise,
              depthwise.outChannels == depthwise.inChannels, !depthwise.bias, isBatchNorm(n[4]), isReLU6(n[5]),
              let project = pointwise(n[6], graph), isBatchNorm(n[7]) else { return nil }
        return Candidate(kind: .invertedResidual, path: path, inputWidth: expand.inChannels,
                         outputWidth: project.outChannels, firstWidth: expand.outChannels,
                         stride: depthwise.stride.height, nodes: n.map(\.id), location: n[0].location, prefix: path)
    }

    static func pairCandidate(_ items: [Region], at index: Int, _ graph: Graph) -> Candidate? {
        guard index + 6 <= items.count, let n = nodes(items[index..<index + 6], graph),
              let first = plainConv3(n[0], graph, stride: 1), isBatchNorm(n[1]), isReLU(n[2]),
              let second = plainConv3(n[3], graph, stride: 1), isBatchNorm(n[4]), isReLU(n[5]) else { return nil }
        // The stem stays normal.
        if case .input = graph[n[0].inputs[0]].kind { return nil }
        return Candidate(kind: .convPair, path: n[0].path, inputWidth: first.inChannels, outputWidth: second.outChannels,
                         firstWidth: first.outChannels, stride: 1, nodes: n.map(\.id), location: n[0].location,
                         prefix: stackedPrefix(n[0].path))
    }

    /// MobileNet v1's pointwise conv (a → b), the next block's depthwise conv (with its stride)
    /// and pointwise conv (b → c), each with bn and ReLU: the separable analogue of a conv pair,
    /// `stack (a/C1) x pdu(C1, C2, C1·c/a, stride)` then ReLU. The depthwise convolution before
    /// it stays normal, so a normal layer separates two stacked ones (Section 3.3).
    static func separableCandidate(_ items: [Region], at index: Int, _ graph: Graph) -> Candidate? {
        guard index + 9 <= items.count, let n = nodes(items[index..<index + 9], graph),
              let first = pointwise(n[0], graph), isBatchNorm(n[1]), isReLU(n[2]),
              let depthwise = convolution(n[3], graph, kernel: 3), depthwise.isDepthwise,
              depthwise.outChannels == depthwise.inChannels, isBatchNorm(n[4]), isReLU(n[5]),
              let last = pointwise(n[6], graph), isBatchNorm(n[7]), isReLU(n[8]) else { return nil }
        if case .input = graph[n[0].inputs[0]].kind { return nil }
        return Candidate(kind: .separable, path: n[0].path, inputWidth: first.inChannels, outputWidth: last.outChannels,
                         firstWidth: first.outChannels, stride: depthwise.stride.height, nodes: n.map(\.id),
                         location: n[0].location, prefix: stackedPrefix(n[0].path))
    }

    /// Two or more linear–relu layers on a vector, then the linear layer that reads them (the
    /// paper's MLP 784-500-300-10: its hidden layers 784-500-300 become one stacked layer of
    /// units `mu(C1, C2, C1)`, Section 4.3). Unlike a convolution pair, the first layer may read
    /// the network input: an MLP has no stem.
    static func hiddenLayersCandidate(_ items: [Region], at index: Int, _ graph: Graph) -> Candidate? {
        var layers: [Node] = []
        var end = index
        while end + 1 < items.count, let pair = nodes(items[end...end + 1], graph),
              case .operation(.linear(let linear)) = pair[0].kind, !linear.tied, isReLU(pair[1]),
              graph[pair[0].inputs[0]].outputShape.isVector {
            layers += pair
            end += 2
        }
        guard layers.count >= 4, end < items.count, case .node(let readerID) = items[end],
              case .operation(.linear) = graph[readerID].kind else { return nil }
        let reader = graph[readerID]
        let a = graph[layers[0].inputs[0]].outputShape.channels
        let c = graph[layers[layers.count - 2].id].outputShape.channels
        return Candidate(kind: .hiddenLayers, path: layers[0].path, inputWidth: a, outputWidth: c,
                         firstWidth: layers[0].outputShape.channels, stride: 1,
                         nodes: layers.map(\.id) + [readerID], location: layers[0].location,
                         prefix: stackedPrefix(layers[0].path), reader: reader)
    }

    /// `conv3` → `conv3-stacked`, in the same block.
    static func stackedPrefix(_ path: NodePath) -> NodePath {
        let last = (path.components.last ?? "") + "-stacked"
        return path.parent == path ? NodePath([last]) : path.parent.appending(last)
    }
}
