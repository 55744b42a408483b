import TissueDiagnostics
import TissueIR
import TissueNumerics

/// The channels of a network that structured pruning must remove together: its dependency
/// groups, as Torch-Pruning 1.6.1's `DependencyGraph` finds them (`dependency/graph.py`; the rules
/// are written out in `Tests/Fixtures/pruning/README.md`, "Which layers are coupled").
///
/// Every convolution or linear layer starts a group with its output channels; its readers'
/// input channels join the producer's group, so a group always stops at the next convolution's
/// or linear layer's input. Operations that keep the channels (batch and layer norm, activations,
/// pools, dropout, flatten) pass them through. What couples groups:
///
/// - a residual `add` (and a broadcast product) joins both operands' groups;
/// - a depthwise convolution (one filter per input channel) joins its producer's group, so the
///   expansion, the depthwise and the projection's input of an inverted residual are one group;
/// - a grouped convolution (ResNeXt, `g` groups) keeps its group count, so the groups on both its
///   sides are pruned per channel group: they keep a multiple of `g` (`ch_groups`);
/// - a concatenation keeps each branch a group of its own, and its reader's input is a slice of
///   each (`size` is the branch's width);
/// - a flatten makes each channel `H·W` inputs of the next linear layer;
/// - a channel shuffle keeps the channels divisible by its groups, and joins the groups of a
///   concatenation it shuffles (their channels are interleaved);
/// - a stacked layer splits its input into pieces: a piece that is part of one group is one of
///   `k` equal slices of it, and the group keeps a multiple of `k`; when its units' outputs are
///   added to a shortcut, each joins its slice of the shortcut's group (the shortcut keeps k
///   times what each unit keeps);
/// - group normalisation keeps the channels divisible by its groups.
///
/// The network input and every group that reaches the network's output (the classifier's
/// outputs) are never pruned (Torch-Pruning's input is not a graph node, and the classifier is
/// its `ignored_layers`); neither is anything coupled with an operation tissue does not model.
/// Torch-Pruning leaves a residual added straight onto the input uncoupled and its pruned model
/// fails; tissue keeps that group whole instead.
public struct ChannelCoupling: Sendable {
    /// One layer's part in a group: which of its dimensions the group prunes.
    public struct Member: Sendable, Hashable {
        public enum Dimension: String, Sendable, Hashable {
            /// Output channels (filters) of a convolution or linear layer.
            case out
            /// Input channels of a reader.
            case `in`
            /// A layer whose input and output channels are one: a normalisation, a depthwise convolution.
            case both
        }

        public var path: NodePath
        /// `conv`, `dwconv`, `linear`, `bn`, `layernorm`, `groupnorm`, `layerscale`.
        public var operation: String
        public var dimension: Dimension
        /// How many indices of that dimension the group holds: the group's channels, `n·H·W` for
        /// a linear layer after a flatten, a slice's width.
        public var size: Int
    }

    /// Why a group is kept whole.
    public enum Held: String, Sendable, Hashable {
        case input = "the network input"
        case output = "the network output"
        case opaque = "an operation tissue does not model"
        /// Attention, matmul, embedding, a transpose or patch merging: their widths are tied to
        /// heads, tokens or positions, which channel pruning (as Torch-Pruning's uniform pruner
        /// does for these networks) leaves alone.
        case tokens = "a token or attention operation, whose width channel pruning leaves alone"
    }

    /// A dependency group.
    public struct Group: Sendable, Equatable {
        /// Position in ``ChannelCoupling/groups``: groups are ordered by their first member.
        public var id: Int
        /// Channels n of the group (of each of its layers).
        public var channels: Int
        /// Torch-Pruning's `ch_groups`: the group keeps a multiple of this, pruning each of its
        /// channel groups alike.
        public var channelGroups: Int
        /// Set when the group is never pruned.
        public var held: Held?
        /// Its layers, in the network's order.
        public var members: [Member]

        /// The layers whose outputs are the group's channels (convolutions and linear layers).
        public var producers: [NodePath] { members.filter { $0.dimension == .out }.map(\.path) }
    }

    /// Every group, ordered by first member.
    public let groups: [Group]
    /// Where the rewrite changes a width, by node address (see ``CouplingWalk``).
    let sites: [[Int]: Site]
    /// The group of each union-find class, and the class's own channels: a class keeps its share
    /// of its group's kept count, `kept·width/channels`.
    let classes: [(group: Int, width: Int)]

    /// What a rewrite changes at a node.
    enum Site: Sendable {
        /// A convolution's or linear layer's output channels: the group's kept count.
        case outChannels(group: Int)
        /// A depthwise convolution with a channel multiplier: kept / its (unpruned) input channels.
        case multiplier(group: Int, inChannels: Int)
        /// A convolution written with groups = in = out: out and groups follow the input.
        case followInput(ChannelLayout)
        /// A stacked unit's piece of the stack's input.
        case unitInput(ChannelLayout)
    }

