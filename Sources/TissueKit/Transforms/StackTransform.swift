/// Turns a baseline into its stacked (TissueNet) version, following the authors' published code:
///
/// - a residual block whose body is conv3×3–bn–relu–conv3×3–bn, input width a and output width b,
///   becomes `stack (a/C1) x bu(C1, C2, C1·b/a, stride)` followed by `relu`; the shortcut is kept;
/// - in plain (VGG-style) networks, each consecutive pair conv3×3–bn–relu–conv3×3–bn–relu of widths
///   a→b→c becomes `stack (a/C1) x bu(C1, C2, C1·c/a)` followed by `relu`, leaving a normal
///   convolution between two stacked layers (the paper's Fig. 2a);
///
/// where the unit `bu` is conv3×3(stride)–bn–relu–conv3×3–bn without bias. The stem (a layer fed
/// by the network input) always stays normal. Only the top-level sequence is searched.
///
/// With ``ResidualScope/first`` only a residual body's first conv3×3–bn–relu becomes the stacked
/// layer and its second convolution stays a normal layer (so a normal layer separates every two
/// stacked layers, as Section 3.3 asks); this reading reproduces the paper's ResNet-18 numbers
/// (see `Examples/paper/README.md`), the default follows the statement of the rule.
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

    /// A block or pair that the rule can stack.
    public struct Candidate: Sendable, Equatable {
        public enum Kind: Sendable { case residual, pair }
        public var kind: Kind
        public var path: NodePath
        /// Input width a and output width b (c for a pair).
        public var inputWidth: Int
        public var outputWidth: Int
        public var stride: Int
        /// The residual's add node, or the pair's six nodes in order.
        public var nodes: [NodeID]
        public var location: SourceLocation?
        /// A residual body's nodes (conv1, bn1, relu, conv2, bn2).
        public var body: [NodeID] = []
        /// A residual body's second convolution, kept as a normal layer by ``ResidualScope/first``.
        public var second: Convolution?
    }

    /// The unit every stacked layer uses.
    public static let unitDefinition = [
        "unit bu(c1, c2, c3, stride=1) in c1 {",
        "  conv c2 k=3 s=stride p=1 bias=false; bn; relu",
        "  conv c3 k=3 p=1 bias=false; bn",
        "}",
    ]

    /// Every candidate in the network's top-level sequence, in order.
    public static func candidates(in graph: Graph) -> [Candidate] {
        let items = graph.structure
        var result: [Candidate] = []
        var stackedSinceNormalConv = false
        var index = 0
        while index < items.count {
            if case .residual(let body, _, let add, let path) = items[index], let c = residualCandidate(body, add, path, graph) {
                result.append(c)
            } else if let pair = pairCandidate(items, at: index, graph), !stackedSinceNormalConv {
                result.append(pair)
                stackedSinceNormalConv = true
                index += 6
                continue
            } else if case .node(let id) = items[index], case .convolution = graph.nodes[id].operation {
                stackedSinceNormalConv = false
            }
            index += 1
        }
        return result
    }

    /// `conv k3 p1 (stride s)` with no groups or dilation.
    static func plainConv3(_ operation: Operation, stride: Int? = nil) -> Convolution? {
        guard case .convolution(let c) = operation, c.kernel == Pair(3, 3), c.padding == Pair(1, 1),
              c.dilation == .one, c.groups == 1, c.stride.height == c.stride.width else { return nil }
        if let stride, c.stride.height != stride { return nil }
        return c
    }

    static func nodeOperations(_ items: ArraySlice<StructureItem>, _ graph: Graph) -> [Operation]? {
        var operations: [Operation] = []
        for item in items {
            guard case .node(let id) = item else { return nil }
            operations.append(graph.nodes[id].operation)
        }
        return operations
    }

    static func residualCandidate(_ body: [StructureItem], _ add: NodeID, _ path: NodePath, _ graph: Graph) -> Candidate? {
        guard body.count == 5, let ops = nodeOperations(body[...], graph),
              let first = plainConv3(ops[0]), ops[1].isBatchNorm, ops[2] == .activation(.relu),
              let second = plainConv3(ops[3], stride: 1), ops[4].isBatchNorm else { return nil }
        return Candidate(kind: .residual, path: path, inputWidth: first.inChannels, outputWidth: second.outChannels,
                         stride: first.stride.height, nodes: [add], location: graph.nodes[body[0].outputNode].location,
                         body: body.map(\.outputNode), second: second)
    }

    static func pairCandidate(_ items: [StructureItem], at index: Int, _ graph: Graph) -> Candidate? {
        guard index + 6 <= items.count, let ops = nodeOperations(items[index..<index + 6], graph),
              let first = plainConv3(ops[0], stride: 1), ops[1].isBatchNorm, ops[2] == .activation(.relu),
              let second = plainConv3(ops[3], stride: 1), ops[4].isBatchNorm, ops[5] == .activation(.relu) else { return nil }
        let firstNode = graph.nodes[items[index].outputNode]
        guard firstNode.inputs != [0] else { return nil }  // the stem stays normal
        return Candidate(kind: .pair, path: firstNode.path, inputWidth: first.inChannels, outputWidth: second.outChannels,
                         stride: 1, nodes: items[index..<index + 6].map(\.outputNode), location: firstNode.location)
    }

    /// The candidates the `replace` mode chooses.
    public func chosen(from candidates: [Candidate]) throws(Diagnostic) -> [Candidate] {
        switch replace {
        case .all:
            return candidates
        case .inner:
            var stages: [[Candidate]] = []
            for candidate in candidates {
                if let last = stages.last?.last, last.outputWidth == candidate.outputWidth {
                    stages[stages.count - 1].append(candidate)
                } else {
                    stages.append([candidate])
                }
            }
            return stages.count > 2 ? Array(stages.dropFirst().dropLast().joined()) : []
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

    /// Writes the stacked version as `.arch` source. `header` lines become comments.
    public func apply(to network: Network, header: [String] = []) throws(Diagnostic) -> (source: String, replaced: [Candidate]) {
        guard !network.graph.structure.isEmpty else { throw Diagnostic(.transformNeedsLayout, at: nil) }
        let chosen = try chosen(from: Self.candidates(in: network.graph))
        guard !chosen.isEmpty else { throw Diagnostic(.nothingToStack(replace.description), at: nil) }
        let source = try Self.write(network, name: name(for: network.name), header: header, residualScope: residualScope,
                                    choices: chosen.map { ($0, piece, hidden) })
        return (source, chosen)
    }

    /// Writes `network` with each chosen candidate stacked with its own piece C1 and hidden width C2.
    /// The baseline's `accuracy` is not carried over: the stacked network has not been trained.
    public static func write(_ network: Network, name: String? = nil, header: [String] = [],
                             residualScope: ResidualScope = .body,
                             choices: [(candidate: Candidate, piece: Int, hidden: Int)]) throws(Diagnostic) -> String {
        var printer = ArchPrinter()
        printer.header = header + wrapped("Stacked: ", choices.map(\.candidate.path.description))
        printer.definitions = unitDefinition
        for (candidate, piece, hidden) in choices {
            let (a, b) = (candidate.inputWidth, candidate.outputWidth)
            guard a % piece == 0 else {
                throw Diagnostic(.pieceDoesNotDivide(path: candidate.path.description, width: a, piece: piece), at: candidate.location)
            }
            guard (piece * b) % a == 0 else {
                throw Diagnostic(.unitOutputNotWhole(path: candidate.path.description, piece: piece, output: b, input: a),
                                 at: candidate.location)
            }
            let stride = candidate.stride == 1 ? "" : ", \(candidate.stride)"
            var lines = ["stack (in/\(piece)) x bu(\(piece), \(hidden), \(piece * b / a)\(stride))", "relu"]
            switch candidate.kind {
            case .residual:
                if residualScope == .first, let second = candidate.second,
                   let statement = ArchPrinter.statement(.convolution(second), input: TensorShape([b])) {
                    lines.append(statement + "; bn")
                }
                printer.residualBodies[candidate.nodes[0]] = lines
            case .pair:
                for node in candidate.nodes.dropLast() { printer.replacements[node] = [] }
                printer.replacements[candidate.nodes[candidate.nodes.count - 1]] = lines
            }
        }
        var renamed = network
        renamed.name = name ?? network.name + "-stacked"
        renamed.metadata.accuracy = nil
        return printer.print(renamed)
    }

    /// `Stacked: a, b, c` folded into comment lines of at most 90 characters.
    static func wrapped(_ lead: String, _ items: [String]) -> [String] {
        var lines: [String] = []
        var line = lead
        for (index, item) in items.enumerated() {
            let piece = item + (index + 1 < items.count ? "," : "")
            if line.count + piece.count + 1 > 90, line != lead {
                lines.append(line)
                line = "  "
            }
            line += (line.hasSuffix(" ") ? "" : " ") + piece
        }
        lines.append(line)
        return lines
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

extension Operation {
    var isBatchNorm: Bool {
        if case .batchNorm = self { return true }
        return false
    }
}
