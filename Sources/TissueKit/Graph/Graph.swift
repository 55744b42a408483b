/// Identifies a node within its graph (its index in ``Graph/nodes``).
public typealias NodeID = Int

/// A node: one operation, the nodes it reads, its inferred output shape, and where it came from.
public struct Node: Sendable, Equatable {
    public var id: NodeID
    public var operation: Operation
    public var inputs: [NodeID]
    public var outputShape: TensorShape
    public var path: NodePath
    /// The statement that made this node (nil for imported graphs).
    public var location: SourceLocation?
}

/// A directed acyclic graph of typed nodes in topological order. Node 0 is the input.
///
/// Any DAG can be held (nodes may read any earlier node), which importers rely on;
/// the `.arch` expander produces series-parallel graphs.
public struct Graph: Sendable, Equatable {
    public private(set) var nodes: [Node]
    /// The node whose output is the graph's output.
    public var output: NodeID
    /// The series-parallel layout the expander built, when known (see ``StructureItem``).
    public var structure: [StructureItem] = []

    /// A graph holding only its input node.
    public init(input: TensorShape, path: NodePath = NodePath(["input"]), location: SourceLocation? = nil) {
        nodes = [Node(id: 0, operation: .input, inputs: [], outputShape: input, path: path, location: location)]
        output = 0
    }

    public var inputShape: TensorShape { nodes[0].outputShape }
    public var outputShape: TensorShape { nodes[output].outputShape }

    /// Appends a node whose shape has been inferred by the caller; returns its id.
    /// Inputs must name existing nodes, which keeps the graph acyclic and topologically ordered.
    @discardableResult
    public mutating func append(_ operation: Operation, inputs: [NodeID], shape: TensorShape,
                                path: NodePath, location: SourceLocation?) -> NodeID {
        precondition(inputs.allSatisfy { $0 >= 0 && $0 < nodes.count }, "graph inputs must precede the node")
        let id = nodes.count
        nodes.append(Node(id: id, operation: operation, inputs: inputs, outputShape: shape, path: path, location: location))
        return id
    }

    /// Appends a node, inferring its output shape from its inputs.
    @discardableResult
    public mutating func append(_ operation: Operation, inputs: [NodeID], path: NodePath,
                                location: SourceLocation?) throws(ShapeError) -> NodeID {
        let shape = try operation.outputShape(for: inputs.map { nodes[$0].outputShape })
        return append(operation, inputs: inputs, shape: shape, path: path, location: location)
    }
}
