/// The structural name of a node, from the blocks, repeats and composites that made it,
/// e.g. `stage2/down/residual/conv1`.
public struct NodePath: Sendable, Hashable, CustomStringConvertible, Comparable {
    public var components: [String]

    public init(_ components: [String] = []) {
        self.components = components
    }

    public func appending(_ component: String) -> NodePath {
        NodePath(components + [component])
    }

    public var description: String {
        components.joined(separator: "/")
    }

    public static func < (lhs: NodePath, rhs: NodePath) -> Bool {
        lhs.description < rhs.description
    }
}
