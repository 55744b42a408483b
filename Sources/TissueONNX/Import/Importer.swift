import TissueIR

/// How a file's free choices are bound: symbolic dimensions and the input size.
public struct ONNXImportOptions: Sendable, Equatable {
    /// The value of a symbolic first (batch) dimension (`--batch`).
    public var batch: Int?
    /// A new height and width for the first C×H×W input (`--input HxW`), which also binds
    /// symbolic spatial dimensions.
    public var inputSize: (height: Int, width: Int)?
    /// Values of other symbolic dimensions by name.
    public var symbols: [String: Int]

    public init(batch: Int? = nil, inputSize: (height: Int, width: Int)? = nil, symbols: [String: Int] = [:]) {
        self.batch = batch
        self.inputSize = inputSize
        self.symbols = symbols
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.batch == b.batch && a.inputSize?.height == b.inputSize?.height && a.inputSize?.width == b.inputSize?.width
            && a.symbols == b.symbols
    }
}

/// Why a node's conversion stopped; the main loop adds the node.
enum NodeFailure: Error {
    case problem(NodeProblem)
    case graph(GraphError)
}

/// ONNX graph → IR. Nodes are read once, in file order (ONNX requires topological order); each
/// value name is bound to a ``Value``. Shape arithmetic is evaluated as it goes (constants),
/// weights are shapes only, and data becomes IR nodes through `GraphBuilder`. A channel split
/// opens per-unit builders (scopes) that a matching Concat closes into a `Stack`
/// (`Importer+Stacks`). The operator table (`OperatorTable`) says what each op_type becomes.
struct Importer {
    let graph: ONNXGraph
    let options: ONNXImportOptions
    /// The default domain's operator set version, which decides where some settings live
    /// (attributes before, inputs after: Split 13, Squeeze 13, ReduceMean 18, Clip 11, Slice 10).
    let opset: Int64
    /// Builders: 0 is the network's; the others are units of stacks being read.
    var scopes: [Scope] = []
    var values = ValueTable()
    var pieces: [Piece] = []
    /// Unplaced pieces by source value name, in order.
    var unplaced: [String: [Int]] = [:]
    var stacks: [PendingStack] = []
    /// Indices of the stacks still open, in order of opening.
    var openStacks: [Int] = []
    /// For every value name, the indices of the nodes that read it (graph outputs: `Int.max`).
    var consumers: [String: [Int]] = [:]
    /// Nodes already converted as part of a pattern started by an earlier node.
    var absorbed: Set<Int> = []
    /// The `Constant` node that makes each constant value, for patterns that look ahead.
    var constantProducers: [String: Int] = [:]
    /// Declared shapes (value_info, outputs) by value name.
    var declared: [String: ONNXValueInfo] = [:]
    /// The batch: static, bound by an option, or nil when symbolic and unbound.
    var batch: Int?
    /// The node being converted.
    var current = 0
    let paths: [NodePath]
    /// Opaque nodes by operator, in order of first appearance, and each operator's position.
    var opaque: [(name: String, nodes: [String])] = []
    var opaqueIndex: [String: Int] = [:]
    /// Whether this is a copy reading ahead for a pattern (`Importer+Attention`), which looks for
    /// no patterns of its own.
    var isTrial = false
    /// What the trials of the attention pattern have cost so far (`attentionTrialBudget`).
    var trialWork = 0

    struct Scope {
        var builder = GraphBuilder()
        /// The stack and unit it belongs to, nil for the network's own builder.
        var unit: (stack: Int, index: Int)?
        /// Value names bound here, to move when the scope is merged into its parent.
        var names: [String] = []
    }

    init(graph: ONNXGraph, opset: Int64, options: ONNXImportOptions) {
        self.graph = graph
        self.opset = opset
        self.options = options
        paths = NodeNames.paths(graph.nodes)
        scopes = [Scope()]
        for (index, node) in graph.nodes.enumerated() {
            for input in node.inputs where !input.isEmpty { consumers[input, default: []].append(index) }
            if node.opType == "Constant", let output = node.outputs.first { constantProducers[output] = index }
        }
        for output in graph.outputs { consumers[output.name, default: []].append(Int.max) }
        for info in graph.valueInfo + graph.outputs { declared[info.name] = info }
    }

