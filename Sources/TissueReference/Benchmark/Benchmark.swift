import TissueIR
import TissueNumerics
import TissueReports

/// Timings of repeated reference forward passes: one warm-up pass (weights touched, scratch grown,
/// the GEMM kernel chosen), then `runs` timed passes; per layer and in total the median.
public struct Benchmark: Sendable {
    public struct Layer: Sendable {
        public var path: NodePath
        public var summary: String
        public var output: TensorShape
        public var macs: Int
        /// Median seconds over the timed runs.
        public var seconds: Double

        /// `2·MACs / time`, in GFLOP/s (0 for layers without MACs).
        public var gigaflops: Double { seconds > 0 ? 2 * Double(macs) / seconds / 1e9 : 0 }
    }

    public var model: String
    public var input: TensorShape
    public var runs: Int
    public var workers: Int
    public var microkernel: String
    public var layers: [Layer]
    /// Median of the whole passes' times.
    public var seconds: Double
    public var macs: Int
    public var memory: MemoryUsage

    public var gigaflops: Double { seconds > 0 ? 2 * Double(macs) / seconds / 1e9 : 0 }

    /// Times `runs` passes of `network` (stacks are not compared with dense counterparts here).
    /// `progress` is told the fraction of all the passes done (the warm-up included).
    public init(_ network: Network, seed: UInt64, runs: Int, workers: Workers = .available,
                microkernel: Microkernel? = nil, progress: (@Sendable (Double) -> Void)? = nil) throws(ReferenceError) {
        var executor = Executor(workers: workers, microkernel: microkernel, checksStacks: false)
        let passes = Double(max(runs, 1) + 1)
        let pass = Counter()
        if let progress {
            executor.progress = { fraction in progress((Double(pass.value) + fraction) / passes) }
        }
        let graph = network.graph
        try executor.checkSize(graph)
        let weights = NetworkWeights(graph, seed: seed)
        var random = Xoshiro256(seed: seed, stream: "input")
        let input = Tensor(uniform: graph.inputShape, in: -1...1, using: &random)
        var last = executor.run(graph, weights: weights, input: input)
        var layerTimes = [[Double]](repeating: [], count: last.records.count)
        var totals: [Double] = []
        for _ in 0..<max(runs, 1) {
            pass.value += 1
            last = executor.run(graph, weights: weights, input: input)
            totals.append(last.seconds)
            for (i, record) in last.records.enumerated() where i < layerTimes.count { layerTimes[i].append(record.seconds) }
        }
        model = network.name
        self.input = graph.inputShape
        self.runs = max(runs, 1)
        self.workers = workers.count
        self.microkernel = microkernel.map { "\($0)" } ?? "per shape, fastest \(Microkernel.fastest)"
        layers = zip(last.records, layerTimes).map { record, times in
            Layer(path: record.path, summary: record.kind.summary(inChannels: record.inChannels), output: record.output, macs: record.macs,
                  seconds: Self.median(times))
        }
        seconds = Self.median(totals)
        macs = last.macs
        memory = last.memory
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Per-layer table: MACs, median milliseconds, GFLOP/s; the total as footer.
    public func table() -> Table {
        var table = Table(columns: [
            .init("path"), .init("op"), .init("output", .right), .init("MACs", .right), .init("ms", .right),
            .init("GFLOP/s", .right),
        ])
        for layer in layers {
            table.rows.append([layer.path.description, layer.summary, layer.output.description, NumberFormat.si(layer.macs),
                               NumberFormat.fixed(layer.seconds * 1000, decimals: 3),
                               layer.macs > 0 ? NumberFormat.fixed(layer.gigaflops, decimals: 1) : "-"])
        }
        table.footer = [["total", "", "", NumberFormat.si(macs), NumberFormat.fixed(seconds * 1000, decimals: 2),
                         NumberFormat.fixed(gigaflops, decimals: 1)]]
        return table
    }
}

/// A pass number the progress closure reads while the benchmark counts (one thread at a time).
final class Counter: @unchecked Sendable {
    var value = 0
}
