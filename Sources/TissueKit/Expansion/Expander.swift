/// Expands a syntax tree into a graph: evaluates expressions, binds block arguments, unrolls
/// repeats, builds stacked units, and infers every node's shape as it goes (the built-in `in`
/// needs the shape of the tensor entering each statement).
public struct Expander {
    let file: SourceFile
    let limits: ExpansionLimits
    var steps = 0

    /// Where a body is being expanded: its graph, the tensor entering the next statement,
    /// the bound parameters, the path prefix and the chain of calls that led here.
    struct Scope {
        var graph: Graph
        var current: NodeID
        var parameters: [String: Value]
        var path: NodePath
        var calls: [Diagnostic.Note]
        /// The layout of the body being expanded so far.
        var items: [StructureItem] = []

        var currentShape: TensorShape { graph.nodes[current].outputShape }
    }

    public static func expand(_ file: SourceFile, defaultName: String = "model",
                              limits: ExpansionLimits = .init()) throws(Diagnostic) -> Network {
        var expander = Expander(file: file, limits: limits)
        guard let input = file.input else {
            throw Diagnostic(.missingInput, at: SourceLocation(line: 1, column: 1))
        }
        var scope = Scope(graph: Graph(input: TensorShape(input.dimensions), location: input.location),
                          current: 0, parameters: [:], path: NodePath(), calls: [])
        try expander.expandBody(file.body, in: &scope)
        scope.graph.output = scope.current
        scope.graph.structure = scope.items
        return Network(name: file.modelName ?? defaultName, graph: scope.graph, metadata: file.metadata)
    }

    // MARK: Bodies

    /// The name each statement of a body contributes to paths: its operation, block or composite
    /// name, numbered from 1 when that name occurs more than once in the same body.
    static func componentNames(_ body: [Statement]) -> [String] {
        let bases = body.map(baseName)
        var totals: [String: Int] = [:]
        for base in bases { totals[base, default: 0] += 1 }
        var seen: [String: Int] = [:]
        return bases.map { base in
            guard totals[base, default: 0] > 1 else { return base }
            seen[base, default: 0] += 1
            return "\(base)\(seen[base, default: 0])"
        }
    }

    static func baseName(_ statement: Statement) -> String {
        switch statement.kind {
        case .layer(let layer): layer.keyword.rawValue
        case .call(let call): call.name
        case .residual: "residual"
        case .concat: "concat"
        case .repeat: "repeat"
        case .stack: "stack"
        }
    }

    mutating func expandBody(_ body: [Statement], in scope: inout Scope) throws(Diagnostic) {
        for (statement, name) in zip(body, Self.componentNames(body)) {
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
            scope.current = try append(operation, inputs: [scope.current], path: path, at: statement.location, in: &scope)
            scope.items.append(.node(scope.current))

        case .call(let call):
            let definition = try lookUp(call, expecting: .block, in: scope)
            let arguments = try bind(call, to: definition, in: scope)
            var inner = try enter(call, in: scope, path: path, parameters: arguments)
            // Hand the graph and layout over rather than share them, so appending does not copy them.
            scope.graph = Graph(input: TensorShape([]))
            scope.items = []
            try expandBody(definition.body, in: &inner)
            scope.graph = inner.graph
            scope.current = inner.current
            scope.items = inner.items

        case .residual(let body, let shortcut):
            let entry = scope.current
            let (outer, outerItems) = (scope.path, scope.items)
            scope.path = path
            scope.items = []
            try expandBody(body, in: &scope)
            let (bodyOutput, bodyItems) = (scope.current, scope.items)
            var shortcutOutput = entry
            var shortcutItems: [StructureItem]?
            if let shortcut {
                scope.current = entry
                scope.path = path.appending("shortcut")
                scope.items = []
                try expandBody(shortcut, in: &scope)
                shortcutOutput = scope.current
                shortcutItems = scope.items
            }
            (scope.path, scope.items) = (outer, outerItems)
            scope.current = try append(.add, inputs: [bodyOutput, shortcutOutput], path: path.appending("add"),
                                       at: statement.location, in: &scope)
            scope.items.append(.residual(body: bodyItems, shortcut: shortcutItems, add: scope.current, path: path))

        case .concat(let branches):
            let entry = scope.current
            let (outer, outerItems) = (scope.path, scope.items)
            var outputs: [NodeID] = []
            var branchItems: [[StructureItem]] = []
            for (index, branch) in branches.enumerated() {
                scope.current = entry
                scope.path = branches.count > 1 ? path.appending("branch\(index + 1)") : path
                scope.items = []
                try expandBody(branch, in: &scope)
                outputs.append(scope.current)
                branchItems.append(scope.items)
            }
            (scope.path, scope.items) = (outer, outerItems)
            scope.current = try append(.concat, inputs: outputs, path: path.appending("cat"),
                                       at: statement.location, in: &scope)
            scope.items.append(.concat(branches: branchItems, cat: scope.current, path: path))

        case .repeat(let countExpression, let body):
            let count = try positiveInteger(countExpression, "a repeat count", in: scope)
            if count > limits.statements {
                throw Diagnostic(.nodeLimitExceeded(limits.statements), at: countExpression.location, notes: scope.calls)
            }
            let outer = scope.path
            for iteration in 1...count {
                try countStep(at: countExpression.location, scope)
                scope.path = path.appending(String(iteration))
                try expandBody(body, in: &scope)
            }
            scope.path = outer

        case .stack(let items):
            let stack = try makeStack(items, path: path, at: statement.location, in: scope)
            scope.current = try append(.stack(stack), inputs: [scope.current], path: path, at: statement.location, in: &scope)
            scope.items.append(.node(scope.current))
        }
    }

    /// Appends a node, turning a shape error into a located diagnostic.
    func append(_ operation: Operation, inputs: [NodeID], path: NodePath, at location: SourceLocation,
                in scope: inout Scope) throws(Diagnostic) -> NodeID {
        do {
            return try scope.graph.append(operation, inputs: inputs, path: path, location: location)
        } catch {
            throw Diagnostic(error.kind, at: location, notes: scope.calls)
        }
    }
}
