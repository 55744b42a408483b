/// The series-parallel layout in which the `.arch` expander built a graph: a sequence of nodes,
/// residual blocks and concatenations. Transforms that rewrite a network and the `.arch` printer
/// walk this tree; the graph alone (any DAG) is what costs and shapes need. Imported graphs have
/// no layout (an empty ``Graph/structure``).
public indirect enum StructureItem: Sendable, Equatable {
    /// A single node (a stacked layer is one node; its units carry their own layouts).
    case node(NodeID)
    /// `residual { body } shortcut { shortcut }`: a nil shortcut is the identity; `add` joins them.
    case residual(body: [StructureItem], shortcut: [StructureItem]?, add: NodeID, path: NodePath)
    /// `concat { ... } { ... }`: `cat` joins the branches.
    case concat(branches: [[StructureItem]], cat: NodeID, path: NodePath)

    /// The node whose output is this item's output.
    public var outputNode: NodeID {
        switch self {
        case .node(let id): id
        case .residual(_, _, let add, _): add
        case .concat(_, let cat, _): cat
        }
    }
}
