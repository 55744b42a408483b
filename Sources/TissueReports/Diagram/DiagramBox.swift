import TissueIR
import TissueNumerics

/// One box of a network diagram: a layer, a block rolled up into one box, the input, or a part
/// of a stacked layer's figure (a unit's header, the units left out, the concatenation).
public struct DiagramBox: Sendable, Equatable {
    public enum Role: Sendable, Equatable {
        /// The network's input.
        case input
        /// One node of the graph.
        case layer
        /// Several nodes rolled up by `--depth` into one box; their costs are summed.
        case block(layers: Int)
        /// A stacked unit's header: its name and the input channels it reads.
        case piece
        /// Units of a long run that are not drawn.
        case ellipsis(hidden: Int)
        /// The concatenation of a stacked layer's units.
        case concat
    }

    public var role: Role
    /// The first line: the operation (`conv 3x3 s2`), or the block's path.
    public var title: String
    /// The second line's start: the output shape, or the unit's channels.
    public var detail: String
    /// The node path (a block's common prefix), for tooltips and the report's filter.
    public var path: String
    /// The costs a box is coloured by; nil for the parts of a stacked layer's figure that only
    /// show its structure.
    public var cost: Cost?
    /// What the box computes (operations, shapes, counts), not what it is called: two networks'
    /// boxes with equal fingerprints are the same computation.
    public var fingerprint: String

    public init(role: Role, title: String, detail: String, path: String, cost: Cost?, fingerprint: String) {
        self.role = role
        self.title = title
        self.detail = detail
        self.path = path
        self.cost = cost
        self.fingerprint = fingerprint
    }

    /// The tooltip: the path and every count.
    public var tooltip: String {
        var lines = [path.isEmpty ? title : path]
        if case .block(let layers) = role { lines.append("\(layers) layers rolled up") }
        if let cost {
            lines.append("params \(NumberFormat.si(cost.params)), MACs \(NumberFormat.si(cost.macs)), "
                + "FLOPs \(NumberFormat.si(cost.flops)), activations \(NumberFormat.si(cost.activations))")
        }
        return lines.joined(separator: "\n")
    }
}

/// What a diagram draws, as a series-parallel tree: boxes in sequence, branches side by side
/// joined by an `add` or `concat`, and stacked layers as their units side by side.
public indirect enum DiagramItem: Sendable, Equatable {
    case box(DiagramBox)
    /// Branches that start at the item before and meet at `join`; an empty branch is the
    /// identity (a residual's shortcut).
    case parallel(branches: [[DiagramItem]], join: DiagramBox)
    /// A stacked layer: its own box, then its units side by side (each column a unit's header
    /// box and its layers, or the units left out), then their concatenation.
    case stack(head: DiagramBox, columns: [[DiagramItem]], concat: DiagramBox)

    /// The item's costs: its boxes' sum, counting a stacked layer once (its units are in its own box).
    public var cost: Cost {
        // Parts of an analysis whose totals did not overflow cannot overflow either.
        func sum(_ costs: [Cost]) -> Cost { costs.reduce(.zero) { (try? $0.adding($1)) ?? $0 } }
        switch self {
        case .box(let box): return box.cost ?? .zero
        case .parallel(let branches, let join): return sum(branches.flatMap { $0.map(\.cost) } + [join.cost ?? .zero])
        case .stack(let head, _, _): return head.cost ?? .zero
        }
    }

    /// Every box of the item, in drawing order.
    public var boxes: [DiagramBox] {
        switch self {
        case .box(let box): [box]
        case .parallel(let branches, let join): branches.flatMap { $0.flatMap(\.boxes) } + [join]
        case .stack(let head, let columns, let concat): [head] + columns.flatMap { $0.flatMap(\.boxes) } + [concat]
        }
    }
}
