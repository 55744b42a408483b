/// The analysis of a network under one convention: a cost per layer and the totals.
public struct Analysis: Sendable, Equatable {
    public var model: String
    public var convention: Convention
    public var input: TensorShape
    public var output: TensorShape
    /// Every node but the input, in topological order.
    public var layers: [LayerCost]
    public var totals: Cost

    /// Analyses a network. An overflowing count is an error naming the layer.
    public init(_ network: Network, convention: Convention = .standard) throws(Diagnostic) {
        model = network.name
        self.convention = convention
        input = network.graph.inputShape
        output = network.graph.outputShape
        (layers, totals) = try Self.analyze(network.graph, convention: convention)
    }

    /// Per-layer costs of a graph and their sum.
    public static func analyze(_ graph: Graph, convention: Convention) throws(Diagnostic) -> ([LayerCost], Cost) {
        var layers: [LayerCost] = []
        var totals = Cost.zero
        for node in graph.nodes where node.operation != .input {
            let inputs = node.inputs.map { graph.nodes[$0].outputShape }
            let layer = try analyze(node, inputs: inputs, convention: convention)
            layers.append(layer)
            do { totals = try totals.adding(layer.cost) } catch {
                throw Diagnostic(.countOverflow(path: node.path.description), at: node.location)
            }
        }
        return (layers, totals)
    }

    static func analyze(_ node: Node, inputs: [TensorShape], convention: Convention) throws(Diagnostic) -> LayerCost {
        var units: [UnitCost] = []
        var cost = Cost.zero
        do {
            if case .stack(let stack) = node.operation {
                for unit in stack.units {
                    let (unitLayers, unitTotals) = try analyze(unit.graph, convention: convention)
                    units.append(UnitCost(name: unit.name, width: unit.width, layers: unitLayers, totals: unitTotals))
                    cost = try cost.adding(unitTotals)
                }
                // The concatenated output is a tensor of its own.
                cost.activations = try Checked.add(cost.activations, try Checked.product(node.outputShape.dimensions))
            } else {
                let context = OperationContext(inputs: inputs, output: node.outputShape)
                let (macs, flops) = try node.operation.cost(convention, context)
                cost = Cost(params: try node.operation.parameterCount(), macs: macs, flops: flops,
                            activations: try context.outputElements())
            }
        } catch let error as Diagnostic {
            throw error
        } catch {
            throw Diagnostic(.countOverflow(path: node.path.description), at: node.location)
        }
        return LayerCost(path: node.path, operation: node.operation, inputs: inputs, output: node.outputShape,
                         cost: cost, location: node.location, units: units)
    }
}
