import TissueDiagnostics
import TissueIR

/// Expands a syntax tree into a graph through ``GraphBuilder``: evaluates expressions, binds
/// block arguments, unrolls repeats and builds stacked units. Shapes are inferred as each node is
/// added, which the built-in `in` needs (the channels entering each statement).
public struct Expander {
    let file: SourceFile
    let limits: ExpansionLimits
    var steps = 0
    /// Each unit definition's template, once worked out (nil when it has none).
    var templates: [String: UnitTemplate?] = [:]
    /// Definitions examined to resolve calls: one per call, since they are found by name in a
    /// table. Tests hold it to the number of calls, so that resolution stays linear overall.
    var definitionsExamined = 0

    /// Where a body is being expanded: the graph so far, the value entering the next statement,
    /// the bound parameters, the path prefix and the chain of calls that led here.
    struct Scope {
        var builder: GraphBuilder
        var current: NodeID
        var parameters: [String: Value]
        var path: NodePath
        var chain: CallChain

        /// The notes an error here shows: the calls that led to it.
        var calls: [Diagnostic.Note] { chain.notes }

        var currentShape: TensorShape { builder.shape(of: current) }
    }

    public static func expand(_ file: SourceFile, defaultName: String = "model",
                              limits: ExpansionLimits = .init()) throws(Diagnostic) -> Network {
        try expandMeasured(file, defaultName: defaultName, limits: limits).network
    }

    /// ``expand(_:defaultName:limits:)`` with the work it did: statements expanded and
    /// definitions examined.
    static func expandMeasured(_ file: SourceFile, defaultName: String = "model", limits: ExpansionLimits = .init())
        throws(Diagnostic) -> (network: Network, statements: Int, definitionsExamined: Int) {
        var expander = Expander(file: file, limits: limits)
        guard let input = file.input else {
            throw Diagnostic(.missingInput, at: SourceLocation(line: 1, column: 1))
        }
        var builder = GraphBuilder()
        // Two dimensions are a sequence of tokens; one a vector, three a C×H×W map.
        let entry = builder.input(TensorShape(input.dimensions, layout: input.dimensions.count == 2 ? .channelsLast : .channelsFirst),
                                  location: input.location)
        var scope = Scope(builder: builder, current: entry, parameters: [:], path: NodePath(), chain: CallChain())
        try expander.expandBody(file.body, in: &scope)
        scope.builder.output(scope.current)
        let network = Network(name: file.modelName ?? defaultName, graph: try expander.finish(scope.builder),
                              metadata: file.metadata)
        return (network, expander.steps, expander.definitionsExamined)
    }

    /// The built graph. The builder's checks passed node by node, so this cannot fail on a
    /// graph the expander made; a failure would be a broken invariant, reported as such.
    func finish(_ builder: GraphBuilder) throws(Diagnostic) -> Graph {
        do { return try builder.build() } catch { throw Diagnostic(error, notes: []) }
    }

    // MARK: Bodies

    static func baseName(_ statement: Statement) -> String {
        switch statement.kind {
        case .layer(let layer): layer.keyword.rawValue
        case .call(let call): call.name
        case .residual: "residual"
        case .scale: "scale"
        case .matmul: "matmul"
        case .concat: "concat"
        case .repeat: "repeat"
        case .stack: "stack"
        }
    }

    mutating func expandBody(_ body: [Statement], in scope: inout Scope) throws(Diagnostic) {
        for (statement, name) in zip(body, NodePath.componentNames(body.map(Self.baseName))) {
            try expandStatement(statement, named: name, in: &scope)
        }
    }

    mutating func countStep(at location: SourceLocation, _ scope: Scope) throws(Diagnostic) {
        steps += 1
        guard steps <= limits.statements else {
            throw Diagnostic(.nodeLimitExceeded(limits.statements), at: location, notes: scope.calls)
        }
    }