    /// Reads the whole graph into a network.
    mutating func run(name: String) throws(ONNXError) -> (Network, [ONNXNote]) {
        try bindInitializersAndInputs()
        for index in graph.nodes.indices where !absorbed.contains(index) {
            current = index
            let node = graph.nodes[index]
            do throws(NodeFailure) {
                if node.attributes.contains(where: \.hasGraph) { throw NodeFailure.problem(.subgraph) }
                try OperatorTable.convert(&self, node)
            } catch {
                throw nodeError(error, node)
            }
        }
        current = graph.nodes.count
        var outputs: [(String, Activation)] = []
        do {
            try materializeOpenStacks()
            for output in graph.outputs {
                guard let value = values[output.name] else {
                    throw NodeFailure.problem(.unknownValue(output.name))
                }
                switch value {
                case .activation, .piece:
                    outputs.append((output.name, try activation(output.name)))
                case .constant, .weight:
                    throw ONNXError.constantOutput(output.name)
                }
            }
            try materializeOpenStacks()
            outputs = try outputs.map { ($0.0, try activation($0.0)) }
        } catch let error as ONNXError {
            throw error
        } catch let error as NodeFailure {
            throw nodeError(error, ONNXNode())
        } catch {
            throw .noOutput
        }
        guard !outputs.isEmpty else { throw .noOutput }
        for (name, output) in outputs { scopes[0].builder.output(output.node, name: name) }
        let built: Graph
        do { built = try scopes[0].builder.build() } catch { throw .graph(error, node: "") }
        return (Network(name: name, graph: built), notes())
    }

    func nodeError(_ error: NodeFailure, _ node: ONNXNode) -> ONNXError {
        let name = node.name.isEmpty ? "#\(current)" : node.name
        switch error {
        case .problem(let problem): return .node(name: name, opType: node.opType, problem: problem)
        case .graph(let graphError): return .graph(graphError, node: name)
        }
    }

    var node: ONNXNode { graph.nodes[current] }
    var path: NodePath { paths[current] }

    // MARK: Values

    /// The value bound to the node's `index`-th input.
    func input(_ index: Int) throws(NodeFailure) -> Value {
        guard index < node.inputs.count, !node.inputs[index].isEmpty else { throw .problem(.missingInput(index)) }
        return try value(node.inputs[index])
    }

    func hasInput(_ index: Int) -> Bool { index < node.inputs.count && !node.inputs[index].isEmpty }

    func value(_ name: String) throws(NodeFailure) -> Value {
        guard let value = values[name] else { throw .problem(.unknownValue(name)) }
        return value
    }

    /// The node's `index`-th input as data, placing a pending channel piece first.
    mutating func activation(at index: Int) throws(NodeFailure) -> Activation {
        guard hasInput(index) else { throw .problem(.missingInput(index)) }
        return try activation(node.inputs[index])
    }

    mutating func activation(_ name: String) throws(NodeFailure) -> Activation {
        switch try value(name) {
        case .activation(let activation): return activation
        case .piece(let index):
            try place(pieceGroupOf: index)
            return try activation(name)
        case .constant, .weight: throw .problem(.notActivation(name))
        }
    }

    /// Several inputs as data in one builder: when they are in different units of open stacks,
    /// those stacks are read as plain operations first.
    mutating func activations(_ names: [String]) throws(NodeFailure) -> [Activation] {
        var result: [Activation] = []
        for name in names { result.append(try activation(name)) }
        if Set(result.map(\.scope)).count > 1 {
            try materializeOpenStacks()
            result = []
            for name in names { result.append(try activation(name)) }
        }
        return result
    }

    /// The node's `index`-th input as known elements (a constant, or a weight with values).
    func constant(at index: Int) throws(NodeFailure) -> Constant {
        let value = try input(index)
        switch value {
        case .constant(let constant): return constant
        case .weight(let weight):
            if let values = weight.values { return values }
            throw .problem(.notConstant(node.inputs[index]))
        case .activation, .piece: throw .problem(.notConstant(node.inputs[index]))
        }
    }

    /// Known integers of an input; an unknown one is an error.
    func integers(at index: Int) throws(NodeFailure) -> [Int] {
        var result: [Int] = []
        for value in try constant(at: index).integers {
            guard let value else { throw .problem(.needsSymbol) }
            result.append(bounded(value))
        }
        return result
    }

    mutating func bind(_ index: Int, _ value: Value) {
        guard index < node.outputs.count, !node.outputs[index].isEmpty else { return }
        bind(node.outputs[index], value)
    }

    mutating func bind(_ name: String, _ value: Value) {
        values[name] = value
        if case .activation(let activation) = value, activation.scope != 0 { scopes[activation.scope].names.append(name) }
    }

