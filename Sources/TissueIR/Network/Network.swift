import TissueNumerics

/// A model: its graph, its name and what is known about it besides its layers. The root of the IR;
/// every front end produces one and every transform maps one to another.
public struct Network: Sendable, Equatable {
    public var name: String
    public var graph: Graph
    public var metadata: Metadata

    public init(name: String, graph: Graph, metadata: Metadata = Metadata()) {
        self.name = name
        self.graph = graph
        self.metadata = metadata
    }
}

/// What a model's description says besides its layers; later commands read it.
public struct Metadata: Sendable, Equatable {
    /// Top-1 accuracy in percent, kept as written.
    public var accuracy: DecimalLiteral?
    public var dataset: String?
    public var budgets: [BudgetLimit] = []

    public init(accuracy: DecimalLiteral? = nil, dataset: String? = nil, budgets: [BudgetLimit] = []) {
        self.accuracy = accuracy
        self.dataset = dataset
        self.budgets = budgets
    }
}
