import TissueDiagnostics
import TissueIR

/// Turns a baseline into its stacked (TissueNet) version, a rewrite `Network → Network`. It finds
/// blocks and runs of layers in the top-level sequence (``Candidate/Kind``) and replaces each by
/// `stack (a/C1) x unit(C1, C2, C1·b/a[, stride])` on its input of width a, b being the width the
/// replaced layers gave (docs/stacking.md):
///
/// - a residual block whose body is conv3×3–bn–relu–conv3×3–bn (a basic block, a → b): by default
///   the whole body becomes `bu` units then `relu`, as the authors' released code
///   (`BunitBlock` in Part II/bunit_resnet.py of Lanweichao/BUnit-Net:
///   `Unit(inplanes//2, 4, planes//inplanes*2, stride)`, `conv2`/`bn2` commented out); with
///   ``ResidualScope/first`` only its first conv3×3–bn–relu (a → w), the second convolution staying
///   normal, which reproduces the paper's printed Table 3 (Examples/paper/README.md);
/// - a bottleneck (conv1×1–bn–relu–conv3×3–bn–relu–conv1×1–bn): its conv3×3–bn–relu becomes `bu`
///   units then `relu`, as the authors' `BunitBottleneck` (`Unit(width//2, 4, 2, stride)`);
/// - an inverted residual (MobileNetV2): its body becomes `iru` units (``BasicUnit/invertedResidual``);
/// - in plain (VGG-style) networks, each consecutive pair conv3×3–bn–relu–conv3×3–bn–relu of widths
///   a→b→c becomes `bu` units then `relu`, leaving a normal convolution between two stacked layers
///   (the paper's Fig. 2a);
/// - two or more hidden linear–relu layers read by a linear layer (an MLP) become `mu` units
///   (``BasicUnit/linear``) with c3 = c1, then `relu` (Section 4.3);
///
/// or, with a user's ``unit``, that unit wherever it gives the replaced layers' output shape.
/// The stem (a convolution fed by the network input) always stays normal.
public struct StackTransform: Sendable {
    public enum Replace: Sendable, Equatable {
        /// Every eligible block or pair.
        case all
        /// All but the first and last stages (runs of candidates of equal output width): the paper's 'r'.
        case inner
        /// Blocks named by path (or a prefix of their path).
        case paths([String])
    }

    /// What a stacked layer replaces in a basic residual block: the two readings of the paper's
    /// ResNet rule.
    public enum ResidualScope: String, Sendable, CaseIterable {
        /// The whole body conv3×3–bn–relu–conv3×3–bn: the authors' released code.
        case body
        /// The first conv3×3–bn–relu only; the second convolution stays normal: the paper's Table 3.
        case first

        /// The rule's name, as every output gives it.
        public var rule: String {
            switch self {
            case .body: "body, as the authors' released code (BunitBlock: the whole basic-block body is stacked)"
            case .first: "first, as the paper's printed Table 3 (only a basic block's first convolution is stacked)"
            }
        }
    }

    /// C2: the unit's hidden width.
    public var hidden: Int
    /// C2 for each stage of candidates (``stages(of:)``), in place of `hidden`.
    public var hiddenPerStage: [Int]?
    /// C1: the unit's input width.
    public var piece: Int
    public var replace: Replace
    public var residualScope: ResidualScope
    /// A user's unit, taking (c1, c2, c3[, stride]), in place of each kind's own.
    public var unit: UnitTemplate?

    public init(hidden: Int, piece: Int = 2, replace: Replace = .all, residualScope: ResidualScope = .body,
                hiddenPerStage: [Int]? = nil, unit: UnitTemplate? = nil) {
        self.hidden = hidden
        self.piece = piece
        self.replace = replace
        self.residualScope = residualScope
        self.hiddenPerStage = hiddenPerStage
        self.unit = unit
    }

    /// `resnet18-cifar10-tissue-h6-r`: the paper's n (hidden width, or one per stage), C1 when not
    /// 2, 'r' for inner, the residual scope when not the default, a user's unit.
    public func name(for base: String) -> String {
        var name = base + "-tissue-h" + (hiddenPerStage.map { $0.map(String.init).joined(separator: "-") } ?? "\(hidden)")
        if piece != 2 { name += "-p\(piece)" }
        if replace == .inner { name += "-r" }
        if residualScope == .first { name += "-first" }
        if let unit { name += "-" + unit.name }
        return name
    }

    /// Applies the transform: the stacked network, and the candidates it replaced. The stacked
    /// network has not been trained, so the baseline's accuracy is not carried over.
    public func apply(to network: Network) throws(Diagnostic) -> (network: Network, replaced: [Candidate]) {
        let graph = network.graph
        let candidates = try Self.candidates(in: graph)
        let chosen = try chosen(from: candidates, in: graph)
        guard !chosen.isEmpty else {
            throw Diagnostic(.nothingToStack(replace.description, kinds: Self.kindList), at: nil)
        }
        let hiddens = try hiddenWidths(candidates)
        var choices: [(candidate: Candidate, piece: Int, hidden: Int)] = []
        for candidate in chosen {
            let hidden = hiddens[candidates.firstIndex(of: candidate) ?? 0]
            // A user's unit goes wherever it fits; a built-in one fits every candidate of its kind.
            if let unit, (try? Self.replacement(for: candidate, piece: piece, hidden: hidden, scope: residualScope,
                                                unit: unit, in: graph)) == nil { continue }
            choices.append((candidate, piece, hidden))
        }
        if let unit, choices.isEmpty {
            throw Diagnostic(.unitFitsNowhere(unit.name, tried: chosen.map(\.path.description).joined(separator: ", ")),
                             at: nil)
        }
        var stacked = try Self.apply(to: network, residualScope: residualScope, unit: unit, choices: choices)
        stacked.name = name(for: network.name)
        return (stacked, choices.map(\.candidate))
    }

