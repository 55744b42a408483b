/// Identifies a node within its graph: its position in topological order. A rewrite makes a new
/// graph with new IDs and reports how the old ones map (``GraphRewriter/Result``).
public struct NodeID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let index: Int

    public init(_ index: Int) {
        self.index = index
    }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.index < rhs.index }
    public var description: String { "%\(index)" }
}
