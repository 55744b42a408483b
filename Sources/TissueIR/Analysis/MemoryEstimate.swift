import TissueNumerics

/// A network's memory in bytes, at one precision (bits per stored number, ``Precision``) and
/// batch size: what it takes to store the weights, the least activation memory an inference needs,
/// and the training-time estimate torchinfo prints. See `docs/conventions.md`, "Memory".
public struct MemoryEstimate: Sendable, Equatable {
    public var precision: Precision
    public var batch: Int
    /// Every trainable parameter at the precision: `⌈params · bits / 8⌉`.
    public var parameterBytes: Int
    /// The input tensor of the whole batch.
    public var inputBytes: Int
    /// Inference: the most bytes of activations alive at once when the nodes run in graph order,
    /// the input included, each tensor freed after its last reader, element-wise activations,
    /// `dropout`, `droppath` and `flatten` writing over their input when nothing else reads it,
    /// and a stacked layer's units reading views of their channel slices.
    public var peakActivationBytes: Int
    /// The node whose output was being made at the peak (nil when the input alone is the peak).
    public var peakAt: NodePath?
    /// torchinfo 1.8's `ModelStatistics` for the same model, precision and batch.
    public var torchinfo: Torchinfo

    /// The byte fields of torchinfo's `ModelStatistics` (`summary(model, input_size=...)`), as
    /// `Tests/Fixtures/oracle/torchinfo.md` derives them from its source.
    public struct Torchinfo: Sendable, Equatable {
        /// `total_input`: the input's bytes plus the Python object that holds its storage.
        public var totalInput: Int
        /// `total_output_bytes`: twice ("for gradients") the output bytes of every call of a leaf
        /// module with parameters; the outputs of all other layers are not counted.
        public var totalOutputBytes: Int
        /// `total_param_bytes`: the parameters of the leaf modules that run (see
        /// ``Operation/isTorchinfoLeaf(form:)``).
        public var totalParamBytes: Int

        /// torchinfo's "Estimated Total Size": input + forward/backward pass + params.
        public var estimatedTotal: Int {
            totalInput &+ totalOutputBytes &+ totalParamBytes
        }

        /// `sys.getsizeof(tensor.untyped_storage())` − its bytes on CPython 3.11 (x86-64), which
        /// torchinfo adds to `total_input` (recorded by the oracle as `storage_overhead_bytes`).
        public static let storageObjectBytes = 64
    }

    /// Measures `network` for `batch` samples stored at `precision`. An overflowing size is an
    /// error naming the layer.
    public init(_ network: Network, precision: Precision = .float32, batch: Int = 1) throws(GraphError) {
        self.precision = precision
        self.batch = max(batch, 1)
        let graph = network.graph
        let tokenIDs = graph.inputs.filter { input in
            let readers = graph.consumers(of: input)
            return !readers.isEmpty && readers.allSatisfy { if case .embedding = graph[$0].operation { true } else { false } }
        }
        let planner = Planner(precision: precision, batch: self.batch, tokenIDs: Set(tokenIDs))
        let (peak, peakAt) = try planner.peak(of: graph, inputIsView: false)
        peakActivationBytes = peak
        self.peakAt = peakAt
        inputBytes = try planner.bytes(graph.inputs.map { graph[$0] })
        var sums = TorchinfoSums()
        try sums.add(graph, planner)
        do {
            parameterBytes = try precision.bytes(sums.params)
            torchinfo = Torchinfo(totalInput: try Checked.add(inputBytes, Torchinfo.storageObjectBytes),
                                  totalOutputBytes: try Checked.multiply(2, sums.outputBytes),
                                  totalParamBytes: try precision.bytes(sums.leafParams))
            _ = try Checked.add(try Checked.add(torchinfo.totalInput, torchinfo.totalOutputBytes), torchinfo.totalParamBytes)
        } catch {
            throw GraphError(.countOverflow, path: graph[graph.output].path, location: graph[graph.output].location)
        }
    }

    /// The sums torchinfo's totals are made of, over every node and every unit's layers.
    struct TorchinfoSums {
        var params = 0
        var leafParams = 0
        var outputBytes = 0

        mutating func add(_ graph: Graph, _ planner: Planner) throws(GraphError) {
            for node in graph.nodes {
                do {
                    switch node.kind {
                    case .input, .opaque:
                        break
                    case .stack(let stack):
                        for unit in stack.units { try add(unit.graph, planner.insideUnits) }
                    case .operation(let operation):
                        var count = 0
                        if let input = node.inputs.first { count = try operation.parameterCount(input: graph[input].outputShape) }
                        params = try Checked.add(params, count)
                        if operation.isTorchinfoLeaf(form: node.form), let input = node.inputs.first {
                            let own = try operation.torchinfoParameterCount(input: graph[input].outputShape)
                            leafParams = try Checked.add(leafParams, own)
                            // torchinfo adds the output bytes of leaf modules with parameters only.
                            if own > 0 {
                                let written = try Checked.multiply(operation.torchinfoLeafOutputs, try planner.bytes(node))
                                outputBytes = try Checked.add(outputBytes, written)
                            }
                        }
                    }
                } catch let error as GraphError {
                    throw error
                } catch {
                    throw GraphError(.countOverflow, path: node.path, location: node.location)
                }
            }
        }
    }

