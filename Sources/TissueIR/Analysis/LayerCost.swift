/// One analysed node: what it is, its shapes, and its counts. A stacked layer carries the
/// analysed layers of its units as children (their counts are already in its own).
public struct LayerCost: Sendable, Equatable {
    public var path: NodePath
    public var kind: NodeKind
    public var inputs: [TensorShape]
    public var output: TensorShape
    public var cost: Cost
    public var location: SourceLocation?
    /// For a stack: each unit's analysed layers, in channel order.
    public var units: [UnitCost]
    /// How PyTorch calls the operation (see ``CallForm``).
    public var form: CallForm = .module

    public var input: TensorShape? { inputs.first }

    /// The operation's name (`conv`, `dwconv`, `stack`), as the `op` field of JSON reports.
    public var name: String { kind.name(inChannels: input?.channels ?? 0) }
    /// The table description: `conv 3x3 s2`, `stack 64×bu`, `relu fn` for a function call.
    public var summary: String { kind.summary(inChannels: input?.channels ?? 0) + (form == .function ? " fn" : "") }

    /// The layer for `batch` samples: its MACs, FLOPs and activations (and its units') times `batch`.
    func scaled(by batch: Int) throws(GraphError) -> LayerCost {
        var copy = self
        do {
            copy.cost = try cost.scaled(by: batch)
            for u in units.indices { copy.units[u].totals = try units[u].totals.scaled(by: batch) }
        } catch {
            throw GraphError(.countOverflow, path: path, location: location)
        }
        for u in units.indices {
            for l in units[u].layers.indices { copy.units[u].layers[l] = try units[u].layers[l].scaled(by: batch) }
        }
        return copy
    }
}

/// One basic unit of a stacked layer, analysed.
public struct UnitCost: Sendable, Equatable {
    public var name: String
    /// Input channels of the unit's piece.
    public var width: Int
    public var layers: [LayerCost]
    public var totals: Cost
}

extension NodeKind {
    /// `input`, `stack`, or the operation's name from ``OperationKind``.
    public func name(inChannels: Int) -> String {
        switch self {
        case .input: "input"
        case .operation(let operation): operation.kind(inChannels: inChannels).name
        case .stack: "stack"
        case .opaque(let operation): operation.name
        }
    }

    /// A short description for tables (see ``Operation/summary(inChannels:)``, ``Stack/summary``).
    public func summary(inChannels: Int) -> String {
        switch self {
        case .input: "input"
        case .operation(let operation): operation.summary(inChannels: inChannels)
        case .stack(let stack): stack.summary
        case .opaque(let operation): operation.name + " (not counted)"
        }
    }
}
