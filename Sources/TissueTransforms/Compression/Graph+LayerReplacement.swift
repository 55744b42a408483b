import TissueDiagnostics
import TissueIR

extension Graph {
    /// The graph with each node for which `replacement` returns a one-input one-output graph put
    /// in its place, in stacked units too, shapes inferred again; and what was replaced.
    /// `replacement` gets the node and its input's shape.
    func replacingLayers(_ replacement: (Node, TensorShape) throws(Diagnostic) -> Graph?)
        throws(Diagnostic) -> (graph: Graph, replaced: [(path: NodePath, replacement: Graph)]) {
        var rewriter = GraphRewriter(self)
        var replaced: [(path: NodePath, replacement: Graph)] = []
        for node in nodes {
            switch node.kind {
            case .input, .opaque:
                continue
            case .stack(let stack):
                var units: [Stack.Unit] = []
                var changed = false
                for unit in stack.units {
                    let (graph, inUnit) = try unit.graph.replacingLayers(replacement)
                    changed = changed || !inUnit.isEmpty
                    replaced += inUnit
                    units.append(inUnit.isEmpty ? unit : Stack.Unit(name: unit.name, graph: graph))
                }
                if changed { rewriter.change(node.id, to: .stack(Stack(units: units))) }
            case .operation:
                guard let input = node.inputs.first, let subgraph = try replacement(node, self[input].outputShape) else {
                    continue
                }
                do { try rewriter.replace([node.id], with: subgraph) } catch {
                    throw Diagnostic(DiagnosticKind(error), at: node.location)
                }
                replaced.append((node.path, subgraph))
            }
        }
        do {
            return (try rewriter.apply().graph, replaced)
        } catch {
            throw Diagnostic(error)
        }
    }

    /// A one-input graph of two operations in sequence, named after `path` with `-suffix`es:
    /// what a layer becomes when it is factored or separated.
    static func pair(_ first: Operation, _ second: Operation, input: TensorShape, replacing node: Node,
                     suffixes: (String, String)) throws(Diagnostic) -> Graph {
        var builder = GraphBuilder()
        let entry = builder.input(input, path: node.path.renamed(suffix: "-input"))
        do {
            let a = try builder.add(first, entry, path: node.path.renamed(suffix: suffixes.0), location: node.location)
            builder.output(try builder.add(second, a, path: node.path.renamed(suffix: suffixes.1), location: node.location))
            return try builder.build()
        } catch {
            throw Diagnostic(DiagnosticKind(error), at: node.location)
        }
    }
}

extension NodePath {
    /// The path with `suffix` added to its last component: `stage2/conv1` → `stage2/conv1-factor1`.
    func renamed(suffix: String) -> NodePath {
        guard let last = components.last else { return NodePath([suffix]) }
        return NodePath(components.dropLast() + [last + suffix])
    }
}
