import TissueIR
import TissueNumerics

/// A layer's weight tensor laid out as the matrix that sparse formats, scales and low-rank
/// factors work on: one row per output channel (feature) and one column per weight feeding it.
///
/// - `linear` n → m: m × n.
/// - `conv` C → N, groups g, kh×kw: N × (C/g·kh·kw), the layout of `weight.reshape(N, -1)` in
///   PyTorch (a depthwise convolution is N × kh·kw).
///
/// ``positions`` is how many times each weight is used per sample (the output's H·W for a
/// convolution, 1 for a linear layer), so a zero weight saves that many multiply-accumulates.
public struct WeightMatrix: Sendable, Hashable {
    public var rows: Int
    public var columns: Int
    public var positions: Int

    public init(rows: Int, columns: Int, positions: Int) {
        self.rows = rows
        self.columns = columns
        self.positions = positions
    }

    /// `rows · columns`, the weights (biases are not in the matrix).
    public var weights: Int { rows * columns }

    /// The matrix of a node's operation on its input, or nil for an operation without weights.
    public init?(_ operation: Operation, input: TensorShape, output: TensorShape) throws(Checked.Overflow) {
        switch operation {
        case .convolution(let convolution):
            let c = try convolution.resolved(inChannels: input.channels)
            rows = c.outChannels
            columns = try Checked.product(c.inChannels / max(c.groups, 1), c.kernel.height, c.kernel.width)
            positions = try output.spatialElements()
        case .linear(let linear):
            // A tied projection's weights are the embedding's, stored (and compressed) there.
            guard !linear.tied else { return nil }
            rows = linear.outFeatures
            columns = input.channels
            positions = try input.spatialElements()
        case .attention(let attention):
            // The four D×D projections as one 4D×D matrix, applied at every token; the
            // relative position bias of Swin is a table, not a matrix, and stays dense.
            rows = try Checked.multiply(4, input.channels)
            columns = input.channels
            positions = try attention.geometry(on: input).tokens
        case .embedding(let embedding):
            // A table that is read, not multiplied: its bytes compress, no MACs.
            rows = embedding.vocabulary
            columns = embedding.width
            positions = 0
        case .batchNorm, .activation, .softmax, .dropout, .flatten, .globalAveragePool, .pool, .channelShuffle, .add,
             .concat, .multiply, .layerScale, .layerNorm, .groupNorm, .adaptiveAveragePool, .mean, .dropPath, .tokens,
             .permute, .transpose, .classToken, .positionEmbedding, .selectToken, .matmul, .patchMerging:
            return nil
        }
        _ = try Checked.multiply(rows, columns)
    }
}

extension Graph {
    /// Every operation node with its input's shape, in order, the layers of stacked units
    /// included (in place of the stack).
    func forEachLayer<E: Error>(_ body: (Node, Operation, TensorShape) throws(E) -> Void) throws(E) {
        for node in nodes {
            switch node.kind {
            case .input, .opaque:
                continue
            case .stack(let stack):
                for unit in stack.units { try unit.graph.forEachLayer(body) }
            case .operation(let operation):
                guard let input = node.inputs.first else { continue }
                try body(node, operation, self[input].outputShape)
            }
        }
    }

    /// The paths of the layers `selected` accepts, stacked units included.
    func layerPaths(_ selected: (Node, Operation, TensorShape) -> Bool) -> [NodePath] {
        var paths: [NodePath] = []
        forEachLayer { (node: Node, operation: Operation, input: TensorShape) in
            if selected(node, operation, input) { paths.append(node.path) }
        }
        return paths
    }

    /// Every node with a weight matrix, in stacked units too, with its path and matrix.
    public func weightLayers() throws(Checked.Overflow) -> [(path: NodePath, matrix: WeightMatrix)] {
        var result: [(path: NodePath, matrix: WeightMatrix)] = []
        try forEachLayer { (node: Node, operation: Operation, input: TensorShape) throws(Checked.Overflow) in
            if let matrix = try WeightMatrix(operation, input: input, output: node.outputShape) {
                result.append((node.path, matrix))
            }
        }
        return result
    }
}
