import TissueDiagnostics
import TissueIR
import TissueNumerics

/// One pass over a graph in topological order (units of stacked layers included) that gives
/// every tensor its ``ChannelLayout`` and joins groups in a union-find as the coupling rules of
/// ``ChannelCoupling`` say. Linear in the number of nodes (union-find with path halving).
///
/// Joined classes keep counts in proportion to their widths: a class of w channels in a group
/// whose root has W keeps `kept·w/W`. Equal widths are the usual case (a residual joins two
/// tensors of one shape); a stacked layer's per-unit outputs added to a shortcut join k classes
/// of w channels to one of k·w, whose every slice of w then keeps what each unit keeps. The root
/// keeps a multiple of what makes every member's share whole.
///
/// A node's address is its index, prefixed for a node inside a stacked unit by the stack's
/// address and the unit's index: `[12, 3, 4]` is node 4 of unit 3 of the stack at node 12.
struct CouplingWalk {
    var parent: [Int] = []
    /// Each class's own channels (they never change).
    var width: [Int] = []
    /// At a root: the multiple its kept count must be (lcm of every member's constraint).
    var constraint: [Int] = []
    var held: [ChannelCoupling.Held?] = []
    var members: [(cls: Int, member: ChannelCoupling.Member)] = []
    var sites: [[Int]: ChannelCoupling.Site] = [:]

    mutating func newClass(width: Int, held: ChannelCoupling.Held? = nil) -> Int {
        parent.append(parent.count)
        self.width.append(width)
        constraint.append(1)
        self.held.append(held)
        return parent.count - 1
    }

    mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    mutating func hold(_ cls: Int, _ why: ChannelCoupling.Held) {
        let root = find(cls)
        if held[root] == nil { held[root] = why }
    }

    /// What a root of `rootWidth` channels must keep a multiple of, for a member of `memberWidth`
    /// channels to keep a multiple of `k`: its share `kept·P/Q` (P/Q the reduced width ratio)
    /// must be whole and a multiple of k.
    static func rootMultiple(memberWidth: Int, rootWidth: Int, k: Int) -> Int {
        let g = gcd(memberWidth, rootWidth)
        let p = memberWidth / g, q = rootWidth / g
        return q * (k / gcd(p, k))
    }

    /// Joins two classes: their counts stay in proportion to their widths.
    mutating func union(_ a: Int, _ b: Int, at path: NodePath) throws(Diagnostic) {
        let ra = find(a), rb = find(b)
        guard ra != rb else { return }
        parent[rb] = ra
        constraint[ra] = Self.lcm(constraint[ra], Self.rootMultiple(memberWidth: width[rb], rootWidth: width[ra],
                                                                    k: constraint[rb]))
        held[ra] = held[ra] ?? held[rb]
    }

    /// The class must keep a multiple of `k`.
    mutating func constrain(_ cls: Int, _ k: Int, at path: NodePath) throws(Diagnostic) {
        guard k > 0, width[cls] % k == 0 else {
            throw Self.problem(path, "\(width[cls]) channels do not split into \(k) equal groups")
        }
        let root = find(cls)
        constraint[root] = Self.lcm(constraint[root], Self.rootMultiple(memberWidth: width[cls], rootWidth: width[root], k: k))
    }

    mutating func record(_ cls: Int, _ path: NodePath, _ operation: String, _ dimension: ChannelCoupling.Member.Dimension,
                         size: Int) {
        members.append((cls, ChannelCoupling.Member(path: path, operation: operation, dimension: dimension, size: size)))
    }

    /// Channels of a segment before pruning.
    func channels(_ segment: ChannelSegment) -> Int {
        width[segment.group] / segment.parts * segment.stride
    }

