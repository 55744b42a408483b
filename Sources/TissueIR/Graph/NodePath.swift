/// The structural name of a node, from the blocks, repeats and composites that made it,
/// e.g. `stage2/down/residual/conv1`.
public struct NodePath: Sendable, Hashable, CustomStringConvertible, Comparable, ExpressibleByArrayLiteral {
    public var components: [String]

    public init(_ components: [String] = []) {
        self.components = components
    }

    public init(arrayLiteral components: String...) {
        self.components = components
    }

    /// The path without its last component (itself when it has one or none).
    public var parent: NodePath {
        components.count > 1 ? NodePath(Array(components.dropLast())) : self
    }

    /// Whether `prefix` is this path or one of its ancestors.
    public func hasPrefix(_ prefix: NodePath) -> Bool {
        components.starts(with: prefix.components)
    }

    /// The names a body's statements contribute to paths: each base name as it is, or numbered
    /// from 1 when it occurs more than once in the same body (`conv1`, `bn1`, `relu`, `conv2`).
    public static func componentNames(_ bases: [String]) -> [String] {
        var totals: [String: Int] = [:]
        for base in bases { totals[base, default: 0] += 1 }
        var seen: [String: Int] = [:]
        return bases.map { base in
            guard totals[base, default: 0] > 1 else { return base }
            seen[base, default: 0] += 1
            return "\(base)\(seen[base, default: 0])"
        }
    }

    public func appending(_ component: String) -> NodePath {
        NodePath(components + [component])
    }

    public var description: String {
        var text = ""
        for (index, component) in components.enumerated() {
            if index > 0 { text += "/" }
            text += component
        }
        return text
    }

    public static func < (lhs: NodePath, rhs: NodePath) -> Bool {
        lhs.description < rhs.description
    }
}
