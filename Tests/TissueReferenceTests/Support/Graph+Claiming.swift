@testable import TissueIR

extension Graph {
    /// A chain of operations whose nodes all claim `shape`, whatever their rules say: a graph the
    /// builder would refuse, made through the IR's internals to check that the executor trusts
    /// its kernels rather than the graph.
    static func claiming(input: TensorShape, _ chain: [(Operation, String)], shape: TensorShape) throws -> Graph {
        var nodes = [Node(id: NodeID(0), kind: .input(name: "input"), inputs: [], outputShape: input, path: ["input"],
                          location: nil)]
        for (operation, name) in chain {
            let id = NodeID(nodes.count)
            nodes.append(Node(id: id, kind: .operation(operation), inputs: [NodeID(id.index - 1)], outputShape: shape,
                              path: NodePath([name]), location: nil))
        }
        return Graph(nodes: nodes, inputs: [NodeID(0)], outputs: [Output(name: "output", node: NodeID(nodes.count - 1))])
    }
}
