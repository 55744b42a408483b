import TissueDiagnostics
import TissueIR

extension StackTransform {
    /// A block or pair that the rule can stack.
    public struct Candidate: Sendable, Equatable {
        public enum Kind: Sendable { case residual, pair }
        public var kind: Kind
        /// The residual block's path, or the pair's first convolution's.
        public var path: NodePath
        /// Input width a and output width b (c for a pair).
        public var inputWidth: Int
        public var outputWidth: Int
        /// The first convolution's output width.
        public var firstWidth: Int
        public var stride: Int
        /// The nodes of the body (conv1, bn1, relu, conv2, bn2) or of the pair (…, relu2), in order.
        public var nodes: [NodeID]
        public var location: SourceLocation?
        /// Where the replacement's nodes are named: the residual's path, or for a pair the place
        /// of its first convolution (`conv3` → `conv3-stacked`).
        public var prefix: NodePath

        /// The nodes the stacked layer replaces: the residual's body (or its first
        /// conv–bn–relu), or the pair's six layers.
        public func replaced(_ scope: ResidualScope) -> [NodeID] {
            switch kind {
            case .pair: nodes
            case .residual: scope == .first ? Array(nodes.prefix(3)) : nodes
            }
        }
    }

    /// Every candidate in the network's top-level sequence, in order.
    public static func candidates(in graph: Graph) throws(Diagnostic) -> [Candidate] {
        guard let items = graph.regions else { throw Diagnostic(.transformNeedsLayout, at: nil) }
        var result: [Candidate] = []
        var stackedSinceNormalConv = false
        var index = 0
        while index < items.count {
            if case .residual(let body, _, _, let path) = items[index], let c = residualCandidate(body, path, graph) {
                result.append(c)
            } else if let pair = pairCandidate(items, at: index, graph), !stackedSinceNormalConv {
                result.append(pair)
                stackedSinceNormalConv = true
                index += 6
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
        guard case .operation(.convolution(let conv)) = node.kind, case .grouped(_, 1) = conv.filters,
              conv.kernel == Pair(3, 3), conv.padding == Pair(1, 1), conv.dilation == .one,
              conv.stride.height == conv.stride.width,
              let c = try? conv.resolved(inChannels: graph[node.inputs[0]].outputShape.channels) else { return nil }
        if let stride, c.stride.height != stride { return nil }
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

    static func residualCandidate(_ body: [Region], _ path: NodePath, _ graph: Graph) -> Candidate? {
        guard body.count == 5, let n = nodes(body[...], graph),
              let first = plainConv3(n[0], graph), isBatchNorm(n[1]), isReLU(n[2]),
              let second = plainConv3(n[3], graph, stride: 1), isBatchNorm(n[4]) else { return nil }
        return Candidate(kind: .residual, path: path, inputWidth: first.inChannels, outputWidth: second.outChannels,
                         firstWidth: first.outChannels, stride: first.stride.height, nodes: n.map(\.id),
                         location: n[0].location, prefix: path)
    }

    static func pairCandidate(_ items: [Region], at index: Int, _ graph: Graph) -> Candidate? {
        guard index + 6 <= items.count, let n = nodes(items[index..<index + 6], graph),
              let first = plainConv3(n[0], graph, stride: 1), isBatchNorm(n[1]), isReLU(n[2]),
              let second = plainConv3(n[3], graph, stride: 1), isBatchNorm(n[4]), isReLU(n[5]) else { return nil }
        // The stem stays normal.
        if case .input = graph[n[0].inputs[0]].kind { return nil }
        let path = n[0].path
        let prefix = path.parent == path ? NodePath([(path.components.last ?? "") + "-stacked"])
                                         : path.parent.appending((path.components.last ?? "") + "-stacked")
        return Candidate(kind: .pair, path: path, inputWidth: first.inChannels, outputWidth: second.outChannels,
                         firstWidth: first.outChannels, stride: 1, nodes: n.map(\.id), location: n[0].location,
                         prefix: prefix)
    }
}
