/// A directed acyclic graph of typed nodes in topological order, with one or more named inputs
/// and outputs. Immutable: it is made by ``GraphBuilder``, which infers every shape and checks
/// the invariants (inputs precede their readers, shapes agree with the rules, at least one input
/// and one output, unique names), and changed only by ``GraphRewriter``, which makes a new graph.
public struct Graph: Sendable, Hashable {
    public let nodes: [Node]
    /// The input nodes, in declaration order.
    public let inputs: [NodeID]
    /// The nodes whose values the graph returns, in order.
    public let outputs: [Output]
    /// For each node, the nodes that read it, once per use, in topological order.
    private let readers: [[NodeID]]

    public struct Output: Sendable, Hashable {
        public let name: String
        public let node: NodeID
    }

    /// Made only by ``GraphBuilder/build()``, after its checks.
    init(nodes: [Node], inputs: [NodeID], outputs: [Output]) {
        self.nodes = nodes
        self.inputs = inputs
        self.outputs = outputs
        var readers = [[NodeID]](repeating: [], count: nodes.count)
        for node in nodes {
            for input in node.inputs { readers[input.index].append(node.id) }
        }
        self.readers = readers
    }

    public subscript(id: NodeID) -> Node { nodes[id.index] }

    /// The nodes that read `id`, once per use (an `add` of a node with itself reads it twice).
    public func consumers(of id: NodeID) -> [NodeID] { readers[id.index] }

    /// The first input: the input of a single-input network or unit.
    public var input: NodeID { inputs[0] }
    /// The first output.
    public var output: NodeID { outputs[0].node }
    public var inputShape: TensorShape { self[input].outputShape }
    public var outputShape: TensorShape { self[output].outputShape }

    /// Every node but the inputs, in order.
    public var layers: [Node] {
        nodes.filter { if case .input = $0.kind { false } else { true } }
    }

    public static func == (lhs: Graph, rhs: Graph) -> Bool {
        lhs.nodes == rhs.nodes && lhs.inputs == rhs.inputs && lhs.outputs == rhs.outputs
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(nodes)
        hasher.combine(inputs)
        hasher.combine(outputs)
    }
}
