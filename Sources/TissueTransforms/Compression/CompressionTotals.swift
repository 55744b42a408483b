import TissueDiagnostics
import TissueIR
import TissueNumerics

/// The numbers of one row of the compression table: the dense counts of the (rewritten) network,
/// and what its weight storage makes of them.
///
/// - `nonzero` = params − the weights sparsity sets to zero;
/// - `effectiveMACs` = MACs − Σ zero weights × the positions each is used at (a zero weight saves
///   one multiply-accumulate per output position of its layer);
/// - `weightBytes` = Σ over layers of the weight matrix's bytes (``WeightStorage/bytes(_:base:)``)
///   plus the layer's other parameters (biases, normalisation) at the base precision, each
///   layer's rounded up to whole bytes;
/// - `activationBytes` = activations at the activation precision (the base one unless quantized).
public struct CompressionTotals: Sendable, Equatable {
    public var params: Int
    public var nonzero: Int
    public var macs: Int
    public var effectiveMACs: Int
    public var flops: Int
    public var activations: Int
    public var weightBytes: Int
    public var activationBytes: Int
    /// For the sparse layers: the density below which their formats beat dense storage (the
    /// index bits against the value bits they save), or nil when no layer is sparse.
    public var crossoverDensity: Double?

    public init(_ compressed: CompressedNetwork, convention: Convention, precision base: Precision) throws(Diagnostic) {
        let analysis: Analysis
        do { analysis = try Analysis(compressed.network, convention: convention) } catch { throw Diagnostic(error) }
        params = analysis.totals.params
        macs = analysis.totals.macs
        flops = analysis.totals.flops
        activations = analysis.totals.activations
        var accumulator = Accumulator(storage: compressed.storage, base: base)
        do {
            try accumulator.add(analysis.layers)
            activationBytes = try (compressed.activationPrecision ?? base).bytes(activations)
            nonzero = try Checked.subtract(params, accumulator.zeroWeights)
            effectiveMACs = try Checked.subtract(macs, accumulator.zeroMACs)
        } catch {
            throw Diagnostic(.countOverflow(path: compressed.network.name), at: nil)
        }
        weightBytes = accumulator.bytes
        crossoverDensity = accumulator.sparseDenseBits > 0
            ? (Double(accumulator.sparseDenseBits) - Double(accumulator.sparseFixedBits)) / Double(accumulator.sparseStoredBits)
            : nil
    }

    /// Sums over layers, stacked units included.
    struct Accumulator {
        let storage: [NodePath: WeightStorage]
        let base: Precision
        var zeroWeights = 0, zeroMACs = 0, bytes = 0
        /// Σ W·b, Σ fixed index bits and Σ W·(b + index bits per value) of the sparse layers.
        var sparseDenseBits = 0, sparseFixedBits = 0, sparseStoredBits = 0

        mutating func add(_ layers: [LayerCost]) throws(Checked.Overflow) {
            for layer in layers {
                guard layer.units.isEmpty else {
                    for unit in layer.units { try add(unit.layers) }
                    continue
                }
                guard case .operation(let operation) = layer.kind, let input = layer.input,
                      let matrix = try WeightMatrix(operation, input: input, output: layer.output) else {
                    bytes = try Checked.add(bytes, try base.bytes(layer.cost.params))
                    continue
                }
                let stored = storage[layer.path] ?? WeightStorage()
                let zero = matrix.weights - stored.nonzero(matrix)
                zeroWeights = try Checked.add(zeroWeights, zero)
                zeroMACs = try Checked.add(zeroMACs, try Checked.multiply(zero, matrix.positions))
                let others = try base.bytes(layer.cost.params - matrix.weights)
                bytes = try Checked.add(bytes, try Checked.add(try stored.bytes(matrix, base: base), others))
                if stored.sparsity != nil {
                    let bits = (stored.precision ?? base).bits
                    sparseDenseBits = try Checked.add(sparseDenseBits, try Checked.multiply(matrix.weights, bits))
                    sparseFixedBits = try Checked.add(sparseFixedBits,
                                                      try stored.format.fixedIndexBits(matrix, indexBits: stored.indexBits))
                    let perValue = bits + stored.format.perValueIndexBits(indexBits: stored.indexBits)
                    sparseStoredBits = try Checked.add(sparseStoredBits, try Checked.multiply(matrix.weights, perValue))
                }
            }
        }
    }
}
