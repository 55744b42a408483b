import TissueIR
import TissueNumerics

/// Runs a graph on real numbers: allocates every node's weights, draws an input, executes the
/// nodes in topological order, and records per node the shape produced, the multiply-accumulates
/// executed, the parameters allocated and the elapsed time.
///
/// Memory: all weights, the activations still to be read (each tensor is freed right after its
/// last reader), and the context's one scratch buffer. A stacked layer runs unit by unit on copies
/// of its channel pieces and copies each unit's output into its own output as soon as it is done.
public struct Executor: Sendable {
    public var workers: Workers
    /// The GEMM inner kernel; nil chooses per product shape.
    public var microkernel: Microkernel?
    /// Compare every stacked layer with its dense counterpart (``StackCheck``).
    public var checksStacks: Bool
    /// Relative tolerance of those comparisons.
    public var tolerance: Double
    /// Weights and activations above this many bytes are refused (``ReferenceError/tooLarge``).
    public var memoryLimit: Int
    /// Told after each node of the network (not of its units) the fraction of the pass done, by
    /// the analytic MACs of the nodes run (each node counting at least one). No I/O here: the
    /// command line draws it.
    public var progress: (@Sendable (Double) -> Void)?

    public init(workers: Workers = .available, microkernel: Microkernel? = nil, checksStacks: Bool = true,
                tolerance: Double = 1e-4, memoryLimit: Int = 4 << 30) {
        self.workers = workers
        self.microkernel = microkernel
        self.checksStacks = checksStacks
        self.tolerance = tolerance
        self.memoryLimit = memoryLimit
    }

    /// Runs `graph` with weights and an input (uniform in [−1, 1]) drawn from `seed`.
    public func run(_ graph: Graph, seed: UInt64) throws(ReferenceError) -> Execution {
        try checkSize(graph)
        let weights = NetworkWeights(graph, seed: seed)
        var random = Xoshiro256(seed: seed, stream: "input")
        let input = Tensor(uniform: graph.inputShape, in: -1...1, using: &random)
        return run(graph, weights: weights, input: input)
    }

    /// Runs `graph` with the given weights on `input` (whose shape must be the graph's input shape).
    public func run(_ graph: Graph, weights: NetworkWeights, input: Tensor) -> Execution {
        let memory = MemoryTracker()
        // A context (and its scratch buffer) per pass, so that passes may run concurrently.
        let context = KernelContext(workers: workers, microkernel: microkernel)
        let start = MonotonicClock.seconds()
        memory.retain(input)
        let run = execute(graph, weights, input, memory, context, progress: progress.map { report in
            let work = Self.work(graph)
            let total = Double(max(work.reduce(0, +), 1))
            var done = 0
            return { index in
                done += work[index]
                report(Double(done) / total)
            }
        })
        let seconds = MonotonicClock.seconds() - start - run.checkTime
        let usage = MemoryUsage(weightBytes: weights.floatCount * MemoryLayout<Float>.stride,
                                peakActivationBytes: memory.peak, scratchBytes: context.scratch.peakBytes)
        return Execution(output: run.output, records: run.records, memory: usage, seconds: seconds)
    }

    /// Refuses graphs whose weights plus every activation would exceed ``memoryLimit``
    /// (a bound on the real peak, computed without allocating anything).
    func checkSize(_ graph: Graph) throws(ReferenceError) {
        if let name = Self.firstOpaque(graph) { throw .unsupported(name) }
        func floats(_ graph: Graph) throws(Checked.Overflow) -> Int {
            var total = 0
            for node in graph.nodes {
                total = try Checked.add(total, try Checked.product(node.outputShape.dimensions))
                let input = node.inputs.first.map { graph[$0].outputShape } ?? node.outputShape
                let inChannels = input.channels
                switch node.kind {
                case .input, .opaque:
                    break
                case .stack(let s):
                    for unit in s.units { total = try Checked.add(total, try floats(unit.graph)) }
                case .operation(let operation):
                    // Batch norm also holds two buffers per channel.
                    let buffers = operation == .batchNorm ? try Checked.multiply(2, inChannels) : 0
                    total = try Checked.add(total, try Checked.add(try operation.parameterCount(input: input), buffers))
                }
            }
            return total
        }
        let bytes = (try? floats(graph)).flatMap { $0.multipliedReportingOverflow(by: 4).overflow ? nil : $0 * 4 } ?? Int.max
        guard bytes <= memoryLimit else { throw .tooLarge(bytes: bytes, limit: memoryLimit) }
    }

    /// Each node's share of a pass for ``progress``: its analytic MACs (standard convention), at
    /// least 1, so that layers without MACs still move the bar.
    static func work(_ graph: Graph) -> [Int] {
        var work = [Int](repeating: 1, count: graph.nodes.count)
        guard let (layers, _) = try? Analysis.analyze(graph, convention: .standard) else { return work }
        var index = 0
        for node in graph.nodes {
            if case .input = node.kind { continue }
            work[node.id.index] = max(1, layers[index].cost.macs)
            index += 1
        }
        return work
    }

    /// The first operation, units included, that the IR does not model and so has no kernel.
    static func firstOpaque(_ graph: Graph) -> String? {
        for node in graph.nodes {
            switch node.kind {
            case .opaque(let operation): return operation.name
            case .stack(let stack):
                for unit in stack.units { if let name = firstOpaque(unit.graph) { return name } }
            case .input, .operation: continue
            }
        }
        return nil
    }

    /// One graph's run: its output (nil when it stopped), its records and the time spent in
    /// stack checks, which is not the network's own work.
    struct GraphRun {
        var output: Tensor?
        var records: [NodeRecord]
        var checkTime: Double
    }

