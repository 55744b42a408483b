/// Builds a ``Graph`` node by node, inferring each node's shape from its inputs as it is added,
/// so a graph is checked at every step. Every front end and every transform builds through it.
///
///     var b = GraphBuilder()
///     let x = b.input(.image(channels: 3, height: 32, width: 32))
///     let y = try b.add(.convolution(Convolution(outChannels: 16, kernel: Pair(square: 3))), x, path: ["conv"])
///     b.output(try b.add(.activation(.relu), y, path: ["relu"]))
///     let graph = try b.build()
public struct GraphBuilder: Sendable {
    private var nodes: [Node] = []
    private var inputs: [NodeID] = []
    private var outputs: [Graph.Output] = []
    /// The `vocabulary × width` tables of the embeddings added so far, which a tied linear
    /// layer may share.
    private var embeddingTables: Set<[Int]> = []

    public init() {}

    /// The number of nodes added so far.
    public var count: Int { nodes.count }

    public func shape(of id: NodeID) -> TensorShape { nodes[id.index].outputShape }
    public func node(_ id: NodeID) -> Node { nodes[id.index] }

    /// Adds a named input of the given shape.
    @discardableResult
    public mutating func input(_ shape: TensorShape, name: String = "input", path: NodePath = ["input"],
                               location: SourceLocation? = nil) -> NodeID {
        let id = NodeID(nodes.count)
        nodes.append(Node(id: id, kind: .input(name: name), inputs: [], outputShape: shape, path: path, location: location))
        inputs.append(id)
        return id
    }

    /// Adds a computation reading `inputs`; its shape is inferred here.
    @discardableResult
    public mutating func add(_ operation: Operation, _ inputs: NodeID..., path: NodePath,
                             location: SourceLocation? = nil, form: CallForm = .module) throws(GraphError) -> NodeID {
        try add(.operation(operation), inputs: inputs, path: path, location: location, form: form)
    }

    /// Adds a node of any kind. A stacked layer's units are re-inferred at the spatial size of
    /// `inputs[0]` when they were built for another, so a stack follows its input.
    @discardableResult
    public mutating func add(_ kind: NodeKind, inputs: [NodeID], path: NodePath,
                             location: SourceLocation? = nil, form: CallForm = .module) throws(GraphError) -> NodeID {
        func fail(_ problem: GraphProblem) -> GraphError { GraphError(problem, path: path, location: location) }
        for input in inputs where input.index < 0 || input.index >= nodes.count {
            throw fail(.unknownNode(input))
        }
        let shapes = inputs.map { nodes[$0.index].outputShape }
        var kind = kind
        let shape: TensorShape
        do {
            switch kind {
            case .input:
                throw GraphProblem.wrongInputCount(operation: "input", expected: "no inputs (use input(_:))", found: inputs.count)
            case .operation(let operation):
                shape = try operation.outputShape(for: shapes)
                if case .linear(let l) = operation, l.tied, !embeddingTables.contains([l.outFeatures, shapes[0].channels]) {
                    throw GraphProblem.tiedWithoutEmbedding(outFeatures: l.outFeatures, inFeatures: shapes[0].channels)
                }
                if case .embedding(let e) = operation { embeddingTables.insert([e.vocabulary, e.width]) }
            case .stack(let stack):
                guard shapes.count == 1 else {
                    throw GraphProblem.wrongInputCount(operation: "stack", expected: "1 input", found: shapes.count)
                }
                let fitted = try Self.fit(stack, to: shapes[0])
                kind = .stack(fitted)
                shape = try fitted.outputShape(for: shapes[0])
            case .opaque(let operation):
                shape = operation.outputShape
            }
        } catch let problem as GraphProblem {
            throw fail(problem)
        } catch let error as GraphError {
            // A unit's own error: keep its problem, name the stacked layer.
            throw GraphError(error.problem, path: path, location: location ?? error.location)
        } catch {
            throw fail(.countOverflow)
        }
        let id = NodeID(nodes.count)
        nodes.append(Node(id: id, kind: kind, inputs: inputs, outputShape: shape, path: path, location: location,
                          form: form))
        return id
    }

