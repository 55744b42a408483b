/// The series-parallel layout of a graph: a sequence of nodes, residual blocks (branches joined
/// by an `add`), concatenations, gates and matrix products of two branches, nested. It is derived from the graph alone
/// (``Graph/regions``), whichever front end built it, and is what transforms search for blocks
/// to rewrite and what the `.arch` printer writes as `residual { } shortcut { }` and `concat`.
public indirect enum Region: Sendable, Hashable {
    /// One node.
    case node(NodeID)
    /// A fork whose two branches meet at an `add`: `body` is the branch of the add's first
    /// operand, `shortcut` the second's, nil when that is the fork itself (the identity).
    case residual(body: [Region], shortcut: [Region]?, join: NodeID, path: NodePath)
    /// A fork whose branches meet at a `concat`, in operand order; an empty branch is the fork.
    case concat(branches: [[Region]], join: NodeID, path: NodePath)
    /// A fork whose one branch meets the fork itself at a `multiply`: `input * body(input)`,
    /// squeeze-excitation's gate.
    case scale(body: [Region], join: NodeID, path: NodePath)
    /// A fork whose two branches meet at a `matmul`, `left(input) @ right(input)`; an empty branch
    /// is the fork itself (`x @ xᵀ` is `matmul { } { transpose }`).
    case matmul(left: [Region], right: [Region], join: NodeID, path: NodePath)

    /// The node whose value is the region's output.
    public var exit: NodeID {
        switch self {
        case .node(let id): id
        case .residual(_, _, let join, _): join
        case .concat(_, let join, _): join
        case .scale(_, let join, _): join
        case .matmul(_, _, let join, _): join
        }
    }

    /// Every node of the region, in order.
    public var nodes: [NodeID] {
        switch self {
        case .node(let id): [id]
        case .residual(let body, let shortcut, let join, _):
            body.flatMap(\.nodes) + (shortcut ?? []).flatMap(\.nodes) + [join]
        case .concat(let branches, let join, _):
            branches.flatMap { $0.flatMap(\.nodes) } + [join]
        case .scale(let body, let join, _):
            body.flatMap(\.nodes) + [join]
        case .matmul(let left, let right, let join, _):
            left.flatMap(\.nodes) + right.flatMap(\.nodes) + [join]
        }
    }
}

extension Graph {
    /// The graph's series-parallel layout, from its single input to its single output; nil when
    /// it has none (several inputs or outputs, a value used by branches that never meet, a join
    /// other than `add` or `concat`, or nesting deeper than ``maximumRegionDepth``).
    public var regions: [Region]? {
        guard inputs.count == 1, outputs.count == 1 else { return nil }
        var decomposer = RegionDecomposer(graph: self)
        guard let (items, last) = decomposer.chain(after: input, depth: 0), last == output,
              decomposer.visited == nodes.count - 1 else { return nil }
        return items
    }

    /// Forks nested deeper than this are not decomposed (the walk recurses once per level).
    public static let maximumRegionDepth = 256
}

/// Walks a graph from its input, turning forks and their joins into regions. Linear in the
/// number of nodes: every node is visited once.
struct RegionDecomposer {
    let graph: Graph
    var visited = 0

    /// Whether `id` is read by an enclosing fork's join rather than continuing this sequence.
    func isJoin(_ id: NodeID) -> Bool { graph[id].inputs.count > 1 }

    /// The nodes after `start` up to the end of its sequence: the graph's output, or the last node
    /// before a join that belongs to an enclosing fork. Returns the items and the sequence's last node.
    mutating func chain(after start: NodeID, depth: Int) -> ([Region], NodeID)? {
        guard depth <= Graph.maximumRegionDepth else { return nil }
        var items: [Region] = []
        var current = start
        while true {
            let uses = graph.consumers(of: current)
            if uses.isEmpty { return (items, current) }
            if uses.count == 1 {
                let next = uses[0]
                if isJoin(next) { return (items, current) }
                items.append(.node(next))
                visited += 1
                current = next
                continue
            }
            guard let region = fork(at: current, uses: uses, depth: depth) else { return nil }
            items.append(region)
            current = region.exit
        }
    }

    /// The region of a fork: every branch followed to the join where it meets the others, whose
    /// operands must be exactly the ends of the branches that meet it. Composites written one
    /// inside another at the start of a body (`residual { residual { … } }`, `matmul { matmul
    /// { … } { … } } { … }`) fork from the same node: the joins are then closed innermost first,
    /// each closed region continuing as a branch of the fork until one join takes them all.
    mutating func fork(at fork: NodeID, uses: [NodeID], depth: Int) -> Region? {
        var pending: [(items: [Region], end: NodeID, join: NodeID)] = []
        for use in uses {
            if isJoin(use) {
                pending.append(([], fork, use))
            } else {
                visited += 1
                guard let (items, end) = chain(after: use, depth: depth + 1) else { return nil }
                let next = graph.consumers(of: end)
                guard next.count == 1 else { return nil }
                pending.append(([.node(use)] + items, end, next[0]))
            }
        }
        var arrived: [NodeID: Int] = [:]
        for branch in pending { arrived[branch.join, default: 0] += 1 }
        while true {
            // A join that the branches of all its operands have reached (one per level of nesting).
            guard let join = pending.first(where: { arrived[$0.join] == graph[$0.join].inputs.count })?.join else { return nil }
            let branches = pending.filter { $0.join == join }
            pending.removeAll { $0.join == join }
            guard let region = region(joining: branches.map { ($0.items, $0.end) }, at: join) else { return nil }
            if pending.isEmpty { return region }
            guard let (items, end) = chain(after: join, depth: depth + 1) else { return nil }
            let next = graph.consumers(of: end)
            guard next.count == 1 else { return nil }
            pending.append(([region] + items, end, next[0]))
            arrived[next[0], default: 0] += 1
        }
    }

    /// The region of `branches` meeting at `join`, ordered as the join's operands.
    mutating func region(joining branches: [(items: [Region], end: NodeID)], at join: NodeID) -> Region? {
        guard graph[join].inputs.count == branches.count else { return nil }
        // Order the branches as the join's operands.
        var ordered: [[Region]] = []
        var remaining = branches
        for operand in graph[join].inputs {
            guard let index = remaining.firstIndex(where: { $0.end == operand }) else { return nil }
            ordered.append(remaining.remove(at: index).items)
        }
        visited += 1
        let path = graph[join].path.parent
        switch graph[join].kind {
        case .operation(.add):
            return .residual(body: ordered[0], shortcut: ordered[1].isEmpty ? nil : ordered[1], join: join, path: path)
        case .operation(.concat):
            return .concat(branches: ordered, join: join, path: path)
        case .operation(.multiply):
            // `.arch` writes a product only as a gate on its own input: one branch must be the fork.
            guard let identity = ordered.firstIndex(where: \.isEmpty) else { return nil }
            return .scale(body: ordered[1 - identity], join: join, path: path)
        case .operation(.matmul):
            return .matmul(left: ordered[0], right: ordered[1], join: join, path: path)
        case .input, .operation, .stack, .opaque:
            return nil
        }
    }
}
