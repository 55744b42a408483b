import TissueDiagnostics
import TissueIR

/// Fast re-evaluation of stacking designs for `tissue sweep`.
///
/// A design replaces some of the baseline's stackable blocks (``StackTransform/candidates(in:)``)
/// by stacked layers with a given piece C1 and hidden width C2. Its totals are
///
///     total(design) = total(baseline) − Σ_replaced removed(block) + Σ_replaced added(block, C1, C2)
///
/// where `removed` is the baseline cost of the block's replaced nodes and `added` the cost of the
/// very subgraph the transform puts in their place (``StackTransform/replacement(for:piece:hidden:scope:unit:input:output:)``),
/// counted by the same cost model and cached per (block, C1, C2). Costs are local to a node and a
/// replacement keeps the replaced output's shape, so this equals analysing the transformed network;
/// a design point costs a few additions: nothing is rebuilt or re-analysed.
public struct DesignSpace: Sendable {
    public let convention: Convention
    public let residualScope: StackTransform.ResidualScope
    /// A user's unit in place of each kind's own; a design that stacks a block it does not fit is invalid.
    public let unit: UnitTemplate?
    public let baseline: Cost
    public let candidates: [StackTransform.Candidate]
    /// Stages of candidates (``StackTransform/stages(of:)``).
    public let stages: [[Int]]
    /// Baseline cost of each candidate's replaced nodes.
    let removed: [Cost]
    /// The input and output shape of each candidate's replaced nodes.
    let inputs: [TensorShape]
    let outputs: [TensorShape]
    /// Cached stacked costs, keyed by candidate, piece and hidden width; nil marks widths that do not divide.
    private var cache: [Key: Cost?] = [:]

    struct Key: Hashable { var candidate: Int, piece: Int, hidden: Int }

    public init(_ network: Network, convention: Convention,
                residualScope: StackTransform.ResidualScope = .body, unit: UnitTemplate? = nil) throws(Diagnostic) {
        self.convention = convention
        self.residualScope = residualScope
        self.unit = unit
        let graph = network.graph
        let analysis: Analysis
        do { analysis = try Analysis(network, convention: convention) } catch { throw Diagnostic(error) }
        baseline = analysis.totals
        candidates = try StackTransform.candidates(in: graph)
        stages = StackTransform.stages(of: candidates)
        var byNode: [NodeID: Cost] = [:]
        var layers = analysis.layers.makeIterator()
        for node in graph.nodes {
            if case .input = node.kind { continue }
            byNode[node.id] = layers.next()?.cost
        }
        var removed: [Cost] = [], inputs: [TensorShape] = [], outputs: [TensorShape] = []
        for candidate in candidates {
            let nodes = candidate.replaced(residualScope)
            var cost = Cost.zero
            for node in nodes {
                do { cost = try cost.adding(byNode[node] ?? .zero) } catch {
                    throw Diagnostic(.countOverflow(path: candidate.path.description), at: candidate.location)
                }
            }
            removed.append(cost)
            inputs.append(graph[graph[nodes[0]].inputs[0]].outputShape)
            outputs.append(graph[nodes[nodes.count - 1]].outputShape)
        }
        self.removed = removed
        self.inputs = inputs
        self.outputs = outputs
    }

    /// The cost of the stacked replacement of candidate `index`, or nil when the widths do not divide.
    public mutating func added(_ index: Int, piece: Int, hidden: Int) throws(Diagnostic) -> Cost? {
        let key = Key(candidate: index, piece: piece, hidden: hidden)
        if let cached = cache[key] { return cached }
        let candidate = candidates[index]
        let a = candidate.inputWidth
        let b = candidate.stackedWidth(residualScope)
        var cost: Cost?
        if a % piece == 0, (piece * b) % a == 0 {
            let subgraph: Graph
            do {
                subgraph = try StackTransform.replacement(for: candidate, piece: piece, hidden: hidden, scope: residualScope,
                                                          unit: unit, input: inputs[index], output: outputs[index])
            } catch where unit != nil {
                // A user's unit that does not fit this block: the design is invalid, as widths that do not divide.
                cache[key] = .some(nil)
                return nil
            }
            do { cost = try Analysis.analyze(subgraph, convention: convention).1 } catch { throw Diagnostic(error) }
        }
        cache[key] = cost
        return cost
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
}