    /// The layouts of `graph`'s outputs, given its inputs'.
    mutating func walk(_ graph: Graph, inputs: [ChannelLayout], address: [Int]) throws(Diagnostic) -> [ChannelLayout] {
        var layouts = [ChannelLayout](repeating: [], count: graph.nodes.count)
        var nextInput = 0
        for node in graph.nodes {
            let here = address + [node.id.index]
            let incoming = node.inputs.map { layouts[$0.index] }
            switch node.kind {
            case .input:
                layouts[node.id.index] = nextInput < inputs.count ? inputs[nextInput] : []
                nextInput += 1
            case .operation(let operation):
                layouts[node.id.index] = try self.operation(operation, node, incoming, graph, here)
            case .stack(let stack):
                let pieces = try split(incoming.first ?? [], widths: stack.units.map(\.width), at: node.path)
                var output: ChannelLayout = []
                for (index, unit) in stack.units.enumerated() {
                    sites[here + [index]] = .unitInput(pieces[index])
                    output += try walk(unit.graph, inputs: [pieces[index]], address: here + [index]).first ?? []
                }
                layouts[node.id.index] = output
            case .opaque:
                for layout in incoming { for segment in layout { hold(segment.group, .opaque) } }
                layouts[node.id.index] = [ChannelSegment(group: newClass(width: node.outputShape.channels, held: .opaque))]
            }
        }
        return graph.outputs.map { layouts[$0.node.index] }
    }

    /// The output layout of one operation, joining and constraining classes on the way.
    mutating func operation(_ operation: Operation, _ node: Node, _ incoming: [ChannelLayout], _ graph: Graph,
                            _ here: [Int]) throws(Diagnostic) -> ChannelLayout {
        let input = incoming.first ?? []
        let shape = node.inputs.first.map { graph[$0].outputShape } ?? node.outputShape
        let path = node.path
        switch operation {
        case .convolution(let convolution):
            guard let c = try? convolution.resolved(inChannels: shape.channels) else {
                throw Diagnostic(.countOverflow(path: path.description), at: node.location)
            }
            let name = operation.kind(inChannels: shape.channels).name
            // Torch-Pruning's depthwise test (`groups == out_channels`, ops.py): in, out and groups
            // shrink together, so the convolution joins its producer's group.
            if c.groups > 1, c.groups == c.inChannels, c.outChannels == c.inChannels {
                for segment in input { record(segment.group, path, name, .both, size: channels(segment)) }
                if case .grouped = convolution.filters { sites[here] = .followInput(input) }
                return input
            }
            for segment in input {
                if c.groups > 1 { try constrain(segment.group, segment.parts * c.groups, at: path) }
                record(segment.group, path, name, .in, size: channels(segment))
            }
            let output = newClass(width: c.outChannels)
            if c.groups > 1 { try constrain(output, c.groups, at: path) }
            record(output, path, name, .out, size: c.outChannels)
            if case .depthwise = convolution.filters {
                sites[here] = .multiplier(group: output, inChannels: c.inChannels)
            } else {
                sites[here] = .outChannels(group: output)
            }
            return [ChannelSegment(group: output)]
        case .linear(let linear):
            for segment in input { record(segment.group, path, "linear", .in, size: channels(segment)) }
            let output = newClass(width: linear.outFeatures)
            record(output, path, "linear", .out, size: linear.outFeatures)
            sites[here] = .outChannels(group: output)
            return [ChannelSegment(group: output)]
        case .batchNorm, .layerNorm, .layerScale, .classToken, .positionEmbedding:
            let name = operation.kind(inChannels: shape.channels).name
            for segment in input { record(segment.group, path, name, .both, size: channels(segment)) }
            return input
        case .groupNorm(let groups):
            for segment in input {
                try constrain(segment.group, segment.parts * groups, at: path)
                record(segment.group, path, "groupnorm", .both, size: channels(segment))
            }
            return input
        case .activation, .softmax, .dropout, .globalAveragePool, .pool, .adaptiveAveragePool, .mean, .dropPath, .tokens,
             .permute, .selectToken:
            return input
        case .attention, .matmul, .transpose, .patchMerging, .embedding:
            for layout in incoming { for segment in layout { hold(segment.group, .tokens) } }
            return [ChannelSegment(group: newClass(width: node.outputShape.channels, held: .tokens))]
        case .flatten:
            guard shape.isImage else { return input }
            let area = shape.spatialSize
            return input.map { ChannelSegment(group: $0.group, stride: $0.stride * area, parts: $0.parts) }
        case .channelShuffle(let groups):
            guard let first = input.first else { return input }
            // Shuffled channels interleave: every segment must be pruned alike.
            for segment in input.dropFirst() {
                guard segment.parts == first.parts, segment.stride == first.stride, channels(segment) == channels(first) else {
                    throw Self.problem(path, "it shuffles channels of different kinds together")
                }
                try union(first.group, segment.group, at: path)
            }
            try constrain(first.group, first.parts * (groups / Self.gcd(groups, input.count)), at: path)
            return input
        case .add, .multiply:
            var result = input
            for (other, otherShape) in zip(incoming.dropFirst(), node.inputs.dropFirst().map { graph[$0].outputShape }) {
                if otherShape.channels == 1, shape.channels != 1 { continue }
                if shape.channels == 1, otherShape.channels != 1 {
                    result = other
                    continue
                }
                result = try couple(result, other, at: path)
            }
            return result
        case .concat(.channels):
            return incoming.flatMap { $0 }
        case .concat(.tokens):
            // Sequences joined one after another share their width: its channels are one.
            var result = input
            for other in incoming.dropFirst() { result = try couple(result, other, at: path) }
            return result
        }
    }