    /// Finds the groups of `graph`.
    public init(_ graph: Graph) throws(Diagnostic) {
        var walk = CouplingWalk()
        let inputs = graph.inputs.map { id in
            [ChannelSegment(group: walk.newClass(width: graph[id].outputShape.channels, held: .input))]
        }
        for layout in try walk.walk(graph, inputs: inputs, address: []) {
            for segment in layout { walk.hold(segment.group, .output) }
        }
        var ids: [Int: Int] = [:]
        var groups: [Group] = []
        func id(of cls: Int) -> Int {
            let root = walk.find(cls)
            if let id = ids[root] { return id }
            ids[root] = groups.count
            groups.append(Group(id: groups.count, channels: walk.width[root], channelGroups: walk.constraint[root],
                                held: walk.held[root], members: []))
            return groups.count - 1
        }
        for record in walk.members { groups[id(of: record.cls)].members.append(record.member) }
        classes = (0..<walk.parent.count).map { (id(of: $0), walk.width[$0]) }
        self.groups = groups
        sites = walk.sites
    }

    /// The graph with every group cut to `kept[group.id]` channels (the held ones kept whole by the
    /// caller), stacked units included; shapes are inferred again.
    public func rewrite(_ graph: Graph, kept: [Int]) throws(Diagnostic) -> Graph {
        do {
            return try rewrite(graph, kept: kept, address: [], input: nil)
        } catch {
            throw Diagnostic(error)
        }
    }

    func rewrite(_ graph: Graph, kept: [Int], address: [Int], input: TensorShape?) throws(GraphError) -> Graph {
        var rewriter = GraphRewriter(graph)
        if let input { try rewriter.reshape(input: graph.input, to: input) }
        for node in graph.nodes {
            let here = address + [node.id.index]
            switch node.kind {
            case .input, .opaque:
                continue
            case .operation(.convolution(var convolution)):
                switch sites[here] {
                case .outChannels(let cls):
                    guard case .grouped(_, let groups) = convolution.filters else { continue }
                    convolution.filters = .grouped(outChannels: share(cls, kept), groups: groups)
                case .multiplier(let cls, let inChannels):
                    convolution.filters = .depthwise(multiplier: share(cls, kept) / inChannels)
                case .followInput(let layout):
                    let width = self.width(of: layout, kept: kept)
                    convolution.filters = .grouped(outChannels: width, groups: width)
                case .unitInput, nil:
                    continue
                }
                rewriter.change(node.id, to: .operation(.convolution(convolution)))
            case .operation(.linear(var linear)):
                guard case .outChannels(let cls)? = sites[here] else { continue }
                linear.outFeatures = share(cls, kept)
                rewriter.change(node.id, to: .operation(.linear(linear)))
            case .operation:
                continue
            case .stack(let stack):
                var units: [Stack.Unit] = []
                for (index, unit) in stack.units.enumerated() {
                    guard case .unitInput(let layout)? = sites[here + [index]] else {
                        units.append(unit)
                        continue
                    }
                    let piece = unit.graph.inputShape.with(channels: width(of: layout, kept: kept))
                    let graph = try rewrite(unit.graph, kept: kept, address: here + [index], input: piece)
                    units.append(Stack.Unit(name: unit.name, graph: graph, origin: graph == unit.graph ? unit.origin : nil))
                }
                rewriter.change(node.id, to: .stack(Stack(units: units)))
            }
        }
        return try rewriter.apply().graph
    }

    /// The channels a class keeps when its group keeps `kept[group]`: its share by width (whole,
    /// by the group's constraint).
    func share(_ cls: Int, _ kept: [Int]) -> Int {
        let (group, width) = classes[cls]
        let channels = groups[group].channels
        return channels == width ? kept[group] : kept[group] / (channels / CouplingWalk.gcd(channels, width))
            * (width / CouplingWalk.gcd(channels, width))
    }

    /// The channels of a layout once every group keeps `kept`.
    func width(of layout: ChannelLayout, kept: [Int]) -> Int {
        layout.reduce(0) { $0 + share($1.group, kept) / $1.parts * $1.stride }
    }
}

/// A run of a tensor's channels that belongs to one group: the whole group, or one of `parts`
/// equal slices of it, each channel standing for `stride` elements (`H·W` after a flatten).
struct ChannelSegment: Sendable, Hashable {
    /// A union-find class of ``CouplingWalk``.
    var group: Int
    var stride = 1
    var parts = 1
}

/// A tensor's channels, in order, as segments of groups.
typealias ChannelLayout = [ChannelSegment]