    /// The IR shape of an activation.
    func shape(_ activation: Activation) -> TensorShape {
        scopes[activation.scope].builder.shape(of: activation.node)
    }

    /// The full ONNX dimensions of an activation, with the batch (1 when unbound: a caller that
    /// turns it into a value marks it unknown).
    func onnxDims(_ activation: Activation) -> [Int] {
        let dims = shape(activation).dimensions
        return activation.batchFirst ? [batch ?? 1] + dims : dims
    }

    // MARK: Emitting

    /// Adds an IR operation on data inputs (one builder) and binds output 0 to it.
    @discardableResult
    mutating func emit(_ operation: Operation, _ inputs: [Activation], output: Int = 0) throws(NodeFailure) -> Activation {
        let result = try add(.operation(operation), inputs)
        bind(output, .activation(result))
        return result
    }

    /// Adds a node to the builder of its inputs' scope.
    mutating func add(_ kind: NodeKind, _ inputs: [Activation], path: NodePath? = nil,
                      batchFirst: Bool = true) throws(NodeFailure) -> Activation {
        let scope = inputs.first?.scope ?? 0
        do {
            let id = try scopes[scope].builder.add(kind, inputs: inputs.map(\.node), path: path ?? self.path)
            return Activation(scope: scope, node: id, batchFirst: batchFirst)
        } catch {
            throw .graph(error)
        }
    }

    /// An operator tissue does not model: an opaque node over the data inputs, with the output
    /// shape given in ONNX dimensions (batch included when `batchFirst`), bound to `output`.
    @discardableResult
    mutating func emitOpaque(dims: [Int], batchFirst: Bool, output: Int = 0, name: String? = nil) throws(NodeFailure) -> Activation {
        var names: [String] = []
        for index in node.inputs.indices where hasInput(index) {
            switch try value(node.inputs[index]) {
            case .activation, .piece: names.append(node.inputs[index])
            case .constant, .weight: break
            }
        }
        let inputs = try activations(names)
        let opName = name ?? "ONNX " + (node.domain.isEmpty || node.domain == "ai.onnx" ? "" : node.domain + ".") + node.opType
        let perSample = batchFirst ? Array(dims.dropFirst()) : dims
        var outputPath = path
        if node.outputs.count > 1 { outputPath = path.appending("out\(output)") }
        let result = try add(.opaque(OpaqueOperation(name: opName, outputShape: TensorShape(perSample))), inputs,
                             path: outputPath, batchFirst: batchFirst)
        recordOpaque(opName)
        bind(output, .activation(result))
        return result
    }

    mutating func recordOpaque(_ name: String) {
        recordOpaque(name, label: node.name.isEmpty ? path.description : node.name)
    }

    /// Counts an opaque node of operator `name` made for the node called `label` (once per node).
    mutating func recordOpaque(_ name: String, label: String) {
        // A trial's findings are discarded; recording them would copy the lists.
        if isTrial { return }
        if let index = opaqueIndex[name] {
            if opaque[index].nodes.last != label { opaque[index].nodes.append(label) }
        } else {
            opaqueIndex[name] = opaque.count
            opaque.append((name, [label]))
        }
    }

    /// Whether a dimension list has the batch first: the ONNX rank exceeds 0 and its first
    /// dimension is the batch.
    func isBatchFirst(_ dims: [Int]) -> Bool {
        guard let first = dims.first else { return false }
        return first == (batch ?? 1)
    }

    /// The output's declared dimensions (value_info or graph output), with symbols bound.
    func declaredDims(_ output: Int) -> [Int]? {
        guard output < node.outputs.count, let shape = declared[node.outputs[output]]?.shape else { return nil }
        var dims: [Int] = []
        for (axis, dimension) in shape.enumerated() {
            switch dimension {
            case .value(let value): dims.append(bounded(value))
            case .symbol(let symbol):
                if axis == 0 { dims.append(batch ?? 1) }
                else if let bound = options.symbols[symbol] { dims.append(bound) }
                else { return nil }
            case .unknown: return nil
            }
        }
        return dims
    }

    /// The notes of the finished import: folded BatchNorm and operators not modelled.
    func notes() -> [ONNXNote] {
        var notes: [ONNXNote] = []
        if let folded = FoldedBatchNorm.detect(graph) {
            notes.append(.foldedBatchNorm(convolutions: folded.convolutions, evidence: folded.evidence, biases: folded.biases))
        }
        for entry in opaque {
            notes.append(.notModelled(operator: entry.name, count: entry.nodes.count, nodes: entry.nodes))
        }
        return notes
    }
}