    /// Runs the graph in order, keeping a count of the bytes alive.
    struct Planner {
        var precision: Precision
        var batch: Int
        /// Inputs that hold token ids (every reader is an `embedding`): PyTorch keeps them as
        /// int64, whatever the precision of the numbers.
        var tokenIDs: Set<NodeID> = []

        /// The planner for the graphs of a stack's units, whose node IDs are their own.
        var insideUnits: Planner { Planner(precision: precision, batch: batch) }

        /// The bytes of a node's output for the whole batch.
        func bytes(_ node: Node) throws(GraphError) -> Int {
            do {
                let elements = try Checked.multiply(try Checked.product(node.outputShape.dimensions), batch)
                if tokenIDs.contains(node.id) { return try Checked.multiply(elements, 8) }
                return try precision.bytes(elements)
            } catch {
                throw GraphError(.countOverflow, path: node.path, location: node.location)
            }
        }

        func bytes(_ nodes: [Node]) throws(GraphError) -> Int {
            var total = 0
            for node in nodes {
                do { total = try Checked.add(total, try bytes(node)) } catch let error as GraphError { throw error } catch {
                    throw GraphError(.countOverflow, path: node.path, location: node.location)
                }
            }
            return total
        }

        /// The highest number of bytes alive while `graph` runs, and the node making its output
        /// then. The inputs are alive from the start unless they are views of a tensor someone
        /// else holds (a unit's channel slice), which cost nothing here.
        func peak(of graph: Graph, inputIsView: Bool) throws(GraphError) -> (Int, NodePath?) {
            let run = try self.run(graph, inputIsView: inputIsView)
            return (run.peak, run.peakAt)
        }

        /// The peak above what was alive before the graph started, where it happened, and the
        /// bytes still alive when it ends (its outputs).
        func run(_ graph: Graph, inputIsView: Bool) throws(GraphError) -> (peak: Int, peakAt: NodePath?, end: Int) {
            // Every node's output lives in a buffer; an in-place node shares its input's.
            var buffer = [Int](repeating: 0, count: graph.nodes.count)
            var size: [Int] = []
            var reads: [Int] = []
            var alive = 0, peak = 0
            var peakAt: NodePath?
            let outputs = Set(graph.outputs.map(\.node))

            func pending(_ id: NodeID) -> Int { graph.consumers(of: id).count + (outputs.contains(id) ? 1 : 0) }
            func allocate(_ bytes: Int, for id: NodeID) throws(GraphError) {
                buffer[id.index] = size.count
                size.append(bytes)
                reads.append(pending(id))
                alive = try sum(alive, bytes, graph[id])
            }
            func note(_ bytes: Int, at node: Node) {
                if bytes > peak { (peak, peakAt) = (bytes, node.path) }
            }
            func release(_ id: NodeID) {
                let b = buffer[id.index]
                reads[b] -= 1
                if reads[b] == 0 { alive -= size[b] }
            }

            for node in graph.nodes {
                switch node.kind {
                case .input:
                    try allocate(inputIsView ? 0 : try bytes(node), for: node.id)
                    if alive > peak { peak = alive }
                    continue
                case .operation(let operation)
                    where operation.writesOverItsInput && node.inputs.count == 1 && reads[buffer[node.inputs[0].index]] == 1:
                    // The only reader left: the result goes over the input, which this node reads up.
                    let b = buffer[node.inputs[0].index]
                    buffer[node.id.index] = b
                    reads[b] = pending(node.id)
                    if reads[b] == 0 { alive -= size[b] }
                    continue
                case .stack(let stack):
                    // Units run one after the other on views of the input; their outputs wait
                    // for the concatenation, which then frees them.
                    var held = 0
                    for unit in stack.units {
                        let run = try insideUnits.run(unit.graph, inputIsView: true)
                        note(try sum(try sum(alive, held, node), run.peak, node), at: node)
                        held = try sum(held, run.end, node)
                    }
                    try allocate(try bytes(node), for: node.id)
                    note(try sum(alive, held, node), at: node)
                case .operation, .opaque:
                    try allocate(try bytes(node), for: node.id)
                    note(alive, at: node)
                }
                for input in node.inputs { release(input) }
                if reads[buffer[node.id.index]] == 0 { alive -= size[buffer[node.id.index]] }
            }
            return (peak, peakAt, alive)
        }

        private func sum(_ a: Int, _ b: Int, _ node: Node) throws(GraphError) -> Int {
            do { return try Checked.add(a, b) } catch { throw GraphError(.countOverflow, path: node.path, location: node.location) }
        }
    }
}

extension Operation {
    /// Whether PyTorch's usual form of the operation can write its result over its input
    /// (`nn.ReLU(inplace=True)` and every other element-wise activation), or returns a view or
    /// the input itself (`flatten`; `dropout` and `droppath` at inference): then it needs no
    /// memory of its own when nothing else still reads the input.
    public var writesOverItsInput: Bool {
        switch self {
        case .activation, .dropout, .dropPath, .flatten, .tokens, .permute, .transpose, .selectToken: true
        case .convolution, .linear, .batchNorm, .softmax, .globalAveragePool, .pool, .channelShuffle, .add, .concat,
             .multiply, .layerScale, .layerNorm, .groupNorm, .adaptiveAveragePool, .mean, .classToken, .positionEmbedding,
             .embedding, .attention, .matmul, .patchMerging:
            false
        }
    }
}
