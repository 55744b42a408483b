/// The result of expanding a source file: the model's graph plus the metadata later
/// commands read (accuracy, dataset, budgets).
public struct Network: Sendable, Equatable {
    public var name: String
    public var graph: Graph
    public var metadata: Metadata

    public init(name: String, graph: Graph, metadata: Metadata = Metadata()) {
        self.name = name
        self.graph = graph
        self.metadata = metadata
    }

    /// Parses and expands `.arch` source text. `defaultName` names a model without a `model` line.
    public static func parse(_ source: String, defaultName: String = "model",
                             limits: ExpansionLimits = .init()) throws(Diagnostic) -> Network {
        let file = try Parser.parse(source)
        return try Expander.expand(file, defaultName: defaultName, limits: limits)
    }
}

/// Bounds that keep a malformed or hostile file from hanging the tool.
public struct ExpansionLimits: Sendable {
    /// Nested block/unit calls.
    public var callDepth: Int
    /// Expanded statements (layers, calls, repeat iterations, units) in the whole network.
    public var statements: Int

    public init(callDepth: Int = 64, statements: Int = 500_000) {
        self.callDepth = callDepth
        self.statements = statements
    }
}