    /// Executes one graph (the network, a unit, or a dense counterpart). `input` must already be
    /// retained in `memory`; it is released after its last reader, and the output is returned
    /// retained for the caller. A kernel whose output shape differs from the graph's ends the run
    /// with that node as the last record: later nodes were sized for the graph's shape.
    func execute(_ graph: Graph, _ weights: NetworkWeights, _ input: Tensor, _ memory: MemoryTracker,
                 _ context: KernelContext, progress: ((Int) -> Void)? = nil) -> GraphRun {
        var lastReader = [Int](repeating: -1, count: graph.nodes.count)
        for node in graph.nodes {
            for id in node.inputs { lastReader[id.index] = node.id.index }
        }
        lastReader[graph.output.index] = Int.max
        var values = [Tensor?](repeating: nil, count: graph.nodes.count)
        values[graph.input.index] = input
        var run = GraphRun(output: nil, records: [], checkTime: 0)
        for node in graph.nodes {
            if case .input = node.kind { continue }
            var inputs = node.inputs.map { id in
                guard let value = values[id.index] else { preconditionFailure("node \(id) read after it was freed") }
                return value
            }
            // Inputs read for the last time are dropped before the kernel runs, so that an
            // elementwise kernel can own its input's buffer and update it in place.
            let finished = Array(Set(node.inputs.filter { lastReader[$0.index] == node.id.index })).sorted()
            let releases = finished.compactMap { values[$0.index].flatMap(MemoryTracker.key) }
            var stackInput: Tensor?
            if case .stack = node.kind { stackInput = inputs[0] }
            for id in finished { values[id.index] = nil }
            let layer = weights.layers[node.id.index]
            let start = MonotonicClock.seconds()
            var units: [UnitRecord] = []
            var result: KernelOutput?
            switch node.kind {
            case .input:
                result = KernelOutput(inputs[0])
            case .opaque:
                preconditionFailure("run refuses graphs with operations it has no kernel for")
            case .stack(let stack):
                guard case .stack(let unitWeights) = layer else { preconditionFailure("stack without unit weights") }
                let stackRun = runStack(stack, unitWeights, inputs[0], memory, context)
                (result, units) = (stackRun.output, stackRun.units)
                run.checkTime += stackRun.checkTime
            case .operation(let operation):
                result = perform(operation, &inputs, layer, context)
            }
            inputs = []
            let seconds = MonotonicClock.seconds() - start
            var record = NodeRecord(path: node.path, kind: node.kind,
                                    inChannels: node.inputs.first.map { graph[$0].outputShape.channels } ?? 0,
                                    output: result?.tensor.shape ?? TensorShape([]),
                                    macs: result?.macs ?? units.reduce(0) { $0 + $1.records.reduce(0) { $0 + $1.macs } },
                                    parameters: layer.parameterCount, seconds: seconds, units: units, stackCheck: nil)
            guard let result, result.tensor.shape == node.outputShape else {
                run.records.append(record)
                return run
            }
            memory.retain(result.tensor)
            values[node.id.index] = result.tensor
            for key in releases { memory.release(key: key) }
            if checksStacks, let stackInput, case .stack(let stack) = node.kind, case .stack(let unitWeights) = layer {
                let checkStart = MonotonicClock.seconds()
                record.stackCheck = StackCheck(stack, weights: unitWeights, input: stackInput, output: result.tensor,
                                               executor: self, context: context)
                run.checkTime += MonotonicClock.seconds() - checkStart
            }
            run.records.append(record)
            progress?(node.id.index)
        }
        run.output = values[graph.output.index]
        return run
    }

    /// Split → units → concat, one unit at a time; each unit's output is appended to the stack's
    /// output as soon as the unit is done. Nil output when a unit stopped or unit outputs disagree
    /// in spatial size.
    private func runStack(_ stack: Stack, _ weights: [NetworkWeights], _ input: Tensor, _ memory: MemoryTracker,
                          _ context: KernelContext) -> (output: KernelOutput?, units: [UnitRecord], checkTime: Double) {
        let total = stack.units.reduce(0) { $0 + $1.graph.outputShape.dimensions.reduce(1, *) }
        memory.add(total * MemoryLayout<Float>.stride)
        defer { memory.remove(total * MemoryLayout<Float>.stride) }
        var storage: [Float] = []
        storage.reserveCapacity(total)
        var units: [UnitRecord] = []
        var offset = 0, macs = 0, checkTime = 0.0
        var shape: TensorShape?
        for (unit, unitWeights) in zip(stack.units, weights) {
            let piece = input.channels(offset, count: unit.width)
            offset += unit.width
            memory.retain(piece)
            let run = execute(unit.graph, unitWeights, piece, memory, context)
            checkTime += run.checkTime
            macs += run.records.reduce(0) { $0 + $1.macs }
            units.append(UnitRecord(name: unit.name, width: unit.width, records: run.records))
            guard let output = run.output else { return (nil, units, checkTime) }
            storage.append(contentsOf: output.storage)
            memory.release(output)
            let outputShape = output.shape
            if let known = shape, Array(known.dimensions.dropFirst()) != Array(outputShape.dimensions.dropFirst()) {
                return (nil, units, checkTime)
            }
            shape = (shape ?? outputShape).with(channels: (shape?.channels ?? 0) + outputShape.channels)
        }
        guard let shape else { return (KernelOutput(input), units, checkTime) }
        return (KernelOutput(Tensor(shape: shape, storage: storage), macs: macs), units, checkTime)
    }
}
