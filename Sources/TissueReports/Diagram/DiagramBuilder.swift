import TissueIR
import TissueNumerics

/// Turns a graph and its analysis into diagram items: regions become parallel items, stacked
/// layers become their units side by side, and nodes sharing a path prefix of `depth`
/// components become one block.
struct DiagramBuilder {
    let graph: Graph
    /// The analysed layer of each node, by node index (nil for inputs).
    let costs: [LayerCost?]
    let depth: Int?

    /// Runs longer than this are drawn as their first two units, an ellipsis and the last.
    static let unitsShownInFull = 4

    init(graph: Graph, layers: [LayerCost], depth: Int?) {
        var costs = [LayerCost?](repeating: nil, count: graph.nodes.count)
        var next = layers.startIndex
        for node in graph.nodes where next < layers.endIndex {
            if case .input = node.kind { continue }
            costs[node.id.index] = layers[next]
            next += 1
        }
        self.graph = graph
        self.costs = costs
        self.depth = depth
    }

    /// The input box and the series-parallel tree; nil when the graph has no such layout.
    func items() -> [DiagramItem]? {
        guard let regions = graph.regions else { return nil }
        return [.box(inputBox(graph.input))] + items(regions)
    }

    /// The roll-up key of a node: its first `depth` path components.
    func key(_ id: NodeID) -> [String]? {
        depth.map { Array(graph[id].path.components.prefix($0)) }
    }

    /// The key every node of `region` shares, if they share one.
    func sharedKey(_ region: Region) -> [String]? {
        let keys = region.nodes.map(key)
        guard let first = keys.first, let key = first, keys.allSatisfy({ $0 == key }) else { return nil }
        return key
    }

    /// A sequence of regions; consecutive regions of one key become one block box.
    func items(_ regions: [Region]) -> [DiagramItem] {
        var result: [DiagramItem] = []
        var index = regions.startIndex
        while index < regions.endIndex {
            if let key = sharedKey(regions[index]) {
                var end = index + 1
                while end < regions.endIndex, sharedKey(regions[end]) == key { end += 1 }
                let nodes = regions[index..<end].flatMap(\.nodes)
                if nodes.count > 1 {
                    result.append(.box(blockBox(nodes, key: key)))
                    index = end
                    continue
                }
            }
            result.append(item(regions[index]))
            index += 1
        }
        return result
    }

    func item(_ region: Region) -> DiagramItem {
        switch region {
        case .node(let id):
            if let stack = graph[id].stack, depth.map({ $0 > graph[id].path.components.count }) ?? true {
                return stackItem(id, stack)
            }
            return .box(layerBox(id))
        case .residual(let body, let shortcut, let join, _):
            return .parallel(branches: [items(body), items(shortcut ?? [])], join: layerBox(join))
        case .concat(let branches, let join, _):
            return .parallel(branches: branches.map(items), join: layerBox(join))
        case .scale(let body, let join, _):
            return .parallel(branches: [items(body), []], join: layerBox(join))
        case .matmul(let left, let right, let join, _):
            return .parallel(branches: [items(left), items(right)], join: layerBox(join))
        }
    }

    // MARK: Boxes

    func inputBox(_ id: NodeID) -> DiagramBox {
        let node = graph[id]
        let name = if case .input(let name) = node.kind { name } else { "input" }
        return DiagramBox(role: .input, title: name, detail: node.outputShape.description, path: node.path.description,
                          cost: nil, fingerprint: "input \(node.outputShape)")
    }

    func cost(_ id: NodeID) -> Cost { costs[id.index]?.cost ?? .zero }

    func summary(_ id: NodeID) -> String {
        let node = graph[id]
        return node.kind.summary(inChannels: node.inputs.first.map { graph[$0].outputShape.channels } ?? 0)
    }

    func fingerprint(_ id: NodeID) -> String {
        let c = cost(id)
        return "\(summary(id)) \(graph[id].outputShape) \(c.params),\(c.macs),\(c.flops),\(c.activations)"
    }

    func layerBox(_ id: NodeID) -> DiagramBox {
        DiagramBox(role: .layer, title: summary(id), detail: graph[id].outputShape.description,
                   path: graph[id].path.description, cost: cost(id), fingerprint: fingerprint(id))
    }

    /// Nodes rolled up into one box named by their common path prefix; the last node's shape
    /// is the block's output.
    func blockBox(_ nodes: [NodeID], key: [String]) -> DiagramBox {
        // Parts of an analysis whose totals did not overflow cannot overflow either.
        let total = nodes.reduce(Cost.zero) { (try? $0.adding(cost($1))) ?? $0 }
        let output = nodes.last.map { graph[$0].outputShape.description } ?? ""
        let name = key.joined(separator: "/")
        return DiagramBox(role: .block(layers: nodes.count), title: name, detail: "\(nodes.count) layers · \(output)",
                          path: name, cost: total, fingerprint: nodes.map(fingerprint).joined(separator: "; "))
    }

