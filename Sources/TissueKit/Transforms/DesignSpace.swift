/// Fast re-evaluation of stacking designs for `tissue sweep`.
///
/// A design replaces some of the baseline's stackable blocks (``StackTransform/candidates(in:)``)
/// by stacked layers with a given piece C1 and hidden width C2. Its totals are
///
///     total(design) = total(baseline) − Σ_replaced removed(block) + Σ_replaced added(block, C1, C2)
///
/// where `removed` is the baseline cost of the block's replaced layers (from the baseline analysis)
/// and `added` the cost of `stack (a/C1) x bu(C1, C2, C1·b/a, stride); relu` on the block's input,
/// counted by the same cost model on a small graph and cached per (block, C1, C2). A design point
/// therefore costs a few additions: nothing is re-parsed, re-expanded or re-allocated. Tests hold
/// this against the full transform → print → parse → analyze path.
public struct DesignSpace: Sendable {
    public let convention: Convention
    public let residualScope: StackTransform.ResidualScope
    public let baseline: Cost
    public let candidates: [StackTransform.Candidate]
    /// Baseline cost of each candidate's replaced layers.
    let removed: [Cost]
    /// The block input shape of each candidate.
    let inputs: [TensorShape]
    /// Cached stacked costs, keyed by candidate, piece and hidden width; nil marks widths that do not divide.
    private var cache: [Key: Cost?] = [:]

    struct Key: Hashable { var candidate: Int, piece: Int, hidden: Int }

    public init(_ network: Network, convention: Convention,
                residualScope: StackTransform.ResidualScope = .body) throws(Diagnostic) {
        self.convention = convention
        self.residualScope = residualScope
        let analysis = try Analysis(network, convention: convention)
        baseline = analysis.totals
        let graph = network.graph
        candidates = StackTransform.candidates(in: graph)
        var byNode: [NodeID: Cost] = [:]
        for (index, layer) in analysis.layers.enumerated() { byNode[index + 1] = layer.cost }
        var removed: [Cost] = [], inputs: [TensorShape] = []
        for candidate in candidates {
            let nodes = Self.replacedNodes(candidate, residualScope)
            var cost = Cost.zero
            for node in nodes {
                do { cost = try cost.adding(byNode[node] ?? .zero) } catch {
                    throw Diagnostic(.countOverflow(path: candidate.path.description), at: candidate.location)
                }
            }
            removed.append(cost)
            let first = graph.nodes[nodes.first ?? 0]
            inputs.append(graph.nodes[first.inputs.first ?? 0].outputShape)
        }
        self.removed = removed
        self.inputs = inputs
    }

    /// The nodes a candidate's replacement removes: a residual's body (or its first conv–bn–relu),
    /// or a pair's six layers.
    static func replacedNodes(_ candidate: StackTransform.Candidate, _ scope: StackTransform.ResidualScope) -> [NodeID] {
        switch candidate.kind {
        case .pair: candidate.nodes
        case .residual: scope == .first ? Array(candidate.body.prefix(3)) : candidate.body
        }
    }

    /// The cost of the stacked replacement of candidate `index`, or nil when the widths do not divide.
    public mutating func added(_ index: Int, piece: Int, hidden: Int) throws(Diagnostic) -> Cost? {
        let key = Key(candidate: index, piece: piece, hidden: hidden)
        if let cached = cache[key] { return cached }
        let candidate = candidates[index]
        let (a, b) = (candidate.inputWidth, candidate.outputWidth)
        var cost: Cost?
        if a % piece == 0, (piece * b) % a == 0 {
            cost = try Self.stackedCost(input: inputs[index], piece: piece, hidden: hidden, output: piece * b / a,
                                        stride: candidate.stride, units: a / piece, convention: convention)
        }
        cache[key] = cost
        return cost
    }

    /// `stack n x bu(C1, C2, c3, stride); relu` on `input`, counted by the cost model.
    static func stackedCost(input: TensorShape, piece: Int, hidden: Int, output: Int, stride: Int, units: Int,
                            convention: Convention) throws(Diagnostic) -> Cost {
        let s = Pair(square: stride)
        var unit = Graph(input: input.with(channels: piece))
        do {
            var x = try unit.append(.convolution(Convolution(inChannels: piece, outChannels: hidden, kernel: Pair(square: 3),
                                                             stride: s, padding: .one, bias: false)),
                                    inputs: [0], path: NodePath(["conv1"]), location: nil)
            x = try unit.append(.batchNorm(channels: hidden), inputs: [x], path: NodePath(["bn1"]), location: nil)
            x = try unit.append(.activation(.relu), inputs: [x], path: NodePath(["relu"]), location: nil)
            x = try unit.append(.convolution(Convolution(inChannels: hidden, outChannels: output, kernel: Pair(square: 3),
                                                         padding: .one, bias: false)),
                                inputs: [x], path: NodePath(["conv2"]), location: nil)
            x = try unit.append(.batchNorm(channels: output), inputs: [x], path: NodePath(["bn2"]), location: nil)
            unit.output = x
            var block = Graph(input: input)
            let stack = Stack(units: Array(repeating: Stack.Unit(name: "bu", width: piece, graph: unit), count: units))
            let y = try block.append(.stack(stack), inputs: [0], path: NodePath(["stack"]), location: nil)
            block.output = try block.append(.activation(.relu), inputs: [y], path: NodePath(["relu"]), location: nil)
            return try Analysis.analyze(block, convention: convention).1
        } catch let error as Diagnostic {
            throw error
        } catch let error as ShapeError {
            throw Diagnostic(error.kind, at: nil)
        } catch {
            throw Diagnostic(.countOverflow(path: "stack"), at: nil)
        }
    }

    /// Totals of the design replacing the given candidates with (piece, hidden) each;
    /// nil when some replaced block's widths do not divide.
    public mutating func evaluate(_ choices: [(candidate: Int, piece: Int, hidden: Int)]) throws(Diagnostic) -> Cost? {
        var total = baseline
        for choice in choices {
            guard let added = try added(choice.candidate, piece: choice.piece, hidden: choice.hidden) else { return nil }
            do { total = try total.adding(added).subtracting(removed[choice.candidate]) } catch {
                throw Diagnostic(.countOverflow(path: candidates[choice.candidate].path.description), at: nil)
            }
        }
        return total
    }

    /// Candidates grouped into stages: runs of equal output width (as `--replace inner` sees them).
    public var stages: [[Int]] {
        var stages: [[Int]] = []
        for (index, candidate) in candidates.enumerated() {
            if let last = stages.last?.last, candidates[last].outputWidth == candidate.outputWidth {
                stages[stages.count - 1].append(index)
            } else {
                stages.append([index])
            }
        }
        return stages
    }
}
