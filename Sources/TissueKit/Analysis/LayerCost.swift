/// One analysed node: what it is, its shapes, and its counts. A stacked layer carries the
/// analysed layers of its units as children (their counts are already in its own).
public struct LayerCost: Sendable, Equatable {
    public var path: NodePath
    public var operation: Operation
    public var inputs: [TensorShape]
    public var output: TensorShape
    public var cost: Cost
    public var location: SourceLocation?
    /// For a stack: each unit's analysed layers, in channel order.
    public var units: [UnitCost]

    public var input: TensorShape? { inputs.first }
}

/// One basic unit of a stacked layer, analysed.
public struct UnitCost: Sendable, Equatable {
    public var name: String
    /// Input channels of the unit's piece.
    public var width: Int
    public var layers: [LayerCost]
    public var totals: Cost
}
