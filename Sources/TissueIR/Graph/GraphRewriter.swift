/// Rewrites a ``Graph`` into a new one: replace a node or a single-exit subgraph by another
/// graph, delete a node (its readers read its input instead), change what a node computes, or
/// give an input a new shape. Edits are collected, then ``apply()`` builds the new graph through
/// ``GraphBuilder`` in one pass, so every shape downstream of an edit is inferred again (a width
/// changed upstream reaches every reader) and every invariant is checked again.
///
/// Transforms are functions `Network → Network` written with it.
public struct GraphRewriter: Sendable {
    public let graph: Graph
    /// Replacements keyed by the exit node of the nodes they replace.
    private var replacements: [NodeID: Graph] = [:]
    /// Nodes inside a replaced subgraph (exits excluded): not copied.
    private var covered: Set<NodeID> = []
    private var deleted: Set<NodeID> = []
    private var changed: [NodeID: NodeKind] = [:]
    private var inputShapes: [NodeID: TensorShape] = [:]

    public init(_ graph: Graph) {
        self.graph = graph
    }

    /// The new graph, and where each old node went: a kept node to its copy, a replaced
    /// subgraph's exit to the replacement's output, a deleted node to what replaced its value.
    /// Nodes inside a replaced subgraph have no image.
    public struct Result: Sendable {
        public let graph: Graph
        public let map: [NodeID: NodeID]
    }

    /// Replaces `nodes` by `subgraph`. The nodes must form a region with a single exit (the last
    /// of them in order: no other of them is read from outside or is an output) and must read from
    /// outside only one value, which becomes the subgraph's input. The subgraph's nodes keep the
    /// paths it gives them.
    public mutating func replace(_ nodes: [NodeID], with subgraph: Graph) throws(GraphError) {
        guard let exit = nodes.max() else { return }
        guard subgraph.inputs.count == 1, subgraph.outputs.count == 1 else {
            throw GraphError(.unitNeedsOneInputAndOutput("replacement"))
        }
        let members = Set(nodes)
        for id in nodes {
            guard id.index >= 0, id.index < graph.nodes.count else { throw GraphError(.unknownNode(id)) }
            guard !covered.contains(id), replacements[id] == nil, !deleted.contains(id) else {
                throw GraphError(.rewriteOverlap(id), path: graph[id].path)
            }
            if id != exit {
                let readOutside = graph.consumers(of: id).contains { !members.contains($0) }
                let isOutput = graph.outputs.contains { $0.node == id }
                guard !readOutside, !isOutput else { throw GraphError(.regionNotSingleExit(id), path: graph[id].path) }
            }
        }
        let entries = Set(nodes.flatMap { graph[$0].inputs }.filter { !members.contains($0) })
        guard entries.count <= 1 else { throw GraphError(.regionNotSingleExit(exit), path: graph[exit].path) }
        for id in nodes where id != exit { covered.insert(id) }
        replacements[exit] = subgraph
    }

    /// Deletes a node that reads one value: its readers read that value instead.
    public mutating func delete(_ id: NodeID) throws(GraphError) {
        guard graph[id].inputs.count == 1 else {
            throw GraphError(.wrongInputCount(operation: "deleted node", expected: "1 input", found: graph[id].inputs.count),
                             path: graph[id].path)
        }
        deleted.insert(id)
    }

    /// Makes node `id` compute `kind` instead, reading the same inputs.
    public mutating func change(_ id: NodeID, to kind: NodeKind) {
        changed[id] = kind
    }

    /// Gives an input node a new shape.
    public mutating func reshape(input id: NodeID, to shape: TensorShape) throws(GraphError) {
        guard case .input = graph[id].kind else { throw GraphError(.notAnInput(id), path: graph[id].path) }
        inputShapes[id] = shape
    }

    /// Builds the rewritten graph.
    public func apply() throws(GraphError) -> Result {
        var builder = GraphBuilder()
        var map: [NodeID: NodeID] = [:]
        func image(_ id: NodeID, of node: Node) throws(GraphError) -> NodeID {
            guard let mapped = map[id] else { throw GraphError(.unknownNode(id), path: node.path, location: node.location) }
            return mapped
        }
        for node in graph.nodes {
            if covered.contains(node.id) { continue }
            if case .input(let name) = node.kind {
                map[node.id] = builder.input(inputShapes[node.id] ?? node.outputShape, name: name, path: node.path,
                                             location: node.location)
                continue
            }
            if let subgraph = replacements[node.id] {
                // The region's one outside value (or, for a region reading nothing outside, its first input).
                let entry = try Self.entry(of: node.id, in: graph, covered: covered)
                let bound = try image(entry, of: node)
                map[node.id] = try builder.splice(subgraph, inputs: [bound])[0]
                continue
            }
            var inputs: [NodeID] = []
            for input in node.inputs { inputs.append(try image(input, of: node)) }
            if deleted.contains(node.id) {
                map[node.id] = inputs[0]
                continue
            }
            map[node.id] = try builder.add(changed[node.id] ?? node.kind, inputs: inputs, path: node.path,
                                           location: node.location, form: node.form)
        }
        for output in graph.outputs { builder.output(try image(output.node, of: graph[output.node]), name: output.name) }
        return Result(graph: try builder.build(), map: map)
    }

    /// The value a replaced region reads from outside: found by walking back from its exit
    /// through covered nodes.
    static func entry(of exit: NodeID, in graph: Graph, covered: Set<NodeID>) throws(GraphError) -> NodeID {
        var stack = [exit]
        var seen: Set<NodeID> = [exit]
        while let id = stack.popLast() {
            for input in graph[id].inputs {
                if !covered.contains(input) { return input }
                if seen.insert(input).inserted { stack.append(input) }
            }
        }
        throw GraphError(.regionNotSingleExit(exit), path: graph[exit].path)
    }
}
