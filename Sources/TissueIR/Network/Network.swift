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
    /// The model CE and SE budgets compare with, as the description names it (a path relative to
    /// the description's own file).
    public var baseline: BaselineReference?

    public init(accuracy: DecimalLiteral? = nil, dataset: String? = nil, budgets: [BudgetLimit] = []) {
        self.accuracy = accuracy
        self.dataset = dataset
        self.budgets = budgets
    }
}

/// A baseline named by a model's description: where to find it, and where it was named.
public struct BaselineReference: Sendable, Equatable {
    public var path: String
    public var location: SourceLocation?

    public init(path: String, location: SourceLocation? = nil) {
        self.path = path
        self.location = location
    }
}