    mutating func expandStatement(_ statement: Statement, named name: String, in scope: inout Scope) throws(Diagnostic) {
        try countStep(at: statement.location, scope)
        let path = scope.path.appending(name)
        switch statement.kind {
        case .layer(let layer):
            let operation = try makeOperation(layer, at: statement.location, in: scope)
            scope.current = try append(.operation(operation), inputs: [scope.current], path: path,
                                       at: statement.location, in: &scope, form: layer.function ? .function : .module)

        case .call(let call):
            let definition = try lookUp(call, expecting: .block, in: scope)
            let arguments = try bind(call, to: definition, in: scope)
            var inner = try enter(call, of: .block, in: scope, path: path, parameters: arguments)
            // Hand the builder over rather than share it, so appending does not copy the graph.
            scope.builder = GraphBuilder()
            try expandBody(definition.body, in: &inner)
            scope.builder = inner.builder
            scope.current = inner.current

        case .residual(let body, let shortcut):
            let entry = scope.current
            let outer = scope.path
            scope.path = path
            try expandBody(body, in: &scope)
            let bodyOutput = scope.current
            var shortcutOutput = entry
            if let shortcut {
                scope.current = entry
                scope.path = path.appending("shortcut")
                try expandBody(shortcut, in: &scope)
                shortcutOutput = scope.current
            }
            scope.path = outer
            scope.current = try append(.operation(.add), inputs: [bodyOutput, shortcutOutput], path: path.appending("add"),
                                       at: statement.location, in: &scope)

        case .scale(let body):
            let entry = scope.current
            let outer = scope.path
            scope.path = path
            try expandBody(body, in: &scope)
            let gate = scope.current
            scope.path = outer
            scope.current = try append(.operation(.multiply), inputs: [entry, gate], path: path.appending("mul"),
                                       at: statement.location, in: &scope)

        case .matmul(let left, let right):
            let entry = scope.current
            let outer = scope.path
            var operands: [NodeID] = []
            for (index, body) in [left, right].enumerated() {
                scope.current = entry
                scope.path = path.appending(index == 0 ? "left" : "right")
                try expandBody(body, in: &scope)
                operands.append(scope.current)
            }
            scope.path = outer
            scope.current = try append(.operation(.matmul), inputs: operands, path: path.appending("product"),
                                       at: statement.location, in: &scope)

        case .concat(let branches, let axis):
            let entry = scope.current
            let outer = scope.path
            var outputs: [NodeID] = []
            for (index, branch) in branches.enumerated() {
                scope.current = entry
                scope.path = branches.count > 1 ? path.appending("branch\(index + 1)") : path
                try expandBody(branch, in: &scope)
                outputs.append(scope.current)
            }
            scope.path = outer
            scope.current = try append(.operation(.concat(along: axis)), inputs: outputs, path: path.appending("cat"),
                                       at: statement.location, in: &scope)

        case .repeat(let countExpression, let body):
            // `repeat 0` expands to nothing, so "first block, then repeat n−1" works for n = 1.
            let count = try integer(countExpression, in: scope)
            guard count >= 0 else {
                throw Diagnostic(.negative("a repeat count", count), at: countExpression.location, notes: scope.calls)
            }
            if count > limits.statements {
                throw Diagnostic(.nodeLimitExceeded(limits.statements), at: countExpression.location, notes: scope.calls)
            }
            let outer = scope.path
            for iteration in stride(from: 1, through: count, by: 1) {
                try countStep(at: countExpression.location, scope)
                scope.path = path.appending(String(iteration))
                try expandBody(body, in: &scope)
            }
            scope.path = outer

        case .stack(let items):
            let stack = try makeStack(items, path: path, at: statement.location, in: scope)
            scope.current = try append(.stack(stack), inputs: [scope.current], path: path, at: statement.location, in: &scope)
        }
    }

    /// Appends a node, turning a graph error into a located diagnostic with the `.arch` advice.
    func append(_ kind: NodeKind, inputs: [NodeID], path: NodePath, at location: SourceLocation,
                in scope: inout Scope, form: CallForm = .module) throws(Diagnostic) -> NodeID {
        do {
            return try scope.builder.add(kind, inputs: inputs, path: path, location: location, form: form)
        } catch {
            throw Diagnostic(error, notes: scope.calls)
        }
    }
}

/// Bounds that keep a malformed or hostile file from hanging the tool or exhausting its memory
/// (`docs/reliability.md` lists them with the flags that raise them).
public struct ExpansionLimits: Sendable {
    /// Nested block/unit calls.
    public var callDepth: Int
    /// Statements, both as written (in every body) and as expanded (layers, calls, repeat
    /// iterations, units) in the whole network.
    public var statements: Int
    /// Bytes of source text, checked before the text is read into tokens.
    public var inputBytes: Int

    public static let defaultInputBytes = 16 << 20

    public init(callDepth: Int = 64, statements: Int = 500_000, inputBytes: Int = ExpansionLimits.defaultInputBytes) {
        self.callDepth = callDepth
        self.statements = statements
        self.inputBytes = inputBytes
    }
}
