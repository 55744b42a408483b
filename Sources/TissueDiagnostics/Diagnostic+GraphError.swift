import TissueIR

extension Diagnostic {
    /// A graph error from building or counting a network, at the place its front end read the
    /// node from, worded for a user who writes networks in `.arch` (`add 'flatten' before it`).
    public init(_ error: GraphError, notes: [Note] = []) {
        self.init(DiagnosticKind(error), at: error.location, notes: notes)
    }
}

extension DiagnosticKind {
    /// The wording of a graph problem for the user: the IR's neutral problem with the language's
    /// advice. Problems a user cannot cause (broken invariants) become ``graph(_:)``.
    public init(_ error: GraphError) {
        switch error.problem {
        case .linearNeedsVector(let shape): self = .linearNeedsVector(shape)
        case .needsImage(let op, let shape): self = .needsImage(op, shape)
        case .emptyOutput(let op, let input, let detail): self = .emptyOutput(op, input: input, detail: detail)
        case .groupsDoNotDivide(let op, let channels, let groups): self = .groupsDoNotDivide(op, channels: channels, groups: groups)
        case .paddingTooLarge(let op, let padding, let kernel): self = .paddingTooLarge(op, padding: padding, kernel: kernel)
        case .addMismatch(let body, let shortcut): self = .residualMismatch(body: body, shortcut: shortcut)
        case .concatMismatch(let a, let b): self = .concatMismatch(a, b)
        case .broadcastMismatch(let op, let a, let b): self = .broadcastMismatch(op, a, b)
        case .needsShape(let op, let expected, let shape): self = .needsShape(op, expected: expected, shape)
        case .matmulMismatch(let a, let b): self = .matmulMismatch(a, b)
        case .headsDoNotDivide(let op, let width, let heads): self = .headsDoNotDivide(op, width: width, heads: heads)
        case .tokenOutOfRange(let index, let tokens): self = .tokenOutOfRange(index: index, tokens: tokens)
        case .tooFewPositions(let positions, let tokens): self = .tooFewPositions(positions: positions, tokens: tokens)
        case .tiedWithoutEmbedding(let out, let input): self = .tiedWithoutEmbedding(outFeatures: out, inFeatures: input)
        case .stackWidthMismatch(let sum, let channels): self = .stackWidthMismatch(sum: sum, channels: channels)
        case .stackOutputMismatch(let a, let b): self = .stackOutputMismatch(a, b)
        case .countOverflow: self = .countOverflow(path: error.path?.description ?? "")
        case .invalidSetting(let op, let setting, let value): self = .invalidSetting(op, setting: setting, value: value, requirement: nil)
        case .tooManyUnits(let count, let limit): self = .tooManyUnits(count: count, limit: limit)
        case .emptyStack, .wrongInputCount, .unknownNode, .notAnInput, .noInput, .noOutput,
             .duplicateName, .unitNeedsOneInputAndOutput, .regionNotSingleExit, .rewriteOverlap:
            self = .graph(error.description)
        }
    }
}