    /// C2 of each candidate: `hidden`, or the width given for its stage.
    func hiddenWidths(_ candidates: [Candidate]) throws(Diagnostic) -> [Int] {
        guard let hiddenPerStage else { return candidates.map { _ in hidden } }
        let stages = Self.stages(of: candidates)
        guard hiddenPerStage.count == stages.count else {
            throw Diagnostic(.hiddenPerStageCount(given: hiddenPerStage.count, stages: Self.stageNames(candidates)), at: nil)
        }
        var widths = candidates.map { _ in hidden }
        for (stage, width) in zip(stages, hiddenPerStage) {
            for index in stage { widths[index] = width }
        }
        return widths
    }

    /// Rewrites `network` with each chosen candidate stacked with its own piece C1 and hidden width C2.
    public static func apply(to network: Network, residualScope: ResidualScope = .body, unit: UnitTemplate? = nil,
                             choices: [(candidate: Candidate, piece: Int, hidden: Int)]) throws(Diagnostic) -> Network {
        let graph = network.graph
        var rewriter = GraphRewriter(graph)
        for (candidate, piece, hidden) in choices {
            let subgraph = try replacement(for: candidate, piece: piece, hidden: hidden, scope: residualScope, unit: unit,
                                           in: graph)
            do { try rewriter.replace(candidate.replaced(residualScope), with: subgraph) } catch {
                throw Diagnostic(DiagnosticKind(error), at: candidate.location)
            }
        }
        var result = network
        do { result.graph = try rewriter.apply().graph } catch { throw Diagnostic(error) }
        result.name = network.name + "-stacked"
        result.metadata.accuracy = nil
        return result
    }

    /// What replaces a candidate in `graph`: `stack (a/C1) x unit(C1, C2, C1·b/a[, stride])`, then
    /// the kind's activation, then for a run of hidden layers the linear layer that reads it.
    /// Its nodes are named under the block's path, and it gives the replaced nodes' output shape.
    public static func replacement(for candidate: Candidate, piece: Int, hidden: Int, scope: ResidualScope,
                                   unit: UnitTemplate? = nil, in graph: Graph) throws(Diagnostic) -> Graph {
        let replaced = candidate.replaced(scope)
        return try replacement(for: candidate, piece: piece, hidden: hidden, scope: scope, unit: unit,
                               input: graph[graph[replaced[0]].inputs[0]].outputShape,
                               output: graph[replaced[replaced.count - 1]].outputShape)
    }

    /// ``replacement(for:piece:hidden:scope:unit:in:)`` on the replaced nodes' input and output
    /// shapes. The design space counts the same subgraph, so the fast path and the transform agree
    /// by construction.
    public static func replacement(for candidate: Candidate, piece: Int, hidden: Int, scope: ResidualScope,
                                   unit: UnitTemplate?, input: TensorShape, output: TensorShape) throws(Diagnostic) -> Graph {
        let a = candidate.inputWidth
        let b = candidate.stackedWidth(scope)
        guard piece >= 1, a % piece == 0 else {
            throw Diagnostic(.pieceDoesNotDivide(path: candidate.path.description, width: a, piece: piece),
                             at: candidate.location)
        }
        guard (piece * b) % a == 0 else {
            throw Diagnostic(.unitOutputNotWhole(path: candidate.path.description, piece: piece, output: b, input: a),
                             at: candidate.location)
        }
        let template = unit ?? candidate.unit
        // The stride goes to a unit that takes it (bu, iru, a user's fourth parameter).
        let arguments = [piece, hidden, piece * b / a] + (template.parameters.count >= 4 ? [candidate.stride] : [])
        let graph: Graph
        do {
            var builder = GraphBuilder()
            let entry = builder.input(input, path: candidate.prefix.appending("input"))
            let stack = try BasicUnit.stack(template, count: a / piece, arguments: arguments, input: input,
                                            path: candidate.prefix.appending("stack"))
            var current = try builder.add(.stack(stack), inputs: [entry], path: candidate.prefix.appending("stack"))
            if let activation = candidate.activation {
                current = try builder.add(.activation(activation), current, path: candidate.prefix.appending("relu"))
            }
            if let reader = candidate.reader, case .operation(let operation) = reader.kind {
                current = try builder.add(operation, current, path: reader.path, location: reader.location, form: reader.form)
            }
            builder.output(current)
            graph = try builder.build()
        } catch {
            throw Diagnostic(DiagnosticKind(error), at: candidate.location)
        }
        guard graph[graph.output].outputShape == output else {
            throw Diagnostic(.unitDoesNotFit(template.name, path: candidate.path.description,
                                             expected: output.dimensions, found: graph[graph.output].outputShape.dimensions),
                             at: candidate.location)
        }
        return graph
    }
}
