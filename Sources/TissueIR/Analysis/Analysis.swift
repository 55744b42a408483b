import TissueNumerics

/// The analysis of a network under one convention: a cost per layer and the totals.
public struct Analysis: Sendable, Equatable {
    public var model: String
    public var convention: Convention
    /// Samples per batch: MACs, FLOPs and activations are this many times one sample's
    /// (``Cost/params`` never changes). 1 unless a what-if asks for more.
    public var batch: Int = 1
    public var input: TensorShape
    public var output: TensorShape
    /// Every node but the inputs, in topological order.
    public var layers: [LayerCost]
    public var totals: Cost

    /// Operations the IR does not model, by name with how many times each occurs (units
    /// included): their costs are not in the totals, which are then lower bounds.
    public var uncounted: [(name: String, count: Int)] {
        var counts: [String: Int] = [:]
        func collect(_ layers: [LayerCost]) {
            for layer in layers {
                if case .opaque(let operation) = layer.kind { counts[operation.name, default: 0] += 1 }
                for unit in layer.units { collect(unit.layers) }
            }
        }
        collect(layers)
        return counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Analyses a network for a batch of `batch` samples (the rules count one sample; every
    /// count but the parameters is then `batch` times that). An overflowing count is an error
    /// naming the layer.
    public init(_ network: Network, convention: Convention = .standard, batch: Int = 1) throws(GraphError) {
        model = network.name
        self.convention = convention
        self.batch = max(batch, 1)
        input = network.graph.inputShape
        output = network.graph.outputShape
        (layers, totals) = try Self.analyze(network.graph, convention: convention)
        if self.batch > 1 {
            var scaled: [LayerCost] = []
            for layer in layers { scaled.append(try layer.scaled(by: self.batch)) }
            layers = scaled
            do { totals = try totals.scaled(by: self.batch) } catch {
                throw GraphError(.countOverflow, path: network.graph[network.graph.output].path)
            }
        }
    }

    /// Per-layer costs of a graph and their sum.
    public static func analyze(_ graph: Graph, convention: Convention) throws(GraphError) -> ([LayerCost], Cost) {
        var layers: [LayerCost] = []
        var totals = Cost.zero
        for node in graph.nodes {
            if case .input = node.kind { continue }
            let inputs = node.inputs.map { graph[$0].outputShape }
            let layer = try analyze(node, inputs: inputs, convention: convention)
            layers.append(layer)
            do { totals = try totals.adding(layer.cost) } catch {
                throw GraphError(.countOverflow, path: node.path, location: node.location)
            }
        }
        return (layers, totals)
    }

    /// The cost of one node: its operation's rules, or for a stacked layer the sum of its units
    /// plus the concatenated output, which is a tensor of its own.
    static func analyze(_ node: Node, inputs: [TensorShape], convention: Convention) throws(GraphError) -> LayerCost {
        var units: [UnitCost] = []
        var cost = Cost.zero
        do {
            switch node.kind {
            case .input, .opaque:
                break
            case .stack(let stack):
                for unit in stack.units {
                    let (unitLayers, unitTotals) = try analyze(unit.graph, convention: convention)
                    units.append(UnitCost(name: unit.name, width: unit.width, layers: unitLayers, totals: unitTotals))
                    cost = try cost.adding(unitTotals)
                }
                cost.activations = try Checked.add(cost.activations, try Checked.product(node.outputShape.dimensions))
            case .operation(let operation):
                let context = OperationContext(inputs: inputs, output: node.outputShape)
                let (macs, flops) = try operation.cost(convention, context, form: node.form)
                cost = Cost(params: try operation.parameterCount(input: context.input), macs: macs,
                            flops: flops, activations: try context.outputElements())
            }
        } catch let error as GraphError {
            throw error
        } catch {
            throw GraphError(.countOverflow, path: node.path, location: node.location)
        }
        return LayerCost(path: node.path, kind: node.kind, inputs: inputs, output: node.outputShape, cost: cost,
                         location: node.location, units: units, form: node.form)
    }
}
