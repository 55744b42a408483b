import TissueDiagnostics
import TissueIR

/// Turns a baseline into its stacked (TissueNet) version, a rewrite `Network → Network`
/// following the authors' published code:
///
/// - a residual block whose body is conv3×3–bn–relu–conv3×3–bn, input width a and output width b,
///   becomes `stack (a/C1) x bu(C1, C2, C1·b/a, stride)` followed by `relu`; the shortcut is kept;
/// - in plain (VGG-style) networks, each consecutive pair conv3×3–bn–relu–conv3×3–bn–relu of widths
///   a→b→c becomes `stack (a/C1) x bu(C1, C2, C1·c/a)` followed by `relu`, leaving a normal
///   convolution between two stacked layers (the paper's Fig. 2a);
///
/// where `bu` is ``BasicUnit/standard``. The stem (a layer fed by the network input) always stays
/// normal. Only the top-level sequence is searched.
///
/// With ``ResidualScope/first`` only a residual body's first conv3×3–bn–relu (a → w) becomes the
/// stacked layer, `stack (a/C1) x bu(C1, C2, C1·w/a, stride)`, and its second convolution stays a
/// normal layer (so a normal layer separates every two stacked layers, as Section 3.3 asks); this
/// reading reproduces the paper's ResNet-18 numbers (see `Examples/paper/README.md`).
public struct StackTransform: Sendable {
    public enum Replace: Sendable, Equatable {
        /// Every eligible block or pair.
        case all
        /// All but the first and last stages (runs of candidates of equal output width): the paper's 'r'.
        case inner
        /// Blocks named by path (or a prefix of their path).
        case paths([String])
    }

    /// What a stacked layer replaces in a residual block.
    public enum ResidualScope: String, Sendable, CaseIterable {
        /// The whole body conv3×3–bn–relu–conv3×3–bn.
        case body
        /// The first conv3×3–bn–relu only; the second convolution stays normal.
        case first
    }

    /// C2: the unit's hidden width.
    public var hidden: Int
    /// C1: the unit's input width.
    public var piece: Int
    public var replace: Replace
    public var residualScope: ResidualScope

    public init(hidden: Int, piece: Int = 2, replace: Replace = .all, residualScope: ResidualScope = .body) {
        self.hidden = hidden
        self.piece = piece
        self.replace = replace
        self.residualScope = residualScope
    }

    /// `resnet18-cifar10-tissue-h6-r`: the paper's n (hidden width), C1 when not 2, 'r' for inner.
    public func name(for base: String) -> String {
        var name = base + "-tissue-h\(hidden)"
        if piece != 2 { name += "-p\(piece)" }
        if replace == .inner { name += "-r" }
        if residualScope == .first { name += "-first" }
        return name
    }

    /// Applies the transform: the stacked network, and the candidates it replaced. The stacked
    /// network has not been trained, so the baseline's accuracy is not carried over.
    public func apply(to network: Network) throws(Diagnostic) -> (network: Network, replaced: [Candidate]) {
        let chosen = try chosen(from: try Self.candidates(in: network.graph))
        guard !chosen.isEmpty else { throw Diagnostic(.nothingToStack(replace.description), at: nil) }
        var stacked = try Self.apply(to: network, residualScope: residualScope,
                                     choices: chosen.map { ($0, piece, hidden) })
        stacked.name = name(for: network.name)
        return (stacked, chosen)
    }

    /// Rewrites `network` with each chosen candidate stacked with its own piece C1 and hidden width C2.
    public static func apply(to network: Network, residualScope: ResidualScope = .body,
                             choices: [(candidate: Candidate, piece: Int, hidden: Int)]) throws(Diagnostic) -> Network {
        let graph = network.graph
        var rewriter = GraphRewriter(graph)
        for (candidate, piece, hidden) in choices {
            let replaced = candidate.replaced(residualScope)
            let input = graph[graph[replaced[0]].inputs[0]].outputShape
            let subgraph = try replacement(for: candidate, piece: piece, hidden: hidden, scope: residualScope, input: input)
            do { try rewriter.replace(replaced, with: subgraph) } catch {
                throw Diagnostic(DiagnosticKind(error), at: candidate.location)
            }
        }
        var result = network
        do { result.graph = try rewriter.apply().graph } catch { throw Diagnostic(error) }
        result.name = network.name + "-stacked"
        result.metadata.accuracy = nil
        return result
    }

    /// What replaces a candidate: `stack (a/C1) x bu(C1, C2, c3, stride)` then `relu`, on the
    /// block's `input`. Its nodes are named under the block's path. The design space counts the
    /// same subgraph, so the fast path and the transform agree by construction.
    public static func replacement(for candidate: Candidate, piece: Int, hidden: Int, scope: ResidualScope,
                                   input: TensorShape) throws(Diagnostic) -> Graph {
        let a = candidate.inputWidth
        let b = candidate.kind == .residual && scope == .first ? candidate.firstWidth : candidate.outputWidth
        guard piece >= 1, a % piece == 0 else {
            throw Diagnostic(.pieceDoesNotDivide(path: candidate.path.description, width: a, piece: piece),
                             at: candidate.location)
        }
        guard (piece * b) % a == 0 else {
            throw Diagnostic(.unitOutputNotWhole(path: candidate.path.description, piece: piece, output: b, input: a),
                             at: candidate.location)
        }
        do {
            var builder = GraphBuilder()
            let entry = builder.input(input, path: candidate.prefix.appending("input"))
            let stack = try BasicUnit.stack(count: a / piece, arguments: [piece, hidden, piece * b / a, candidate.stride],
                                            input: input, path: candidate.prefix.appending("stack"))
            let stacked = try builder.add(.stack(stack), inputs: [entry], path: candidate.prefix.appending("stack"))
            builder.output(try builder.add(.activation(.relu), stacked, path: candidate.prefix.appending("relu")))
            return try builder.build()
        } catch {
            throw Diagnostic(DiagnosticKind(error), at: candidate.location)
        }
    }

    /// The candidates the `replace` mode chooses.
    public func chosen(from candidates: [Candidate]) throws(Diagnostic) -> [Candidate] {
        switch replace {
        case .all:
            return candidates
        case .inner:
            let stages = Self.stages(of: candidates)
            return stages.count > 2 ? stages.dropFirst().dropLast().joined().map { candidates[$0] } : []
        case .paths(let paths):
            var result: [Candidate] = []
            for wanted in paths {
                let matches = candidates.filter {
                    $0.path.description == wanted || $0.path.description.hasPrefix(wanted + "/")
                }
                guard !matches.isEmpty else {
                    let names = candidates.flatMap { [$0.path.description, $0.path.components.first ?? ""] }
                    throw Diagnostic(.unknownBlockPath(wanted, suggestion: Suggestion.closest(to: wanted, among: names)), at: nil)
                }
                result += matches.filter { m in !result.contains { $0.nodes == m.nodes } }
            }
            return candidates.filter { c in result.contains { $0.nodes == c.nodes } }
        }
    }

    /// Candidates grouped into stages, runs of equal output width (indices into `candidates`):
    /// what `--replace inner` drops the first and last of, and what a per-stage sweep chooses for.
    public static func stages(of candidates: [Candidate]) -> [[Int]] {
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

extension StackTransform.Replace: CustomStringConvertible {
    public var description: String {
        switch self {
        case .all: "all"
        case .inner: "inner"
        case .paths(let paths): paths.joined(separator: ",")
        }
    }
}