    /// Joins two layouts of one tensor shape, position by position: segments of equal channels
    /// join; a segment that spans a run of k equal segments on the other side (a stacked layer's
    /// per-unit outputs added to a shortcut) joins all of them, each of its k slices keeping what
    /// one of them keeps. Returns the finer layout.
    mutating func couple(_ a: ChannelLayout, _ b: ChannelLayout, at path: NodePath) throws(Diagnostic) -> ChannelLayout {
        var result: ChannelLayout = []
        var i = 0, j = 0
        while i < a.count, j < b.count {
            let (x, y) = (a[i], b[j])
            guard x.stride == y.stride else { throw Self.problem(path, "it adds channels laid out differently") }
            if channels(x) == channels(y) {
                try union(x.group, y.group, at: path)
                result.append(x)
                i += 1
                j += 1
                continue
            }
            // The wider segment and the run of equal segments it spans on the other side.
            let (wide, side, start) = channels(x) > channels(y) ? (x, b, j) : (y, a, i)
            var run: ChannelLayout = []
            var total = 0
            var k = start
            while total < channels(wide), k < side.count, side[k].stride == wide.stride,
                  channels(side[k]) == channels(side[start]) {
                total += channels(side[k])
                run.append(side[k])
                k += 1
            }
            guard total == channels(wide) else {
                throw Self.problem(path, "it adds channels pruned in groups that do not line up")
            }
            for segment in run { try union(wide.group, segment.group, at: path) }
            result += run
            if channels(x) > channels(y) { i += 1; j = k } else { j += 1; i = k }
        }
        guard i == a.count, j == b.count else {
            throw Self.problem(path, "it adds channels pruned in groups that do not line up")
        }
        return result
    }

    /// A stacked layer's input cut into its units' pieces: each piece either whole segments, or
    /// one of equal slices of a segment.
    mutating func split(_ layout: ChannelLayout, widths: [Int], at path: NodePath) throws(Diagnostic) -> [ChannelLayout] {
        var pieces: [ChannelLayout] = []
        var index = 0
        var unit = 0
        while unit < widths.count {
            let piece = widths[unit]
            guard index < layout.count else { throw Self.problem(path, "its pieces are wider than its input") }
            let segment = layout[index]
            let available = channels(segment)
            if piece >= available {
                var taken: ChannelLayout = []
                var total = 0
                while total < piece, index < layout.count {
                    total += channels(layout[index])
                    taken.append(layout[index])
                    index += 1
                }
                guard total == piece else {
                    throw Self.problem(path, "a unit's piece of \(piece) channels ends inside channels that are pruned together")
                }
                pieces.append(taken)
                unit += 1
            } else {
                let count = available / piece
                guard segment.stride == 1, available % piece == 0, unit + count <= widths.count,
                      widths[unit..<(unit + count)].allSatisfy({ $0 == piece }) else {
                    throw Self.problem(path, "its units' pieces do not cut \(available) coupled channels into equal slices")
                }
                try constrain(segment.group, segment.parts * count, at: path)
                let slice = ChannelSegment(group: segment.group, stride: 1, parts: segment.parts * count)
                pieces += Array(repeating: [slice], count: count)
                unit += count
                index += 1
            }
        }
        return pieces
    }

    static func problem(_ path: NodePath, _ reason: String) -> Diagnostic {
        Diagnostic(.compression(.cannotCouple(path: path.description, reason: reason)), at: nil)
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    static func lcm(_ a: Int, _ b: Int) -> Int { a / gcd(a, b) * b }
}