    // MARK: Stacked layers

    /// A stacked layer as its units side by side on their channel pieces; a run of more than
    /// ``unitsShownInFull`` units as its first two, an ellipsis with the count, and its last.
    func stackItem(_ id: NodeID, _ stack: Stack) -> DiagramItem {
        let node = graph[id]
        let unitCosts = costs[id.index]?.units ?? []
        let names = NodePath.componentNames(stack.units.map(\.name))
        var columns: [[DiagramItem]] = []
        var first = 0, channel = 0
        for run in stack.runs {
            for k in 0..<run.count {
                let index = first + k
                let unit = stack.units[index]
                let piece = channel..<(channel + unit.width)
                channel += unit.width
                if run.count <= Self.unitsShownInFull || k < 2 || k == run.count - 1 {
                    let layers = index < unitCosts.count ? unitCosts[index].layers : []
                    columns.append(unitColumn(unit, layers: layers, name: names[index], piece: piece, parent: node.path))
                } else if k == 2 {
                    let hidden = run.count - 3
                    let detail = hidden == 1 ? names[index] : "\(names[index]) … \(names[first + run.count - 2])"
                    columns.append([.box(DiagramBox(role: .ellipsis(hidden: hidden), title: "\(hidden) more",
                                                    detail: detail, path: node.path.description, cost: nil,
                                                    fingerprint: "ellipsis \(hidden)"))])
                }
            }
            first += run.count
        }
        let concat = DiagramBox(role: .concat, title: "concat", detail: node.outputShape.description,
                                path: node.path.description, cost: nil, fingerprint: "concat \(node.outputShape)")
        return .stack(head: layerBox(id), columns: columns, concat: concat)
    }

    /// A unit's header (name and channels) over its layers, rolled up like the network's.
    func unitColumn(_ unit: Stack.Unit, layers: [LayerCost], name: String, piece: Range<Int>, parent: NodePath) -> [DiagramItem] {
        let channels = piece.count == 1 ? "ch \(piece.lowerBound)" : "ch \(piece.lowerBound)–\(piece.upperBound - 1)"
        let path = parent.appending(name).description
        let header = DiagramBox(role: .piece, title: name, detail: channels, path: path, cost: nil,
                                fingerprint: "unit \(unit.name) \(piece.count)")
        let inner = DiagramBuilder(graph: unit.graph, layers: layers, depth: depth)
        let nodes = unit.graph.layers.map(\.id)
        // A unit rolled up whole, or one that is not series-parallel (drawn as one box rather
        // than as a wrong chain), is a single box named like its header.
        guard let regions = unit.graph.regions, depth.map({ $0 > parent.components.count + 1 }) ?? true else {
            var box = inner.blockBox(nodes, key: [path])
            box.title = name
            box.detail = channels
            return [.box(box)]
        }
        return [.box(header)] + inner.items(regions)
    }

    // MARK: Graphs without a series-parallel layout

    /// One box per node (per roll-up group with a depth), in topological order of their first
    /// node, and the edges between different boxes.
    func layered() -> (boxes: [DiagramBox], edges: [Diagram.Edge]) {
        var groups: [[NodeID]] = []
        var groupKeys: [[String]?] = []
        var groupOf = [Int](repeating: 0, count: graph.nodes.count)
        var byKey: [[String]: Int] = [:]
        for node in graph.nodes {
            // Inputs stay boxes of their own, whatever their path.
            let key: [String]? = if case .input = node.kind { nil } else { key(node.id) }
            if let key, let group = byKey[key] {
                groups[group].append(node.id)
                groupOf[node.id.index] = group
                continue
            }
            if let key { byKey[key] = groups.count }
            groupOf[node.id.index] = groups.count
            groups.append([node.id])
            groupKeys.append(key)
        }
        let boxes = groups.indices.map { g -> DiagramBox in
            let nodes = groups[g]
            if nodes.count > 1, let key = groupKeys[g] { return blockBox(nodes, key: key) }
            if case .input = graph[nodes[0]].kind { return inputBox(nodes[0]) }
            return layerBox(nodes[0])
        }
        var edges: [Diagram.Edge] = []
        var seen = Set<Diagram.Edge>()
        for node in graph.nodes {
            for input in node.inputs {
                let edge = Diagram.Edge(from: groupOf[input.index], to: groupOf[node.id.index])
                if edge.from != edge.to, seen.insert(edge).inserted { edges.append(edge) }
            }
        }
        return (boxes, edges)
    }
}
