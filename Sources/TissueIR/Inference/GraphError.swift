/// Why a graph cannot be built or counted, keyed by the node where it happened. Front ends turn
/// it into their own located messages (the `.arch` front end adds the line, the column and its
/// advice); ``GraphProblem/description`` is the neutral sentence.
public struct GraphError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problem: GraphProblem
    /// The node being built or counted, when there is one.
    public var path: NodePath?
    /// Where a front end read that node, when it was read from text.
    public var location: SourceLocation?

    public init(_ problem: GraphProblem, path: NodePath? = nil, location: SourceLocation? = nil) {
        self.problem = problem
        self.path = path
        self.location = location
    }

    public var description: String {
        (path.map { "\($0): " } ?? "") + problem.description
    }
}

/// Everything that can be wrong with a graph. Shape rules follow PyTorch's; the last group are
/// broken invariants of the graph itself, which only a faulty front end or transform can cause.
public enum GraphProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case linearNeedsVector(shape: [Int])
    case needsImage(operation: String, shape: [Int])
    case emptyOutput(operation: String, input: [Int], detail: String)
    case groupsDoNotDivide(operation: String, channels: Int, groups: Int)
    case paddingTooLarge(operation: String, padding: Int, kernel: Int)
    /// An `add` of two shapes that differ (a residual's body and shortcut).
    case addMismatch([Int], [Int])
    case concatMismatch([Int], [Int])
    /// Two operands of an elementwise operation that do not broadcast.
    case broadcastMismatch(operation: String, [Int], [Int])
    /// An operation given a tensor of the wrong kind (`expected` says which, e.g. `N×D tokens`).
    case needsShape(operation: String, expected: String, shape: [Int])
    /// `matmul` operands whose inner sizes differ or whose leading axes do not broadcast.
    case matmulMismatch([Int], [Int])
    /// Attention heads that do not divide the width.
    case headsDoNotDivide(operation: String, width: Int, heads: Int)
    /// `select` of a token beyond the sequence.
    case tokenOutOfRange(index: Int, tokens: Int)
    /// A positional embedding with fewer positions than the sequence has tokens.
    case tooFewPositions(positions: Int, tokens: Int)
    /// A tied linear layer with no embedding table of its shape to share.
    case tiedWithoutEmbedding(outFeatures: Int, inFeatures: Int)
    case stackWidthMismatch(sum: Int, channels: Int)
    case stackOutputMismatch([Int], [Int])
    case emptyStack
    /// A transform asked for more units in one stacked layer than it builds.
    case tooManyUnits(count: Int, limit: Int)
    case countOverflow
    /// A setting no layer can have (a zero kernel or stride, a negative padding, no outputs).
    case invalidSetting(operation: String, setting: String, value: Int)
    // Invariants of the graph.
    case wrongInputCount(operation: String, expected: String, found: Int)
    case unknownNode(NodeID)
    case notAnInput(NodeID)
    case noInput
    case noOutput
    case duplicateName(String)
    case unitNeedsOneInputAndOutput(String)
    case regionNotSingleExit(NodeID)
    case rewriteOverlap(NodeID)

    public var description: String {
        switch self {
        case .linearNeedsVector(let shape):
            "a linear layer needs a vector or tokens, but gets the map \(Self.shape(shape))"
        case .needsShape(let op, let expected, let shape):
            "'\(op)' needs \(expected), but gets \(Self.shape(shape))"
        case .matmulMismatch(let a, let b):
            "a matmul of \(Self.shape(a)) and \(Self.shape(b)): the inner sizes or the leading axes do not match"
        case .headsDoNotDivide(let op, let width, let heads):
            "'\(op)' splits width \(width) into \(heads) heads, which does not divide evenly"
        case .tokenOutOfRange(let index, let tokens):
            "'select' of token \(index) from a sequence of \(tokens)"
        case .tooFewPositions(let positions, let tokens):
            "a positional embedding of \(positions) positions for \(tokens) tokens"
        case .tiedWithoutEmbedding(let out, let input):
            "a tied linear layer \(input)→\(out) needs an embedding table \(out)x\(input) earlier in the network"
        case .needsImage(let op, let shape):
            "'\(op)' needs a CxHxW input, but gets the vector \(Self.shape(shape))"
        case .emptyOutput(let op, let input, let detail):
            "'\(op)' on \(Self.shape(input)) leaves no output (\(detail))"
        case .groupsDoNotDivide(let op, let channels, let groups):
            "'\(op)' splits \(channels) channels into \(groups) groups, which does not divide evenly"
        case .paddingTooLarge(let op, let padding, let kernel):
            "'\(op)' padding \(padding) is more than half the window \(kernel)"
        case .addMismatch(let a, let b):
            "an add of \(Self.shape(a)) and \(Self.shape(b)): the shapes differ"
        case .broadcastMismatch(let op, let a, let b):
            "'\(op)' of \(Self.shape(a)) and \(Self.shape(b)): the shapes do not broadcast"
        case .concatMismatch(let a, let b):
            "a concatenation of \(Self.shape(a)) and \(Self.shape(b)): the spatial sizes differ"
        case .stackWidthMismatch(let sum, let channels):
            "the stacked units take \(sum) channels in all, but the input has \(channels)"
        case .stackOutputMismatch(let a, let b):
            "stacked units disagree on their output's spatial size: \(Self.shape(a)) and \(Self.shape(b))"
        case .emptyStack:
            "a stacked layer needs at least one unit"
        case .tooManyUnits(let count, let limit):
            "stacking here would build \(count) units in one layer, more than the \(limit) a transform builds; "
                + "give each unit more channels (a wider piece)"
        case .countOverflow:
            "the counts overflow a 64-bit integer"
        case .invalidSetting(let op, let setting, let value):
            "'\(op)' cannot have \(setting) \(value)"
        case .wrongInputCount(let op, let expected, let found):
            "'\(op)' takes \(expected), but \(found) were given"
        case .unknownNode(let id):
            "node \(id) is not earlier in the graph"
        case .notAnInput(let id):
            "node \(id) is not an input of the graph"
        case .noInput:
            "the graph has no input"
        case .noOutput:
            "the graph has no output"
        case .duplicateName(let name):
            "two inputs or outputs are named '\(name)'"
        case .unitNeedsOneInputAndOutput(let name):
            "unit '\(name)' must have exactly one input and one output"
        case .regionNotSingleExit(let id):
            "the nodes to replace are read from outside through \(id), not only through their exit"
        case .rewriteOverlap(let id):
            "node \(id) is part of two rewrites"
        }
    }

    /// `64x32x32` or `10`.
    public static func shape(_ dims: [Int]) -> String {
        dims.map(String.init).joined(separator: "x")
    }
}