    /// The stack with every unit's graph re-inferred on its piece of `input`, when the piece's
    /// shape differs from what the unit was built for.
    static func fit(_ stack: Stack, to input: TensorShape) throws -> Stack {
        guard !stack.units.isEmpty else { throw GraphProblem.emptyStack }
        var units: [Stack.Unit] = []
        var changed = false
        for unit in stack.units {
            guard unit.graph.inputs.count == 1, unit.graph.outputs.count == 1 else {
                throw GraphProblem.unitNeedsOneInputAndOutput(unit.name)
            }
            let piece = input.with(channels: unit.width)
            if unit.graph.inputShape == piece {
                units.append(unit)
            } else {
                changed = true
                units.append(Stack.Unit(name: unit.name, graph: try unit.graph.reinferred(inputShapes: [piece]),
                                        origin: unit.origin))
            }
        }
        return changed ? Stack(units: units) : stack
    }

    /// Marks `id` as an output of the graph.
    public mutating func output(_ id: NodeID, name: String = "output") {
        outputs.append(Graph.Output(name: name, node: id))
    }

    /// Copies `graph`'s nodes after the given values, which stand for its inputs in order, and
    /// returns the images of its outputs. Paths are kept, under `prefix` when one is given.
    public mutating func splice(_ graph: Graph, inputs bound: [NodeID], prefix: NodePath? = nil) throws(GraphError) -> [NodeID] {
        guard bound.count == graph.inputs.count else {
            throw GraphError(.wrongInputCount(operation: "subgraph", expected: "\(graph.inputs.count) inputs", found: bound.count))
        }
        var map = [NodeID?](repeating: nil, count: graph.nodes.count)
        for (input, value) in zip(graph.inputs, bound) { map[input.index] = value }
        for node in graph.nodes {
            if case .input = node.kind { continue }
            var inputs: [NodeID] = []
            for input in node.inputs {
                guard let mapped = map[input.index] else { throw GraphError(.unknownNode(input), path: node.path) }
                inputs.append(mapped)
            }
            let path = prefix.map { NodePath($0.components + node.path.components) } ?? node.path
            map[node.id.index] = try add(node.kind, inputs: inputs, path: path, location: node.location, form: node.form)
        }
        var outputs: [NodeID] = []
        for output in graph.outputs {
            guard let mapped = map[output.node.index] else { throw GraphError(.unknownNode(output.node)) }
            outputs.append(mapped)
        }
        return outputs
    }

    /// The finished graph: at least one input and one output, each name used once.
    public func build() throws(GraphError) -> Graph {
        guard !inputs.isEmpty else { throw GraphError(.noInput) }
        guard !outputs.isEmpty else { throw GraphError(.noOutput) }
        var names = Set<String>()
        for id in inputs {
            if case .input(let name) = nodes[id.index].kind, !names.insert(name).inserted {
                throw GraphError(.duplicateName(name))
            }
        }
        names = []
        for output in outputs where !names.insert(output.name).inserted {
            throw GraphError(.duplicateName(output.name))
        }
        return Graph(nodes: nodes, inputs: inputs, outputs: outputs)
    }
}

extension Graph {
    /// The same graph with new input shapes, every other shape inferred again (for a different
    /// image size, or a unit on a piece of another spatial size).
    public func reinferred(inputShapes: [TensorShape]) throws(GraphError) -> Graph {
        var builder = GraphBuilder()
        var map = [NodeID](repeating: NodeID(0), count: nodes.count)
        var next = inputShapes.makeIterator()
        for node in nodes {
            if case .input(let name) = node.kind {
                guard let shape = next.next() else { throw GraphError(.notAnInput(node.id)) }
                map[node.id.index] = builder.input(shape, name: name, path: node.path, location: node.location)
            } else {
                map[node.id.index] = try builder.add(node.kind, inputs: node.inputs.map { map[$0.index] }, path: node.path,
                                                     location: node.location, form: node.form)
            }
        }
        for output in outputs { builder.output(map[output.node.index], name: output.name) }
        return try builder.build()
    }
}

extension Network {
    /// The network on inputs of another height and width (an ImageNet model at 64×64), every
    /// shape inferred again; nil when its input is not a C×H×W map.
    public func resized(height: Int, width: Int) throws(GraphError) -> Network? {
        guard graph.inputs.count == 1, graph.inputShape.isImage else { return nil }
        var copy = self
        copy.graph = try graph.reinferred(inputShapes: [.image(channels: graph.inputShape.channels, height: height, width: width)])
        return copy
    }
}
